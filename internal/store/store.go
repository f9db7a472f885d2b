// Package store is Koto's one persistence layer, over database/sql, for
// SQLite (embedded default, pure-Go driver) and PostgreSQL (pgx) in
// production. Queries are hand-written with explicit scans and always scoped
// by organisation; the few places where the engines differ live in
// dialect.go. The store seals personal data with the client's key and keeps
// keyed indexes of it (ADR 13), so no caller ever writes a HETU, a name, a
// birth date or a contact detail in plain text.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/crypto"
)

// Config says which database to open.
type Config struct {
	// URL selects PostgreSQL when it starts with postgres:// or
	// postgresql://; otherwise the SQLite file DataDir/koto.db is used.
	URL     string
	DataDir string
	Ring    *crypto.MasterRing
	// Clock returns the current time; tests set it. Default time.Now.
	Clock func() time.Time
	// MaxConns bounds the connection pool (PostgreSQL; SQLite readers).
	MaxConns int
	// ReadOnly opens for reading only (`koto audit verify`): no migrations
	// are applied — Open fails if any is pending — and no statistics
	// refreshed.
	ReadOnly bool

	migrateTo string // last migration to apply; "" = all (tests)
}

// DB is an open store.
type DB struct {
	dialect   dialect
	write     *sql.DB // read-write transactions
	read      *sql.DB // reads outside transactions (the same pool on PostgreSQL)
	ring      *crypto.MasterRing
	audit     *crypto.AuditKeys // derived from ring (audit.go)
	keys      *keyCache
	stmts     *stmtCache // writer's; nil on PostgreSQL
	group     *committer // SQLite's writer; nil on PostgreSQL
	readStmts *stmtCache // read pool's; nil on PostgreSQL
	clock     func() time.Time
	// noDue: the schema predates client_due (tests of old migrations,
	// OpenMigratedTo), so writes mark nothing.
	noDue bool
}

// IsPostgres reports whether url selects PostgreSQL.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to the database and applies pending migrations.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.Ring == nil {
		return nil, fmt.Errorf("store: key ring is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 16
	}
	db := &DB{ring: cfg.Ring, audit: cfg.Ring.AuditKeys(), keys: newKeyCache(), clock: cfg.Clock}
	var err error
	if IsPostgres(cfg.URL) {
		db.dialect = postgres
		db.write, err = sql.Open("pgx", cfg.URL)
		if err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(cfg.MaxConns)
		db.write.SetMaxIdleConns(cfg.MaxConns)
		db.read = db.write
	} else {
		db.dialect = sqlite
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("store: create data directory: %w", err)
		}
		path := filepath.Join(cfg.DataDir, "koto.db")
		if err := privateFiles(path); err != nil {
			return nil, err
		}
		// One writer connection: SQLite has one writer at a time anyway, and
		// queueing in Go is cheaper than SQLite's busy-wait. BEGIN IMMEDIATE
		// takes the write lock up front so transactions never deadlock on
		// lock upgrade; the busy timeout covers other processes (the CLI).
		db.write, err = sql.Open("sqlite", SQLiteDSN(path, true))
		if err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxLifetime(0)
		db.stmts = newStmtCache()
		db.readStmts = newStmtCache()
		db.read, err = sql.Open("sqlite", SQLiteDSN(path, false))
		if err != nil {
			return nil, err
		}
		db.read.SetMaxOpenConns(cfg.MaxConns)
		db.read.SetMaxIdleConns(cfg.MaxConns)
		db.group = newCommitter(db)
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if cfg.ReadOnly {
		if err := db.checkMigrated(ctx); err != nil {
			db.Close()
			return nil, err
		}
		return db, nil
	}
	db.noDue = cfg.migrateTo != "" && cfg.migrateTo < "0026"
	if err := db.migrate(ctx, cfg.migrateTo); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.Optimize(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// checkMigrated fails unless every migration has been applied: a store
// opened read-only would not understand an older schema.
func (db *DB) checkMigrated(ctx context.Context) error {
	files, err := migrations(db.dialect.name)
	if err != nil {
		return err
	}
	applied, err := db.AppliedMigrations(ctx)
	if err != nil || len(applied) != len(files) {
		return fmt.Errorf("store: the database schema is not current (run koto migrate): %d of %d migrations applied", len(applied), len(files))
	}
	return nil
}

// privateFiles makes the SQLite database at path readable by its owner
// only: a new database is created 0600 before SQLite opens it, and SQLite
// creates its -wal and -shm files with the database file's mode. Files of
// an existing database that others may read are narrowed to 0600. (The
// data directory is created 0700.)
func privateFiles(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("store: create database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: database file: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			if err := os.Chmod(p, 0o600); err != nil {
				return fmt.Errorf("store: restrict database file: %w", err)
			}
		}
	}
	return nil
}

