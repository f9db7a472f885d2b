package app

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/audit"
	"koto/internal/config"
	"koto/internal/store/storetest"
)

// cli runs koto commands on one register: a data directory and, on
// PostgreSQL, a fresh schema.
type cli struct {
	t      *testing.T
	engine string
	dir    string
	url    string
}

func newCLI(t *testing.T, engine string) *cli {
	t.Setenv("KOTO_DATABASE_URL", "")
	c := &cli{t: t, engine: engine, dir: t.TempDir()}
	if engine == "postgres" {
		c.url = storetest.Schema(t)
	}
	return c
}

func (c *cli) run(stdin string, args ...string) (string, int) {
	c.t.Helper()
	if c.url != "" {
		args = append(args, "--database-url", c.url)
	}
	return run(c.t, c.dir, stdin, args...)
}

func (c *cli) must(stdin string, args ...string) string {
	c.t.Helper()
	out, code := c.run(stdin, args...)
	if code != 0 {
		c.t.Fatalf("koto %v: exit %d", args, code)
	}
	return out
}

// sql runs statements on the register's database as its owner, with the
// access log's triggers out of the way — what an attacker with database
// access can do.
func (c *cli) sql(stmts ...string) {
	c.t.Helper()
	driver, dsn := "sqlite", filepath.Join(c.dir, "koto.db")
	if c.url != "" {
		driver, dsn = "pgx", c.url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	if c.url != "" {
		for _, table := range []string{"audit_entries", "audit_heads"} {
			stmts = append([]string{`ALTER TABLE ` + table + ` DISABLE TRIGGER USER`}, stmts...)
			stmts = append(stmts, `ALTER TABLE `+table+` ENABLE TRIGGER USER`)
		}
	} else {
		for _, trigger := range []string{"audit_entries_no_update", "audit_entries_no_delete", "audit_heads_no_rewind"} {
			stmts = append([]string{`DROP TRIGGER IF EXISTS ` + trigger}, stmts...)
		}
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			c.t.Fatalf("%s: %v", s, err)
		}
	}
}

