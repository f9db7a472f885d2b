package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
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

// dataMigrations are Go steps that a migration needs besides its SQL,
// which cannot encrypt: each runs right after the SQL file of the same
// name, in its transaction, so a migration is applied whole or not at all
// and a failed one runs again, whole, at the next start.
var dataMigrations = map[string]func(*Tx) error{
	"0010_personal_data_sealed": sealPersonalData,
}

// migrate applies pending forward-only migrations, each in its own
// transaction, with its Go step (dataMigrations) if it has one. Several
// servers starting at once are safe: on PostgreSQL an advisory lock
// serialises them; on SQLite the immediate transaction does. last, when
// not empty, is the last migration to apply (tests of a Go step start from
// the database before it).
func (db *DB) migrate(ctx context.Context, last string) error {
	files, err := migrations(db.dialect.name)
	if err != nil {
		return err
	}
	if last != "" {
		i := slices.IndexFunc(files, func(f string) bool { return strings.HasSuffix(f, "/"+last+".sql") })
		if i < 0 {
			return fmt.Errorf("store: no migration %s", last)
		}
		files = files[:i+1]
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
			if step := dataMigrations[version]; step != nil {
				if err := step(tx); err != nil {
					return fmt.Errorf("apply data step: %w", err)
				}
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
func (db *DB) Migrate(ctx context.Context) error { return db.migrate(ctx, "") }

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