// Optimize refreshes the SQLite query planner's statistics. Without them
// SQLite may walk a whole organisation by name index where a primary-key
// lookup was meant; PostgreSQL's autovacuum keeps its own. Cheap when the
// statistics are current; call it after bulk loads.
//
// Only the per-index row estimates (sqlite_stat1) are kept. The driver's
// SQLite is built with STAT4, whose samples make SQLite plan a prepared
// statement again — parse it anew — whenever the value bound to an
// indexed equality changes, to estimate with that value: that was half
// the CPU of a card open, and Koto's queries gain nothing from it.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != sqlite {
		return nil
	}
	var n int
	err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'`).Scan(&n)
	if err == nil && n == 1 {
		err = db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'client_search_keys'`).Scan(&n)
	}
	if err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	stmt := `PRAGMA optimize=0x10002`
	if n == 0 {
		stmt = `ANALYZE`
	}
	if _, err := db.write.ExecContext(ctx, stmt); err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil {
		return fmt.Errorf("store: optimize: %w", err)
	}
	if n == 0 {
		return nil
	}
	// ANALYZE sqlite_schema reloads the statistics, now without samples.
	for _, stmt := range []string{`DELETE FROM sqlite_stat4`, `ANALYZE sqlite_schema`} {
		if _, err := db.write.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("store: optimize: %w", err)
		}
	}
	return nil
}

// bulkTables are the tables a bulk load of clients fills.
var bulkTables = []string{"clients", "client_keys", "client_search_keys", "permits", "client_assignments", "audit_entries"}

// AfterBulkLoad prepares the database for queries after many rows were
// added at once (demo data, later the legacy import). On SQLite it is
// Optimize. On PostgreSQL it vacuums and analyses the loaded tables, which
// autovacuum would do only some time later: until then the planner
// guesses, and the visibility map is unset, so a name search reads every
// matched key row from the table instead of from the index alone (one page
// per row: ~75 ms instead of ~1 ms for a common name on a cold register).
func (db *DB) AfterBulkLoad(ctx context.Context) error {
	if db.dialect != postgres {
		return db.Optimize(ctx)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM (ANALYZE) `+strings.Join(bulkTables, ", ")); err != nil {
		return fmt.Errorf("store: vacuum after bulk load: %w", err)
	}
	return nil
}

// ConfigWarnings names settings of the database that make Koto slow or
// unsafe to run on, for the server to print at start-up.
func (db *DB) ConfigWarnings(ctx context.Context) ([]string, error) {
	if db.dialect != postgres {
		return nil, nil
	}
	var autovacuum string
	if err := db.write.QueryRowContext(ctx, `SHOW autovacuum`).Scan(&autovacuum); err != nil {
		return nil, fmt.Errorf("store: read settings: %w", err)
	}
	if autovacuum != "on" {
		return []string{"PostgreSQL autovacuum is off: planner statistics and visibility maps go stale as the register grows, and searches and card reads slow down (docs/operations.md)"}, nil
	}
	return nil, nil
}

// Close releases the connection pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name }

// SQL exposes the write pool for tools that need raw access (the audit
// verifier, tests, the baseline benchmark).
func (db *DB) SQL() *sql.DB { return db.write }

// Tx is one transaction: read-write, or read-only from inReadTx. Its time
// is fixed when it begins, so every row and log entry it writes carries
// the same timestamp.
type Tx struct {
	db    *DB
	tx    runner
	ctx   context.Context
	stmts *stmtCache // prepared statements of the pool tx runs on; nil on PostgreSQL
	now   time.Time
	// later holds statements whose results nobody reads (access-log
	// entries), sent on PostgreSQL with the next statement or the COMMIT.
	later    []laterStmt
	laterErr error
}

// Now is the transaction's time (UTC, microsecond precision).
func (t *Tx) Now() time.Time { return t.now }

// InTx runs fn in a system transaction (identity, administration, audit),
// committing when fn returns nil. On PostgreSQL it runs as the application
// role with row-level security in system scope.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return db.inTx(ctx, scopeSystem, fn)
}

// InOrgTx runs fn in a transaction that, on PostgreSQL, row-level security
// confines to the rows of one organisation: a query that forgot its
// organisation condition still sees nothing else.
func (db *DB) InOrgTx(ctx context.Context, orgID string, fn func(tx *Tx) error) error {
	if orgID == "" {
		return db.inTx(ctx, scopeSystem, fn)
	}
	return db.inTx(ctx, orgID, fn)
}

const (
	scopeSystem = "\x00system"
	scopeOwner  = "\x00owner" // migrations only: no role switch
	// scopeMaintenance: the owner role in system scope; erasure only (ADR 36).
	scopeMaintenance = "\x00maintenance"
)

