package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
	if t.laterErr != nil {
		return t.laterErr // the connection is closed on release: aborted
	}
	var tag pgconn.CommandTag
	err = onPG(conn, func(c *pgx.Conn) error {
		tag, err = sendBatch(ctx, c, t.later, "COMMIT")
		return err
	})
	if err == nil && tag.String() != "COMMIT" {
		// A transaction with a failed statement "commits" as ROLLBACK.
		err = pgx.ErrTxCommitRollback
	}
	return apperr.Wrap(err, "commit transaction")
}

// laterStmt is a statement of Tx.later, its placeholders already $n.
type laterStmt struct {
	query string
	args  []any
}

// execLater runs a statement whose result nobody reads, such as an
// access-log entry. On PostgreSQL it is sent together with the
// transaction's next statement or its COMMIT, in one round trip instead of
// two; an error surfaces there, and the transaction fails as a whole.
func (t *Tx) execLater(query string, args ...any) error {
	if t.db.dialect != postgres {
		_, err := t.exec(query, args...)
		return err
	}
	t.later = append(t.later, laterStmt{t.db.dialect.rebind(query), args})
	return nil
}

// flushLater sends the statements held by execLater before another
// statement runs, so statements always run in the order they were made.
func (t *Tx) flushLater() error {
	if len(t.later) == 0 || t.laterErr != nil {
		return t.laterErr
	}
	later := t.later
	t.later = nil
	t.laterErr = onPG(t.tx.(*sql.Conn), func(c *pgx.Conn) error {
		_, err := sendBatch(t.ctx, c, later, "")
		return err
	})
	t.laterErr = apperr.Wrap(t.laterErr, "run held statements")
	return t.laterErr
}

// sendBatch sends stmts and then last (when not "") in one round trip and
// returns the command tag of the last statement sent. After an error
// PostgreSQL skips the rest and leaves the transaction aborted.
func sendBatch(ctx context.Context, c *pgx.Conn, stmts []laterStmt, last string) (pgconn.CommandTag, error) {
	b := &pgx.Batch{}
	for _, s := range stmts {
		b.Queue(s.query, s.args...)
	}
	if last != "" {
		b.Queue(last)
	}
	br := c.SendBatch(ctx, b)
	var tag pgconn.CommandTag
	var err error
	for range b.Len() {
		if tag, err = br.Exec(); err != nil {
			break
		}
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag, err
}

// pgBegin is the BEGIN and scope of a transaction. The values are
// literals, since the simple protocol has no parameters; an organisation
// id is a Koto id (NewID) and anything else is refused.
func pgBegin(scope string) (string, error) {
	if scope == scopeOwner {
		return "BEGIN", nil
	}
	if scope == scopeMaintenance {
		// The owner role (no switch to koto_app), with row-level security
		// in system scope: erasure (ADR 36).
		return `BEGIN; SELECT set_config('koto.scope', 'system', true)`, nil
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
