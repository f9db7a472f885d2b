package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"koto/internal/apperr"
)

//go:embed migrations
var migrationFiles embed.FS

// migrations returns the engine's migration file names in order.
func migrations(engine string) ([]string, error) {
	names, err := fs.Glob(migrationFiles, "migrations/"+engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

// migrate applies pending forward-only migrations, each in its own
// transaction. Several servers starting at once are safe: on PostgreSQL an
// advisory lock serialises them; on SQLite the immediate transaction does.
func (db *DB) migrate(ctx context.Context) error {
	files, err := migrations(db.dialect.name)
	if err != nil {
		return err
	}
	// A fully migrated database needs no DDL rights at all, so a deployment
	// may run the servers as a non-owner login role after migrating once
	// with the owner (docs/operations.md).
	if applied, err := db.AppliedMigrations(ctx); err == nil && len(applied) == len(files) {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	for _, f := range files {
		version := strings.TrimSuffix(f[strings.LastIndex(f, "/")+1:], ".sql")
		body, err := migrationFiles.ReadFile(f)
		if err != nil {
			return err
		}
		err = db.inTx(ctx, scopeOwner, func(tx *Tx) error {
			if db.dialect == postgres {
				if _, err := tx.exec(`SELECT pg_advisory_xact_lock(7411)`); err != nil {
					return err
				}
			}
			var n int
			if err := tx.queryRow(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("apply: %w", err)
			}
			_, err := tx.exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, tx.now.Format("2006-01-02T15:04:05Z"))
			return err
		})
		if err != nil {
			return apperr.Wrap(err, "store: migration %s", version)
		}
	}
	return nil
}

// Migrate applies pending migrations (Open already does; the `koto migrate`
// command calls this to report).
func (db *DB) Migrate(ctx context.Context) error { return db.migrate(ctx) }

// AppliedMigrations lists applied migration versions.
func (db *DB) AppliedMigrations(ctx context.Context) ([]string, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
