package app

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"koto/internal/blob"
	"koto/internal/config"
	"koto/internal/jobs"
	"koto/internal/retention"
	"koto/internal/store/storetest"
)

// koto retention run over demo data on both engines: with the date 31
// years ahead exactly the clients whose retention ended are erased (a
// service end 30 years back, a death 12 years back, the earlier clock when
// both), a client on legal hold and clients whose clock has not run out
// stay; the dry run deletes nothing; the erased clients' cards answer 404
// and their keys are gone; `koto audit verify` passes; a second run
// deletes nothing.
func TestRetentionRun(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			c := newCLI(t, engine)
			// The built-in rules without the access log's, whose prune 31
			// years ahead would take the tombstones checked here too
			// (TestRetentionRunAccessLog runs it).
			rules := retention.Default()
			rules.Classes = slices.DeleteFunc(rules.Classes, func(r retention.Rule) bool { return r.Class == retention.ClassAccessLog })
			b, _ := json.Marshal(rules)
			rulesFile := filepath.Join(t.TempDir(), "rules.json")
			if err := os.WriteFile(rulesFile, b, 0o600); err != nil {
				t.Fatal(err)
			}
			t.Setenv("KOTO_RETENTION_RULES", rulesFile)
			c.must("", "demo", "--clients", "12")
			ids := c.clientIDs("049")
			if len(ids) < 7 {
				t.Fatalf("demo gave %d clients in 049", len(ids))
			}
			now := time.Now().UTC()
			day := func(years int) string { return now.AddDate(years, 0, 0).Format(time.DateOnly) }
			c.exec(`UPDATE clients SET service_end = NULL, date_of_death = NULL`,
				`UPDATE clients SET service_end = '`+day(-1)+`' WHERE id = '`+ids[0]+`'`,                               // 30 y ends in 29 y: erased
				`UPDATE clients SET service_end = '`+day(2)+`' WHERE id = '`+ids[1]+`'`,                                // ends in 32 y: kept
				`UPDATE clients SET date_of_death = '`+day(-5)+`' WHERE id = '`+ids[2]+`'`,                             // 12 y from death: erased
				`UPDATE clients SET service_end = '`+day(10)+`', date_of_death = '`+day(0)+`' WHERE id = '`+ids[3]+`'`, // death earlier: erased
				`UPDATE clients SET service_end = '`+day(-1)+`' WHERE id = '`+ids[4]+`'`,                               // on legal hold: kept
				`UPDATE clients SET date_of_death = '`+day(25)+`' WHERE id = '`+ids[5]+`'`,                             // death + 12 in 37 y: kept
			)
			erased, kept := []string{ids[0], ids[2], ids[3]}, []string{ids[1], ids[4], ids[5], ids[6]}
			c.must("", "retention", "hold", "--client", ids[4], "--reason", "KHO 2026/123")
			if _, code := c.run("", "retention", "hold", "--client", ids[4]); code == 0 {
				t.Error("a hold without a reason was set")
			}
			asOf := day(31)

			dry := c.must("", "retention", "run", "--as-of", asOf, "--dry-run")
			if !strings.Contains(dry, "client: would delete 3 (") || !strings.Contains(dry, "on legal hold 1") {
				t.Fatalf("dry run:\n%s", dry)
			}
			if lines := strings.Split(strings.TrimSpace(dry), "\n"); len(lines) != 4 {
				t.Errorf("dry run prints %d lines, want one per class:\n%s", len(lines), dry)
			}
			for _, id := range append(append([]string{}, erased...), kept...) {
				if n := c.count(`SELECT COUNT(*) FROM clients WHERE id = '` + id + `'`); n != 1 {
					t.Fatalf("the dry run deleted %s", id)
				}
			}

			// Attachment blobs on the filesystem store the run opens
			// (<data-dir>/blobs): the erased client's go, a kept one's stay.
			org := c.query(`SELECT org_id FROM clients WHERE id = '` + ids[0] + `'`)[0]
			blobs, err := blob.NewFS(filepath.Join(c.dir, "blobs"))
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{ids[0], ids[1]} {
				if err := blobs.Put(context.Background(), blob.Key{OrgID: org, ClientID: id, ID: "att-" + id[:8]}, []byte("sealed")); err != nil {
					t.Fatal(err)
				}
			}

			out := c.must("", "retention", "run", "--as-of", asOf)
			if names, err := blobs.List(context.Background(), org, ids[0]); err != nil || len(names) != 0 {
				t.Errorf("the erased client's blobs are left: %v %v", names, err)
			}
			if names, err := blobs.List(context.Background(), org, ids[1]); err != nil || len(names) != 1 {
				t.Errorf("a kept client's blob went: %v %v", names, err)
			}
			if files, _ := os.ReadDir(filepath.Join(c.dir, "blobs", org, ids[0])); len(files) != 0 {
				t.Errorf("files left in the erased client's blob directory: %v", files)
			}
			if !strings.Contains(out, "client: deleted 3 (30 years from service end or 12 years from death)") {
				t.Fatalf("run:\n%s", out)
			}
			for _, id := range erased {
				if n := c.count(`SELECT COUNT(*) FROM clients WHERE id = '` + id + `'`); n != 0 {
					t.Errorf("client %s not erased", id)
				}
				if n := c.count(`SELECT COUNT(*) FROM client_keys WHERE client_id = '` + id + `'`); n != 0 {
					t.Errorf("key of %s not destroyed", id)
				}
				if n := c.count(`SELECT COUNT(*) FROM audit_entries WHERE client_id = '` + id + `' AND action = 'retention.erase'`); n != 1 {
					t.Errorf("tombstones of %s: %d", id, n)
				}
			}
			for _, id := range kept {
				if n := c.count(`SELECT COUNT(*) FROM client_keys WHERE client_id = '` + id + `'`); n != 1 {
					t.Errorf("client %s lost its key", id)
				}
			}
			if n := c.count(`SELECT COUNT(*) FROM retention_certificates WHERE class = 'client' AND count = 3 AND held = 1`); n != 1 {
				t.Errorf("client certificates %d", n)
			}
			if certs := c.must("", "retention", "certificates"); strings.Count(certs, "\n") != 4 {
				t.Errorf("certificates:\n%s", certs)
			}
			c.must("", "audit", "verify")

			again := c.must("", "retention", "run", "--as-of", asOf)
			if !strings.Contains(again, "client: deleted 0 (") {
				t.Errorf("second run:\n%s", again)
			}
			c.must("", "retention", "hold", "--client", ids[4], "--clear")
			c.must("", "retention", "run", "--as-of", asOf)
			if n := c.count(`SELECT COUNT(*) FROM clients WHERE id = '` + ids[4] + `'`); n != 0 {
				t.Error("a client whose hold was cleared was not erased")
			}
			c.must("", "audit", "verify")

			// Through the API: the erased answer 404, the kept 200.
			c.must("long-enough-password-2026\n", "user", "add", "--org", "049", "--username", "sup049", "--role", "supervisor", "--password-stdin")
			lines := strings.Split(strings.TrimSpace(c.must("", "token", "create", "--username", "sup049")), "\n")
			token := lines[len(lines)-1]
			args := []string{"--data-dir", c.dir}
			if c.url != "" {
				args = append(args, "--database-url", c.url)
			}
			p := startServe(t, args...)
			status := func(id string) int {
				req, _ := http.NewRequest("GET", p.url+"/api/v1/clients/"+id, nil)
				req.Header.Set("Authorization", "Bearer "+token)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			for _, id := range append(erased, ids[4]) {
				if s := status(id); s != http.StatusNotFound {
					t.Errorf("erased client %s answers %d", id, s)
				}
			}
			for _, id := range []string{ids[1], ids[5]} {
				if s := status(id); s != http.StatusOK {
					t.Errorf("kept client %s answers %d", id, s)
				}
			}
			p.stop(t)
			c.must("", "audit", "verify")
		})
	}
}

