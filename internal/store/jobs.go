package store

import (
	"context"
	"time"

	"koto/internal/apperr"
)

// Jobs returns the jobs table as a jobs.Store.
func (db *DB) Jobs() JobStore { return JobStore{db} }

// JobStore claims rows of the jobs table with leases.
type JobStore struct{ db *DB }

// Claim takes the lease of a job that is free and due (see jobs.Store).
// The conditional UPDATE is atomic on both engines: on PostgreSQL a
// concurrent claimer waits for the row lock and then finds the lease taken.
func (s JobStore) Claim(ctx context.Context, name, holder string, every, lease time.Duration) (bool, error) {
	var claimed bool
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO jobs (name) VALUES (?) ON CONFLICT (name) DO NOTHING`, name); err != nil {
			return apperr.Wrap(err, "create job row")
		}
		now := tx.Now()
		res, err := tx.exec(`UPDATE jobs SET leased_until = ?, leased_by = ?
			WHERE name = ? AND (leased_until IS NULL OR leased_until < ?) AND (last_run_at IS NULL OR last_run_at <= ?)`,
			now.Add(lease), holder, name, now, now.Add(-every))
		if err != nil {
			return apperr.Wrap(err, "claim job")
		}
		n, err := res.RowsAffected()
		claimed = n == 1
		return apperr.Wrap(err, "claim job")
	})
	return claimed, err
}

// Finish records a run and releases the lease if holder still has it.
func (s JobStore) Finish(ctx context.Context, name, holder, result string) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE jobs SET leased_until = NULL, leased_by = NULL, last_run_at = ?, last_result = ?
			WHERE name = ? AND leased_by = ?`, tx.Now(), result, name, holder)
		return apperr.Wrap(err, "finish job")
	})
}