func (db *DB) inTx(ctx context.Context, scope string, fn func(tx *Tx) error) error {
	if db.group != nil {
		return db.group.run(ctx, fn)
	}
	if db.dialect == postgres {
		return db.pgInTx(ctx, scope, fn)
	}
	sqltx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	t := &Tx{db: db, tx: sqltx, ctx: ctx, stmts: db.stmts, now: db.clock().UTC().Truncate(time.Microsecond)}
	if err := fn(t); err != nil {
		_ = sqltx.Rollback()
		return err
	}
	if err := sqltx.Commit(); err != nil {
		return apperr.Wrap(err, "commit transaction")
	}
	return nil
}

// inReadTx runs fn in a transaction that only reads. On SQLite it runs on
// the read pool, beside the one writer instead of in its queue: a
// consistent snapshot, on connections that refuse every write
// (query_only). On PostgreSQL, which has no single writer, it is an
// ordinary transaction in orgID's scope. A read here discloses nothing by
// itself: what leaves the store for a user is read again in the
// transaction that writes its access-log entry (ADR 11).
func (db *DB) inReadTx(ctx context.Context, orgID string, fn func(tx *Tx) error) error {
	if db.dialect == postgres {
		return db.InOrgTx(ctx, orgID, fn)
	}
	sqltx, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return apperr.Wrap(err, "begin read transaction")
	}
	t := &Tx{db: db, tx: sqltx, ctx: ctx, stmts: db.readStmts, now: db.clock().UTC().Truncate(time.Microsecond)}
	err = fn(t)
	_ = sqltx.Rollback() // nothing to commit
	// Statements first seen inside the transaction are prepared now that
	// it holds no connection (see stmtCache).
	db.readStmts.prepareWanted(ctx, db.read)
	return err
}

func (t *Tx) exec(query string, args ...any) (sql.Result, error) {
	if err := t.flushLater(); err != nil {
		return nil, err
	}
	t.db.dialect.normalize(args)
	if st := t.prepared(query); st != nil {
		return st.ExecContext(t.ctx, args...)
	}
	return t.tx.ExecContext(t.ctx, t.db.dialect.rebind(query), args...)
}

func (t *Tx) query(query string, args ...any) (*sql.Rows, error) {
	if err := t.flushLater(); err != nil {
		return nil, err
	}
	t.db.dialect.normalize(args)
	if st := t.prepared(query); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, t.db.dialect.rebind(query), args...)
}

func (t *Tx) queryRow(query string, args ...any) *sql.Row {
	// A failed flush leaves the transaction aborted: the query fails too,
	// and the commit reports the cause.
	_ = t.flushLater()
	t.db.dialect.normalize(args)
	if st := t.prepared(query); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, t.db.dialect.rebind(query), args...)
}

// prepared returns the transaction's handle on a cached prepared statement
// (SQLite only: preparing is a large part of a short statement's cost there,
// while pgx already caches statements per connection). It returns nil when
// the statement cannot be cached, and the caller runs the query directly.
func (t *Tx) prepared(query string) *sql.Stmt {
	if t.stmts == nil {
		return nil
	}
	st := t.stmts.get(query)
	if st == nil {
		return nil
	}
	return t.tx.(*sql.Tx).StmtContext(t.ctx, st) // SQLite transactions are *sql.Tx
}

// readRow runs a one-row query on the read pool outside any transaction,
// through a prepared statement on SQLite (see stmtCache).
func (db *DB) readRow(ctx context.Context, query string, args ...any) *sql.Row {
	db.dialect.normalize(args)
	if db.readStmts != nil {
		st := db.readStmts.get(query)
		if st == nil {
			db.readStmts.prepareWanted(ctx, db.read)
			st = db.readStmts.get(query)
		}
		if st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return db.read.QueryRowContext(ctx, db.dialect.rebind(query), args...)
}

// NewID returns a random 128-bit identifier in lower-case base32 (26
// characters). Identifiers carry no meaning: never a HETU, never a counter.
func NewID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return strings.ToLower(idEncoding.EncodeToString(b))
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewOrderedID returns a random identifier that sorts by time: 48 bits of
// Unix milliseconds, then 80 random bits, in lower-case base32hex (whose
// alphabet is in ASCII order; 26 characters). Access-log entries get these
// so that new entries go to the end of the primary-key index instead of a
// random page of it: a group commit of many entries then writes one index
// page, not one per entry.
func NewOrderedID(at time.Time) string {
	var b [16]byte
	ms := uint64(at.UnixMilli())
	for i := 0; i < 6; i++ {
		b[i] = byte(ms >> (40 - 8*i))
	}
	if _, err := rand.Read(b[6:]); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return strings.ToLower(orderedEncoding.EncodeToString(b[:]))
}

var orderedEncoding = base32.HexEncoding.WithPadding(base32.NoPadding)

// notFound maps sql.ErrNoRows to apperr.NotFound.
func notFound(err error, what string) error {
	if err == sql.ErrNoRows {
		return apperr.ErrNotFound()
	}
	return apperr.Wrap(err, "%s", what)
}
