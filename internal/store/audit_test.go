package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

// seed creates two organisations with a few clients and card views.
func seed(t *testing.T, engine string) (*testenv.Env, []access.Actor) {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	actors := []access.Actor{
		env.AddUser(t, "240", "anna", access.Caseworker),
		env.AddUser(t, "430", "olli", access.Caseworker),
	}
	for i, a := range actors {
		for j := 0; j < 3; j++ {
			h, _ := hetu.New(civil.Date{Year: 1990, Month: time.Month(1 + j), Day: 1 + i}, 900+2*j)
			c, _, err := env.Clients.Create(ctx, a, client.Details{HETU: h.String(), FirstNames: "Test", LastName: fmt.Sprint("Person", i, j)}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := env.Clients.Get(ctx, a, c.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	return env, actors
}

func verify(t *testing.T, db *store.DB) store.VerifyResult {
	t.Helper()
	if _, err := db.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	res, err := db.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The chain stays valid with many concurrent writers in one organisation.
func TestAuditChainConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		p, err := env.Clients.List(ctx, actors[0], client.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		const writers, each = 16, 20
		var wg sync.WaitGroup
		// Two sealers run while the writers write, as two servers would.
		stop := make(chan struct{})
		var sealers sync.WaitGroup
		for i := 0; i < 2; i++ {
			sealers.Add(1)
			go func() {
				defer sealers.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := env.DB.SealAudit(ctx); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				a := actors[w%2]
				for i := 0; i < each; i++ {
					var err error
					if w%2 == 0 {
						_, err = env.Clients.Get(ctx, a, p.Items[i%len(p.Items)].ID)
					} else {
						_, err = env.Clients.Search(ctx, a, client.SearchQuery{Name: "Person"})
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(stop)
		sealers.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		res := verify(t, env.DB)
		if len(res.Breaks) != 0 {
			t.Fatalf("chain broken under concurrency: %v", res.Breaks)
		}
		if res.Entries < writers*each {
			t.Fatalf("verified %d entries, want at least %d", res.Entries, writers*each)
		}
	})
}

// tamper runs statements with the append-only triggers out of the way, as
// an attacker with database access would.
func tamper(t *testing.T, env *testenv.Env, stmts ...string) {
	t.Helper()
	db := env.DB.SQL()
	if env.Engine == "postgres" {
		stmts = append([]string{`ALTER TABLE audit_entries DISABLE TRIGGER USER`}, stmts...)
		stmts = append(stmts, `ALTER TABLE audit_entries ENABLE TRIGGER USER`)
	} else {
		stmts = append([]string{`DROP TRIGGER audit_entries_no_update`, `DROP TRIGGER audit_entries_no_delete`}, stmts...)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		tests := []struct {
			name    string
			stmts   func(chain string) []string
			wantSeq int64
		}{
			{"altered", func(c string) []string {
				return []string{`UPDATE audit_entries SET result = 'allowed', touched = 'nothing' WHERE chain = '` + c + `' AND seq = 3`}
			}, 3},
			{"deleted", func(c string) []string {
				return []string{`DELETE FROM audit_entries WHERE chain = '` + c + `' AND seq = 4`}
			}, 4},
			{"swapped", func(c string) []string {
				return []string{
					`UPDATE audit_entries SET seq = -1 WHERE chain = '` + c + `' AND seq = 2`,
					`UPDATE audit_entries SET seq = 2 WHERE chain = '` + c + `' AND seq = 5`,
					`UPDATE audit_entries SET seq = 5 WHERE chain = '` + c + `' AND seq = -1`,
				}
			}, 2},
			{"newest removed", func(c string) []string {
				return []string{`DELETE FROM audit_entries WHERE chain = '` + c + `' AND seq = (SELECT MAX(seq) FROM audit_entries WHERE chain = '` + c + `')`}
			}, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				env, actors := seed(t, engine)
				if res := verify(t, env.DB); len(res.Breaks) != 0 || res.Unsealed != 0 {
					t.Fatalf("fresh chain broken: %v", res.Breaks)
				}
				chain := actors[0].OrgID
				tamper(t, env, tt.stmts(chain)...)
				res := verify(t, env.DB)
				if len(res.Breaks) != 1 || res.Breaks[0].Chain != chain {
					t.Fatalf("want exactly the chain of %s broken, got %+v", chain, res.Breaks)
				}
				if tt.wantSeq != 0 && res.Breaks[0].Seq != tt.wantSeq {
					t.Errorf("first broken link %d, want %d (%s)", res.Breaks[0].Seq, tt.wantSeq, res.Breaks[0].Reason)
				}
			})
		}
	})
}

// The application cannot change or remove access-log entries.
func TestAuditAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, _ := seed(t, engine)
		// Before sealing, only the seal columns may be set. (SQLite seals
		// inline, so make an unsealed entry as PostgreSQL would write it.)
		if _, err := env.DB.SQL().Exec(`INSERT INTO audit_entries (id, chain, seq, at, user_id, username, org_id, roles, action,
			client_id, touched, result, channel, request_id, prev_hash, hash)
			VALUES ('x1', '_system', NULL, '2026-01-01 00:00:00+00:00', '', '', '', '', 'test', '', '', 'allowed', 'cli', '', '', '')`); err != nil {
			t.Fatal(err)
		}
		if _, err := env.DB.SQL().Exec(`UPDATE audit_entries SET touched = 'nothing' WHERE id = 'x1'`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("content of an unsealed entry changed: %v", err)
		}
		verify(t, env.DB)
		for _, s := range []string{
			`UPDATE audit_entries SET result = 'allowed'`,
			`UPDATE audit_entries SET hash = 'x'`,
			`DELETE FROM audit_entries`,
		} {
			if _, err := env.DB.SQL().Exec(s); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: want refusal, got %v", s, err)
			}
		}
		if engine == "postgres" {
			if _, err := env.DB.SQL().Exec(`TRUNCATE audit_entries`); err == nil {
				t.Error("TRUNCATE of the access log succeeded")
			}
		}
	})
}

func TestAuditEntryRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		err := env.DB.InTx(ctx, func(tx *store.Tx) error {
			e := &audit.Entry{Chain: actors[0].OrgID, At: time.Date(2026, 2, 3, 4, 5, 6, 789123456, time.FixedZone("EET", 7200)),
				UserID: "u", Username: "ä ö <x>", OrgID: actors[0].OrgID, Action: "client.read", Result: audit.Allowed, Channel: "cli"}
			return tx.AppendAudit(e)
		})
		if err != nil {
			t.Fatal(err)
		}
		if res := verify(t, env.DB); len(res.Breaks) != 0 {
			t.Fatalf("stored entry does not verify (time or text changed on the way): %v", res.Breaks)
		}
	})
}
