package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"koto/internal/apperr"
)

// runner runs a transaction's statements: a *sql.Tx, or on PostgreSQL the
// *sql.Conn that holds the transaction (pgInTx).
type runner interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// pgInTx runs fn in a PostgreSQL transaction on one pooled connection.
// The transaction begins and takes its row-level-security scope (role
// koto_app, organisation, scope; ADR 8) in one round trip: BEGIN and the
// set_config in one simple-protocol message. database/sql's BeginTx would
// send BEGIN alone and the scope as a second statement — one round trip
// more for every request, a tenth of a card open's cost.
//
// A connection goes back to the pool only when PostgreSQL reports it idle,
// outside any transaction; otherwise (a failed COMMIT or ROLLBACK, a
// panic, a cancelled statement) it is closed, so no transaction or scope
// ever carries over to the next request.
func (db *DB) pgInTx(ctx context.Context, scope string, fn func(tx *Tx) error) error {
	begin, err := pgBegin(scope)
	if err != nil {
		return err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	defer releasePG(conn)
	if err := onPG(conn, func(c *pgx.Conn) error { return c.PgConn().Exec(ctx, begin).Close() }); err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	t := &Tx{db: db, tx: conn, ctx: ctx, now: db.clock().UTC().Truncate(time.Microsecond)}
	if err := fn(t); err != nil {
		_ = onPG(conn, func(c *pgx.Conn) error {
			_, err := c.Exec(context.WithoutCancel(ctx), "ROLLBACK")
			return err
		})
		return err
	}
	err = onPG(conn, func(c *pgx.Conn) error {
		tag, err := c.Exec(ctx, "COMMIT")
		if err == nil && tag.String() != "COMMIT" {
			// A transaction with a failed statement "commits" as ROLLBACK.
			err = pgx.ErrTxCommitRollback
		}
		return err
	})
	return apperr.Wrap(err, "commit transaction")
}

// pgBegin is the BEGIN and scope of a transaction. The values are
// literals, since the simple protocol has no parameters; an organisation
// id is a Koto id (NewID) and anything else is refused.
func pgBegin(scope string) (string, error) {
	if scope == scopeOwner {
		return "BEGIN", nil
	}
	org, sc := scope, "org"
	if scope == scopeSystem {
		org, sc = "", "system"
	}
	for _, r := range org {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9') {
			return "", apperr.Wrap(errors.New("not a Koto id"), "scope transaction to organisation %q", org)
		}
	}
	return fmt.Sprintf(`BEGIN; SELECT set_config('role', 'koto_app', true), set_config('koto.org_id', '%s', true), `+
		`set_config('koto.scope', '%s', true)`, org, sc), nil
}

// onPG runs f on the pgx connection under conn.
func onPG(conn *sql.Conn, f func(*pgx.Conn) error) error {
	return conn.Raw(func(dc any) error { return f(dc.(*stdlib.Conn).Conn()) })
}

// releasePG returns conn to the pool if it is idle outside a transaction
// and closes it otherwise.
func releasePG(conn *sql.Conn) {
	_ = onPG(conn, func(c *pgx.Conn) error {
		if c.PgConn().TxStatus() != 'I' {
			return driver.ErrBadConn // database/sql closes the connection
		}
		return nil
	})
	_ = conn.Close()
}