// clientIDs are the ids of the organisation's clients (not merged), sorted.
func (c *cli) clientIDs(orgCode string) []string {
	c.t.Helper()
	return c.query(`SELECT c.id FROM clients c JOIN organisations o ON o.id = c.org_id WHERE o.code = '` + orgCode + `' AND c.merged_into IS NULL ORDER BY c.id`)
}

func (c *cli) count(q string) int {
	c.t.Helper()
	rows := c.query(q)
	n, err := strconv.Atoi(rows[0])
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// exec runs statements on the register's database as its owner (test
// set-up, not an attack: no trigger is touched).
func (c *cli) exec(stmts ...string) {
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
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			c.t.Fatalf("%s: %v", s, err)
		}
	}
}

// The daily job reports a dry run unless deletion is enabled, and one
// claim of the jobs table runs it once a day however many servers try.
func TestRetentionJob(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	cfg := &config.Config{}
	job := RetentionJob(cfg, db)
	res, err := job.Run(context.Background())
	if err != nil || !strings.Contains(res, "client: would delete 0") {
		t.Fatalf("job result %q, %v", res, err)
	}
	var n int
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM retention_certificates`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("a dry run wrote %d certificates (%v)", n, err)
	}
	cfg.RetentionEnabled = true
	a, b := jobs.NewRunner(db.Jobs(), "a", nil), jobs.NewRunner(db.Jobs(), "b", nil)
	ran, err := a.RunOnce(context.Background(), job)
	if err != nil || !ran {
		t.Fatalf("first runner: %v %v", ran, err)
	}
	if ran, _ := b.RunOnce(context.Background(), job); ran {
		t.Error("a second server ran the daily job again at once")
	}
	if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM retention_certificates`).Scan(&n); err != nil || n != len(retention.Classes) {
		t.Errorf("enabled run wrote %d certificates (%v)", n, err)
	}
}

