package store

import (
	"context"
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// gated is the store as gate.Store[T] for a capability whose transaction
// interface T *Tx implements: one implementation for every capability.
// Each capability's wiring asserts at compile time that *Tx is a T (see
// clients.go), so the conversion in WithTx cannot fail.
type gated[T gate.Tx] struct{ db *DB }

// Gate returns the store as the gate's store for transaction type T.
// Transports use Gate[gate.Tx] to log refusals at their routes.
func Gate[T gate.Tx](db *DB) gate.Store[T] { return gated[T]{db} }

func (g gated[T]) WithTx(ctx context.Context, orgID string, fn func(T) error) error {
	return g.db.InOrgTx(ctx, orgID, func(tx *Tx) error { return fn(any(tx).(T)) })
}

// LogAtHolder appends e to the log of the organisation holding clientID
// when that is not e's organisation. It runs in system scope, because the
// actor's organisation may not see the client; nothing about the client
// leaves this function.
func (g gated[T]) LogAtHolder(ctx context.Context, clientID string, e *audit.Entry) error {
	return g.db.InTx(ctx, func(tx *Tx) error {
		var holder string
		err := tx.queryRow(`SELECT org_id FROM clients WHERE id = ?`, clientID).Scan(&holder)
		if err == sql.ErrNoRows || (err == nil && holder == e.OrgID) {
			return nil
		}
		if err != nil {
			return apperr.Wrap(err, "client holder")
		}
		e.Chain = holder
		return tx.AppendAudit(e)
	})
}
