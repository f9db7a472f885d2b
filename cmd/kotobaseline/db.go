package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"koto/internal/store"
)

// db is Koto's database opened the way Koto opens it: on SQLite one
// writer connection taking the write lock at BEGIN and a pool of
// query-only readers; on PostgreSQL one pool for both.
type db struct {
	engine      string
	write, read *sql.DB
	dollar      bool // PostgreSQL placeholders
	target      string
}

func openDB(ctx context.Context, dataDir, databaseURL string, maxConns int) (*db, error) {
	d := &db{}
	var err error
	if strings.HasPrefix(databaseURL, "postgres://") || strings.HasPrefix(databaseURL, "postgresql://") {
		d.engine, d.dollar = "postgres", true
		if d.write, err = sql.Open("pgx", databaseURL); err != nil {
			return nil, err
		}
		d.write.SetMaxOpenConns(maxConns)
		d.write.SetMaxIdleConns(maxConns)
		d.read = d.write
		u, _ := url.Parse(databaseURL)
		d.target = "postgres " + u.Host + u.Path // never the password
	} else {
		d.engine = "sqlite"
		path := filepath.Join(dataDir, "koto.db")
		// Opening a missing file would create an empty database.
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("no Koto database: %w", err)
		}
		if d.write, err = sql.Open("sqlite", store.SQLiteDSN(path, true)); err != nil {
			return nil, err
		}
		d.write.SetMaxOpenConns(1)
		if d.read, err = sql.Open("sqlite", store.SQLiteDSN(path, false)); err != nil {
			return nil, err
		}
		d.read.SetMaxOpenConns(maxConns)
		d.read.SetMaxIdleConns(maxConns)
		d.target = "sqlite " + path
	}
	// A missing SQLite file would be created empty; the clients table
	// tells that this is a Koto database.
	var n int
	if err := d.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM clients`).Scan(&n); err != nil {
		d.close()
		return nil, fmt.Errorf("%s is not a migrated Koto database: %w", d.target, err)
	}
	return d, nil
}

func (d *db) close() {
	d.write.Close()
	if d.read != d.write {
		d.read.Close()
	}
}

// q writes a query's ? placeholders as $1, $2… on PostgreSQL. Queries here
// never contain ? in a literal.
func (d *db) q(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Scratch tables: the baseline writes only to these and drops them at the
// end, leaving Koto's own tables as they were.
var scratchTables = []string{
	`CREATE TABLE IF NOT EXISTS baseline_log (id TEXT PRIMARY KEY, at TIMESTAMP NOT NULL, user_id TEXT NOT NULL,
		username TEXT NOT NULL, org_id TEXT NOT NULL, roles TEXT NOT NULL, action TEXT NOT NULL, client_id TEXT NOT NULL,
		touched TEXT NOT NULL, result TEXT NOT NULL, channel TEXT NOT NULL, request_id TEXT NOT NULL)`,
	`CREATE TABLE IF NOT EXISTS baseline_clients (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, koto_id TEXT NOT NULL,
		hetu TEXT, birth_date TEXT NOT NULL, sex TEXT NOT NULL, first_names TEXT NOT NULL, last_name TEXT NOT NULL,
		previous_names TEXT NOT NULL, birth_place TEXT NOT NULL, mother_tongue TEXT NOT NULL, service_language TEXT NOT NULL,
		interpreter_needed INTEGER NOT NULL, interpreter_language TEXT NOT NULL, citizenships TEXT NOT NULL,
		stateless INTEGER NOT NULL, home_municipality TEXT NOT NULL, street_address TEXT NOT NULL, postal_code TEXT NOT NULL,
		post_office TEXT NOT NULL, phone TEXT NOT NULL, email TEXT NOT NULL, address_protected INTEGER NOT NULL,
		arrival_date TEXT, municipality_registered_on TEXT, created_at TIMESTAMP NOT NULL, created_by TEXT NOT NULL,
		updated_at TIMESTAMP NOT NULL, updated_by TEXT NOT NULL, version INTEGER NOT NULL)`,
}

func (d *db) createScratch(ctx context.Context) error {
	for _, stmt := range scratchTables {
		if _, err := d.write.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create scratch table: %w", err)
		}
	}
	return nil
}

func (d *db) dropScratch() error {
	for _, t := range []string{"baseline_log", "baseline_clients"} {
		if _, err := d.write.Exec(`DROP TABLE IF EXISTS ` + t); err != nil {
			return err
		}
	}
	return nil
}