// query returns the rows of a one-column query.
func (c *cli) query(q string) []string {
	c.t.Helper()
	driver, dsn := "sqlite", filepath.Join(c.dir, "koto.db")
	if c.url != "" {
		driver, dsn = "pgx", c.url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		c.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(q)
	if err != nil {
		c.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			c.t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func (c *cli) checkpointFile() string {
	return filepath.Join(c.dir, "audit-checkpoints", audit.CheckpointFileName)
}

// populate creates an organisation and users, so that the organisation's
// chain and the system chain have entries.
func (c *cli) populate() {
	c.t.Helper()
	c.must("", "org", "add", "--code", "240", "--name", "Kemi", "--kind", "municipality")
	for _, u := range []string{"anna", "olli", "eero"} {
		c.must("pitka-salasana-2026\n", "user", "add", "--org", "240", "--username", u, "--role", "caseworker", "--password-stdin")
	}
}

// rehashAsV1 deletes entry 2 of chain and chains the rest again as an
// attacker without the key can: as version-1 entries, whose hash is plain
// SHA-256 over an encoding anyone can compute.
func (c *cli) rehashAsV1(chain string) {
	c.t.Helper()
	c.sql(`DELETE FROM audit_entries WHERE chain = '` + chain + `' AND seq = 2`)
	driver, dsn := "sqlite", filepath.Join(c.dir, "koto.db")
	if c.url != "" {
		driver, dsn = "pgx", c.url
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		c.t.Fatal(err)
	}
	rows, err := db.Query(`SELECT id, chain, at, user_id, username, org_id, roles, action, client_id, touched, result, channel, request_id
		FROM audit_entries WHERE chain = '` + chain + `' AND hash <> '' ORDER BY seq`)
	if err != nil {
		c.t.Fatal(err)
	}
	var es []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var result string
		if err := rows.Scan(&e.ID, &e.Chain, &e.At, &e.UserID, &e.Username, &e.OrgID, &e.Roles, &e.Action, &e.ClientID, &e.Touched,
			&result, &e.Channel, &e.RequestID); err != nil {
			c.t.Fatal(err)
		}
		e.Result, e.At, e.Version = audit.Result(result), e.At.UTC(), audit.Version1
		es = append(es, e)
	}
	rows.Close()
	db.Close()
	var stmts []string
	prev := ""
	for i := range es {
		es[i].Seal(nil, int64(i+1), prev) // version 1 needs no key
		prev = es[i].Hash
		stmts = append(stmts, fmt.Sprintf(`UPDATE audit_entries SET seq = %d, prev_hash = '%s', hash = '%s', version = 1, mac = '', via = '', shown = '' WHERE id = '%s'`,
			es[i].Seq, es[i].PrevHash, es[i].Hash, es[i].ID))
	}
	stmts = append(stmts, fmt.Sprintf(`UPDATE audit_heads SET seq = %d, hash = '%s' WHERE chain = '%s'`, len(es), prev, chain))
	c.sql(stmts...)
}

// Through the CLI: a checkpoint is written on demand; `audit verify`
// checks the log against it, reports an entry deleted and the chain
// rehashed without the key, and changes nothing in the database.
func TestAuditVerifyCLI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		c := newCLI(t, engine)
		c.populate()
		out := c.must("", "audit", "checkpoint")
		if !strings.Contains(out, "checkpoint written to "+c.checkpointFile()) {
			t.Fatalf("audit checkpoint: %q", out)
		}
		for p, want := range map[string]os.FileMode{filepath.Dir(c.checkpointFile()): 0o700, c.checkpointFile(): 0o600} {
			if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
				t.Errorf("%s: %v, want mode %v", p, err, want)
			}
		}
		out = c.must("", "audit", "verify")
		if !strings.Contains(out, "access log OK: 2 chains") || !strings.Contains(out, "every chain reaches the latest checkpoint") {
			t.Fatalf("intact log: %q", out)
		}

		// (a) an entry deleted and the chain rehashed: every link holds
		// as far as an unkeyed chain goes, but the chain no longer
		// reaches the checkpoint.
		c.rehashAsV1(audit.SystemChain)
		before := c.query(`SELECT id || ' ' || COALESCE(seq, -1) || ' ' || hash FROM audit_entries ORDER BY id`)
		out, code := c.run("", "audit", "verify")
		if code == 0 || !strings.Contains(out, "BROKEN: chain _system") || !strings.Contains(out, "the latest checkpoint") {
			t.Fatalf("rehashed chain: exit %d\n%s", code, out)
		}
		if after := c.query(`SELECT id || ' ' || COALESCE(seq, -1) || ' ' || hash FROM audit_entries ORDER BY id`); !slices.Equal(before, after) {
			t.Fatal("audit verify changed the access log")
		}
	})
}

// `audit verify` seals nothing and writes nothing, also with unsealed
// entries present: on PostgreSQL a genuine one written by the CLI (which
// leaves sealing to the servers), which it counts as pending; on SQLite a
// forged one, which it reports.
func TestAuditVerifyCLIIsReadOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		c := newCLI(t, engine)
		c.populate()
		c.must("", "audit", "checkpoint")
		var state func() string
		if engine == "postgres" {
			c.must("pitka-salasana-2026\n", "user", "add", "--org", "240", "--username", "aino", "--role", "caseworker", "--password-stdin")
			state = func() string {
				return strings.Join(c.query(`SELECT id || ' ' || COALESCE(seq, -1) || ' ' || hash FROM audit_entries
					UNION ALL SELECT chain || ' ' || seq || ' ' || hash FROM audit_heads ORDER BY 1`), "\n")
			}
		} else {
			c.sql(`INSERT INTO audit_entries (id, chain, seq, at, user_id, username, org_id, via, roles, action, client_id, touched, shown,
				result, channel, request_id, version, mac, prev_hash, hash) VALUES ('forged', '_system', NULL, '2026-01-01 00:00:00.000000+00:00',
				'u', 'x', '', '', '', 'org.add', '', '', '', 'allowed', 'cli', '', 2, '', '', '')`)
			// The database file with its write-ahead log folded in, byte
			// for byte.
			state = func() string {
				c.sql(`PRAGMA wal_checkpoint(TRUNCATE)`)
				b, err := os.ReadFile(filepath.Join(c.dir, "koto.db"))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		before := state()
		out, code := c.run("", "audit", "verify")
		if engine == "postgres" && (code != 0 || !strings.Contains(out, "(1 written meanwhile, not sealed yet)")) {
			t.Fatalf("pending entry: exit %d\n%s", code, out)
		}
		if engine == "sqlite" && (code == 0 || !strings.Contains(out, "entry forged of")) {
			t.Fatalf("forged unsealed entry: exit %d\n%s", code, out)
		}
		if state() != before {
			t.Fatal("audit verify changed the database")
		}
	})
}

