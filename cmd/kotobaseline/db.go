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
// end, leaving Koto's own tables as they were. They are empty copies of the
// tables Koto writes — the same columns, indexes and foreign keys among
// them — so the baseline's writes cost what Koto's do, if anything less
// (its indexes start empty).
var scratchTables = []string{
	`CREATE TABLE baseline_clients (id TEXT PRIMARY KEY, org_id TEXT NOT NULL, koto_id TEXT NOT NULL, hetu_enc BLOB,
		hetu_bidx TEXT, sex TEXT NOT NULL, mother_tongue TEXT NOT NULL, service_language TEXT NOT NULL,
		interpreter_needed INTEGER NOT NULL, interpreter_language TEXT NOT NULL, citizenships TEXT NOT NULL,
		stateless INTEGER NOT NULL, home_municipality TEXT NOT NULL, address_protected INTEGER NOT NULL,
		arrival_date TEXT, municipality_registered_on TEXT, created_at TIMESTAMP NOT NULL, created_by TEXT NOT NULL,
		updated_at TIMESTAMP NOT NULL, updated_by TEXT NOT NULL, version INTEGER NOT NULL, team_id TEXT,
		summary_enc BLOB, details_enc BLOB, birth_date_bidx TEXT, service_end TEXT, service_end_reason TEXT NOT NULL DEFAULT '',
		date_of_death TEXT)`,
	`CREATE UNIQUE INDEX baseline_clients_org_hetu ON baseline_clients (org_id, hetu_bidx)`,
	`CREATE UNIQUE INDEX baseline_clients_org_koto_id ON baseline_clients (org_id, koto_id)`,
	`CREATE INDEX baseline_clients_org_created ON baseline_clients (org_id, created_at, id)`,
	`CREATE INDEX baseline_clients_org_birth ON baseline_clients (org_id, birth_date_bidx)`,
	`CREATE INDEX baseline_clients_org_updated ON baseline_clients (org_id, updated_at, id)`,
	`CREATE INDEX baseline_clients_summary ON baseline_clients (id, org_id, koto_id, summary_enc, home_municipality, updated_at)`,
	`CREATE TABLE baseline_client_keys (client_id TEXT PRIMARY KEY REFERENCES baseline_clients(id), org_id TEXT NOT NULL,
		key_id TEXT NOT NULL, org_key_id TEXT NOT NULL, wrapped BLOB, created_at TIMESTAMP NOT NULL, destroyed_at TIMESTAMP)`,
	`CREATE TABLE baseline_search_keys (org_id TEXT NOT NULL, key BLOB NOT NULL,
		client_id TEXT NOT NULL REFERENCES baseline_clients(id), PRIMARY KEY (org_id, key, client_id))`,
	`CREATE INDEX baseline_search_keys_client ON baseline_search_keys (client_id, key)`,
	`CREATE TABLE baseline_permits (id TEXT PRIMARY KEY, client_id TEXT NOT NULL REFERENCES baseline_clients(id),
		org_id TEXT NOT NULL, kind TEXT NOT NULL, application_date TEXT, outcome TEXT NOT NULL, decision_date TEXT,
		permit_class TEXT NOT NULL, ground TEXT NOT NULL, family_tie_before_arrival INTEGER NOT NULL,
		valid_from TEXT, valid_to TEXT, created_at TIMESTAMP NOT NULL)`,
	`CREATE INDEX baseline_permits_client ON baseline_permits (client_id)`,
	`CREATE TABLE baseline_assignments (client_id TEXT NOT NULL REFERENCES baseline_clients(id), org_id TEXT NOT NULL,
		user_id TEXT NOT NULL, assigned_at TIMESTAMP NOT NULL, assigned_by TEXT NOT NULL, PRIMARY KEY (client_id, user_id))`,
	`CREATE INDEX baseline_assignments_user ON baseline_assignments (org_id, user_id)`,
	`CREATE TABLE baseline_log (id TEXT PRIMARY KEY, chain TEXT NOT NULL, seq INTEGER, at TIMESTAMP NOT NULL,
		user_id TEXT NOT NULL, username TEXT NOT NULL, org_id TEXT NOT NULL, roles TEXT NOT NULL, action TEXT NOT NULL,
		client_id TEXT NOT NULL, touched TEXT NOT NULL, result TEXT NOT NULL, channel TEXT NOT NULL,
		request_id TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, UNIQUE (chain, seq))`,
	`CREATE INDEX baseline_log_client ON baseline_log (chain, client_id, at)`,
	`CREATE INDEX baseline_log_unsealed ON baseline_log (chain, at, id) WHERE hash = ''`,
	`CREATE TABLE baseline_heads (chain TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL)`,
}

// scratchNames lists the scratch tables in the order they can be dropped.
var scratchNames = []string{"baseline_log", "baseline_heads", "baseline_assignments", "baseline_permits",
	"baseline_search_keys", "baseline_client_keys", "baseline_clients"}

func (d *db) createScratch(ctx context.Context) error {
	if err := d.dropScratch(); err != nil { // left over from an interrupted run
		return fmt.Errorf("drop old scratch tables: %w", err)
	}
	for _, stmt := range scratchTables {
		if d.engine == "postgres" {
			stmt = strings.NewReplacer("BLOB", "BYTEA", "TIMESTAMP", "TIMESTAMPTZ").Replace(stmt)
		}
		if _, err := d.write.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create scratch table: %w", err)
		}
	}
	return nil
}

func (d *db) dropScratch() error {
	for _, t := range scratchNames {
		if _, err := d.write.Exec(`DROP TABLE IF EXISTS ` + t); err != nil {
			return err
		}
	}
	return nil
}