// A class marked for permanent retention is archived before deletion: one
// ZIP per client with metadata (JSON and XML) naming each record file
// and its SHA-256, and the records themselves with personal data opened.
func TestRetentionArchive(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			c := newCLI(t, engine)
			c.must("", "demo", "--clients", "4")
			ids := c.clientIDs("049")
			c.exec(`UPDATE clients SET service_end = NULL, date_of_death = NULL`,
				`UPDATE clients SET service_end = '2000-01-01' WHERE id = '`+ids[0]+`'`)
			rules := filepath.Join(c.dir, "rules.json")
			if err := os.WriteFile(rules, []byte(`{"classes":[{"class":"client","yearsFromServiceEnd":30,"archive":true}]}`), 0o600); err != nil {
				t.Fatal(err)
			}
			archive := filepath.Join(c.dir, "arkisto")
			out := c.must("", "retention", "run", "--as-of", "2030-01-02", "--retention-rules", rules, "--retention-archive-dir", archive)
			if strings.TrimSpace(out) != "client: deleted 1 (30 years from service end, archived first); on legal hold 0; archived 1" {
				t.Fatalf("run: %q", out)
			}
			files, _ := filepath.Glob(filepath.Join(archive, "*.zip"))
			if len(files) != 1 || !strings.Contains(files[0], ids[0]) {
				t.Fatalf("archive files %v", files)
			}
			if fi, err := os.Stat(files[0]); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("archive mode %v %v", fi, err)
			}
			zr, err := zip.OpenReader(files[0])
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			content := map[string][]byte{}
			for _, f := range zr.File {
				r, _ := f.Open()
				b, _ := io.ReadAll(r)
				r.Close()
				content[f.Name] = b
			}
			var meta retention.Metadata
			if err := json.Unmarshal(content["metadata.json"], &meta); err != nil {
				t.Fatal(err)
			}
			if meta.Format != retention.ArchiveFormat || meta.ClientID != ids[0] || meta.ServiceEnd != "2000-01-01" || len(meta.Files) < 7 {
				t.Errorf("metadata %+v", meta)
			}
			for _, f := range meta.Files {
				sum := sha256.Sum256(content[f.Name])
				if hex.EncodeToString(sum[:]) != f.SHA256 {
					t.Errorf("%s: hash differs from the metadata", f.Name)
				}
			}
			if !bytes.Contains(content["metadata.xml"], []byte("<kotoArchive>")) || !bytes.Contains(content["records/client.json"], []byte(`"LastName"`)) {
				t.Errorf("metadata.xml or client.json:\n%s\n%s", content["metadata.xml"], content["records/client.json"])
			}
			if n := c.count(`SELECT COUNT(*) FROM clients WHERE id = '` + ids[0] + `'`); n != 0 {
				t.Error("archived client not erased")
			}
			c.must("", "audit", "verify")
		})
	}
}

// koto retention run with the built-in rules 31 years ahead on demo data
// prunes the access log by whole calendar years: the dry run says how
// many entries of which years, the real run deletes them behind a signed
// prune checkpoint per chain with a certificate, and `koto audit verify`
// still exits 0 — with the checkpoint file written before the prune.
func TestRetentionRunAccessLog(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			c := newCLI(t, engine)
			c.must("", "demo", "--clients", "12")
			c.must("", "audit", "checkpoint")
			before := c.count(`SELECT COUNT(*) FROM audit_entries`)
			year := time.Now().UTC().Year()
			asOf := time.Now().UTC().AddDate(31, 0, 0).Format(time.DateOnly)
			dry := c.must("", "retention", "run", "--as-of", asOf, "--dry-run")
			if !strings.Contains(dry, "access_log: would delete ") || !strings.Contains(dry, fmt.Sprintf("entries (years %d", year-1)) &&
				!strings.Contains(dry, fmt.Sprintf("entries (years %d", year)) {
				t.Fatalf("dry run:\n%s", dry)
			}
			if lines := strings.Split(strings.TrimSpace(dry), "\n"); len(lines) != 5 {
				t.Errorf("dry run prints %d lines, want one per class:\n%s", len(lines), dry)
			}
			if n := c.count(`SELECT COUNT(*) FROM audit_entries`); n != before {
				t.Fatalf("the dry run deleted %d entries", before-n)
			}
			out := c.must("", "retention", "run", "--as-of", asOf)
			if !strings.Contains(out, "access_log: deleted ") || !strings.Contains(out, "12 whole calendar years") {
				t.Fatalf("run:\n%s", out)
			}
			if n := c.count(`SELECT COUNT(*) FROM audit_prunes`); n < 2 {
				t.Errorf("%d prune checkpoints", n)
			}
			if n := c.count(`SELECT COUNT(*) FROM retention_certificates WHERE class = 'access_log' AND count > 0`); n != 1 {
				t.Errorf("access-log certificates %d", n)
			}
			c.must("", "audit", "verify")
			again := c.must("", "retention", "run", "--as-of", asOf)
			if !strings.Contains(again, "access_log: deleted ") {
				t.Errorf("second run:\n%s", again)
			}
			c.must("", "audit", "checkpoint")
			c.must("", "audit", "verify")
		})
	}
}