// A forged or removed checkpoint line is reported by `audit verify`, and
// by `audit checkpoint --check` with the public key alone.
func TestAuditVerifyCLICheckpointTampering(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(lines []string) []string
		want string
	}{
		{"middle line removed", func(l []string) []string { return append(l[:1:1], l[2:]...) }, "line 2: does not link"},
		{"forged line", func(l []string) []string {
			l[1] = regexp.MustCompile(`"seq":\d+`).ReplaceAllString(l[1], `"seq":1`)
			return l
		}, "line 2: signature does not verify"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := newCLI(t, "sqlite")
			c.populate()
			c.must("", "audit", "checkpoint")
			c.must("pitka-salasana-2026\n", "user", "add", "--org", "240", "--username", "aino", "--role", "caseworker", "--password-stdin")
			c.must("", "audit", "checkpoint")
			c.must("", "audit", "checkpoint")
			key := strings.TrimSpace(c.must("", "audit", "checkpoint", "--public-key"))
			if out := c.must("", "audit", "checkpoint", "--check", c.checkpointFile(), "--key", key); !strings.Contains(out, "checkpoint file OK: 3 checkpoints") {
				t.Fatalf("intact file: %q", out)
			}
			b, err := os.ReadFile(c.checkpointFile())
			if err != nil {
				t.Fatal(err)
			}
			lines := tt.edit(strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n"))
			if err := os.WriteFile(c.checkpointFile(), []byte(strings.Join(lines, "")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			out, code := c.run("", "audit", "verify")
			if code == 0 || !strings.Contains(out, "BROKEN: checkpoint file") || !strings.Contains(out, tt.want) {
				t.Fatalf("exit %d\n%s", code, out)
			}
			out, code = c.run("", "audit", "checkpoint", "--check", c.checkpointFile(), "--key", key)
			if code == 0 || !strings.Contains(out, tt.want) {
				t.Fatalf("--check: exit %d\n%s", code, out)
			}
		})
	}
}

// The server writes a checkpoint when it starts and when it stops, and
// hands each to the checkpoint command; the shipped copy verifies the log.
func TestServeWritesCheckpoints(t *testing.T) {
	c := newCLI(t, "sqlite")
	c.populate()
	shipped := filepath.Join(t.TempDir(), "shipped.jsonl")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", c.dir, "--audit-checkpoint-command", "cat >> " + shipped},
			strings.NewReader(""), pw, io.Discard)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() && !strings.Contains(sc.Text(), "running at") {
	}
	go io.Copy(io.Discard, pr)
	// The start's checkpoint.
	deadline := time.Now().Add(10 * time.Second)
	for {
		if b, _ := os.ReadFile(shipped); bytes.Count(b, []byte("\n")) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no checkpoint shipped at start")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
	local, err := os.ReadFile(c.checkpointFile())
	if err != nil {
		t.Fatal(err)
	}
	remote, err := os.ReadFile(shipped)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(local, []byte("\n")) != 2 || !bytes.Equal(local, remote) {
		t.Fatalf("checkpoints written at start and stop:\n%s\nshipped:\n%s", local, remote)
	}
	if out := c.must("", "audit", "verify", "--checkpoints", shipped); !strings.Contains(out, "every chain reaches the latest checkpoint") {
		t.Fatalf("verify against the shipped copy: %q", out)
	}
}

// A failing checkpoint command is logged and does not fail the checkpoint.
func TestCheckpointCommandFailureIsLogged(t *testing.T) {
	c := newCLI(t, "sqlite")
	c.populate()
	cfg := &config.Config{DataDir: c.dir, SessionIdle: time.Minute, SessionMax: time.Hour, MaxConns: 2, LogLevel: "info", ReasonsPerDay: 10,
		AuditCheckpointCommand: "echo no bucket >&2; exit 3"}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	core, err := open(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer core.Close()
	var logged bytes.Buffer
	cp := newCheckpointer(cfg, core.db, slog.New(slog.NewTextHandler(&logged, nil)))
	res, err := cp.write(context.Background(), false)
	if err != nil || res.Line == nil {
		t.Fatalf("checkpoint with a failing command: %v", err)
	}
	if !strings.Contains(logged.String(), "checkpoint command failed") || !strings.Contains(logged.String(), "no bucket") {
		t.Fatalf("log: %s", logged.String())
	}
}
