package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
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

// seal chains what is pending, as a server's sealer does.
func seal(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
}

// check verifies the log (read-only) against cp, which may be nil.
func check(t *testing.T, db *store.DB, cp *audit.Checkpoint) store.VerifyResult {
	t.Helper()
	res, err := db.VerifyAudit(ctx, store.VerifyOptions{Checkpoint: cp})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// verify seals and then verifies without a checkpoint.
func verify(t *testing.T, db *store.DB) store.VerifyResult {
	t.Helper()
	seal(t, db)
	return check(t, db, nil)
}

// checkpoint takes the chain heads now, as a checkpoint records them (the
// file and its signature are audit's, tested there and in app).
func checkpoint(t *testing.T, db *store.DB) *audit.Checkpoint {
	t.Helper()
	seal(t, db)
	heads, err := db.AuditHeads(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return &audit.Checkpoint{At: time.Now().UTC(), Heads: heads}
}

// wantBroken fails unless res has a break of chain whose reason contains
// want, and returns it.
func wantBroken(t *testing.T, res store.VerifyResult, chain, want string) audit.Break {
	t.Helper()
	for _, b := range res.Breaks {
		if b.Chain == chain && strings.Contains(b.Reason, want) {
			return b
		}
	}
	t.Fatalf("want chain %s broken with %q, got %v", chain, want, res.Breaks)
	return audit.Break{}
}

func wantIntact(t *testing.T, res store.VerifyResult) {
	t.Helper()
	if len(res.Breaks) != 0 {
		t.Fatalf("intact log reported broken: %v", res.Breaks)
	}
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
		wantIntact(t, res)
		if res.Entries < writers*each {
			t.Fatalf("verified %d entries, want at least %d", res.Entries, writers*each)
		}
	})
}

// tamper runs statements with the access log's append-only triggers out of
// the way, as the database owner — an attacker with database access —
// can.
func tamper(t *testing.T, env *testenv.Env, stmts ...string) {
	t.Helper()
	db := env.DB.SQL()
	if env.Engine == "postgres" {
		var pre, post []string
		for _, table := range []string{"audit_entries", "audit_heads"} {
			pre = append(pre, `ALTER TABLE `+table+` DISABLE TRIGGER USER`)
			post = append(post, `ALTER TABLE `+table+` ENABLE TRIGGER USER`)
		}
		stmts = append(append(pre, stmts...), post...)
	} else {
		var drops []string
		for _, trigger := range []string{"audit_entries_no_update", "audit_entries_no_delete", "audit_heads_no_delete",
			"audit_heads_no_rewind"} {
			drops = append(drops, `DROP TRIGGER IF EXISTS `+trigger)
		}
		stmts = append(drops, stmts...)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// entries reads a chain's sealed entries as stored, in sequence order.
func entries(t *testing.T, env *testenv.Env, chain string) []audit.Entry {
	t.Helper()
	rows, err := env.DB.SQL().Query(`SELECT id, chain, seq, at, user_id, username, org_id, via, roles, action, client_id, touched,
		shown, result, channel, request_id, version, mac, prev_hash, hash FROM audit_entries WHERE chain = '` + chain + `' AND hash <> '' ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var shown, result string
		if err := rows.Scan(&e.ID, &e.Chain, &e.Seq, &e.At, &e.UserID, &e.Username, &e.OrgID, &e.Via, &e.Roles, &e.Action, &e.ClientID,
			&e.Touched, &shown, &result, &e.Channel, &e.RequestID, &e.Version, &e.MAC, &e.PrevHash, &e.Hash); err != nil {
			t.Fatal(err)
		}
		if shown != "" {
			e.Shown = strings.Split(shown, ",")
		}
		e.Result, e.At = audit.Result(result), e.At.UTC()
		out = append(out, e)
	}
	return out
}

// rechain numbers a chain's entries 1, 2, … again and recomputes every
// link and hash as an attacker without the key can: under a key of their
// own (keeping each entry's MAC, which covers its content alone, not its
// place in the chain), or as unkeyed version-1 entries, whose hash is plain SHA-256 (then
// without Via and Shown, which version 1 does not cover, and without the
// shown clients' full-text index on SQLite). The head is rewritten to
// match.
//
// A chain rewritten as a whole as version 1 verifies by itself — version 1
// is accepted at the start of a chain — and is caught by the checkpoint,
// which every server writes when it starts (ADR 12).
func rechain(t *testing.T, env *testenv.Env, chain string, asV1 bool) []string {
	t.Helper()
	attacker := storetest.Ring(t).AuditKeys()
	var stmts []string
	if asV1 && env.Engine == "sqlite" { // out of the full-text index before the column changes
		stmts = append(stmts, `INSERT INTO audit_entries_shown (audit_entries_shown, rowid, shown)
			SELECT 'delete', rowid, shown FROM audit_entries WHERE chain = '`+chain+`' AND shown <> ''`)
	}
	prev := ""
	es := entries(t, env, chain)
	for i, e := range es {
		if asV1 {
			e.Version, e.MAC, e.Via, e.Shown = audit.Version1, "", "", nil
		} // else the content and its MAC are unchanged: only the chain hash can tell
		e.Seal(attacker, int64(i+1), prev)
		prev = e.Hash
		stmts = append(stmts, fmt.Sprintf(`UPDATE audit_entries SET seq = %d, prev_hash = '%s', hash = '%s', version = %d, mac = '%s',
			via = '%s', shown = '%s' WHERE id = '%s'`, e.Seq, e.PrevHash, e.Hash, e.Version, e.MAC, e.Via, strings.Join(e.Shown, ","), e.ID))
	}
	return append(stmts, fmt.Sprintf(`UPDATE audit_heads SET seq = %d, hash = '%s' WHERE chain = '%s'`, len(es), prev, chain))
}

// An attacker who can write the database — and drops the triggers — is
// caught by verification, for each attack a security review reproduced
// against the unkeyed log (issue 11, (a)–(d)) and more. Each attack has an
// organisation's chain of its own in one register, and the log is verified
// once after all of them, without and with the checkpoint taken before:
// each chain must be reported as its attack predicts, and no other.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		tests := []struct {
			name string
			// attack tampers with chain (an organisation's of its own).
			attack func(t *testing.T, env *testenv.Env, chain string)
			// withCheckpoint: reported when verified against the
			// checkpoint taken before the attacks (else without it).
			withCheckpoint bool
			wantChain      string // "" = chain
			wantSeq        int64
			want           string
		}{
			{"altered", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `UPDATE audit_entries SET result = 'allowed', touched = 'nothing' WHERE chain = '`+c+`' AND seq = 3`)
			}, false, "", 3, "keyed hash"},
			{"deleted", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`' AND seq = 4`)
			}, false, "", 4, "expected sequence 4"},
			{"swapped", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `UPDATE audit_entries SET seq = -1 WHERE chain = '`+c+`' AND seq = 2`,
					`UPDATE audit_entries SET seq = 2 WHERE chain = '`+c+`' AND seq = 5`,
					`UPDATE audit_entries SET seq = 5 WHERE chain = '`+c+`' AND seq = -1`)
			}, false, "", 2, "previous-hash link"},
			{"newest removed", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`' AND seq = (SELECT MAX(seq) FROM audit_entries WHERE chain = '`+c+`')`)
			}, false, "", 0, "chain head says"},
			// (a) an entry deleted and the chain hashed again.
			{"deleted and rehashed under another key", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`' AND seq = 4`)
				tamper(t, env, rechain(t, env, c, false)...)
			}, false, "", 1, "keyed hash"},
			{"deleted and rehashed as unkeyed", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`' AND seq = 4`)
				tamper(t, env, rechain(t, env, c, true)...)
			}, true, "", 0, "the latest checkpoint"},
			// (b) the newest entries deleted and the head rewound.
			{"newest removed and head rewound", func(t *testing.T, env *testenv.Env, c string) {
				es := entries(t, env, c)
				keep := es[len(es)-3]
				tamper(t, env, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain = '%s' AND seq > %d`, c, keep.Seq),
					fmt.Sprintf(`UPDATE audit_heads SET seq = %d, hash = '%s' WHERE chain = '%s'`, keep.Seq, keep.Hash, c))
			}, true, "", 0, "the latest checkpoint"},
			{"head rewound and chain continued", func(t *testing.T, env *testenv.Env, c string) {
				es := entries(t, env, c)
				keep := es[len(es)-3]
				tamper(t, env, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain = '%s' AND seq > %d`, c, keep.Seq),
					fmt.Sprintf(`UPDATE audit_heads SET seq = %d, hash = '%s' WHERE chain = '%s'`, keep.Seq, keep.Hash, c))
				// Koto goes on writing: the chain grows past the checkpoint
				// again, with other entries at its sequence numbers.
				for range 4 {
					appendEntry(t, env.DB, c, nil)
				}
				var refused *store.RefusedEntries // the forged entries of other attacks
				if _, err := env.DB.SealAudit(ctx); err != nil && !errors.As(err, &refused) {
					t.Fatal(err)
				}
			}, true, "", 0, "differs from the latest checkpoint"},
			// (c) a whole organisation's chain deleted, entries and head.
			{"chain removed", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`'`, `DELETE FROM audit_heads WHERE chain = '`+c+`'`)
			}, false, "", 0, "no access-log chain head"},
			{"chain removed, against the checkpoint", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '`+c+`'`, `DELETE FROM audit_heads WHERE chain = '`+c+`'`)
			}, true, "", 0, "the database has no such chain"},
			{"system chain removed", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `DELETE FROM audit_entries WHERE chain = '_system'`, `DELETE FROM audit_heads WHERE chain = '_system'`)
			}, false, audit.SystemChain, 0, "the system chain has no head"},
			// (d) an unsealed, back-dated entry inserted (and sealed).
			{"back-dated entry inserted", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, forgedEntry("forged1", c, 2))
				var refused *store.RefusedEntries
				if _, err := env.DB.SealAudit(ctx); !errors.As(err, &refused) {
					t.Fatalf("SealAudit of a forged entry: %v", err)
				}
				if !strings.Contains(refused.Error(), "forged") || strings.Contains(refused.Error(), "someone") {
					t.Errorf("refusal message %q", refused.Error())
				}
				var hash string
				if err := env.DB.SQL().QueryRow(`SELECT hash FROM audit_entries WHERE id = 'forged1'`).Scan(&hash); err != nil || hash != "" {
					t.Errorf("forged entry sealed: %q %v", hash, err)
				}
			}, false, "", 0, "entry forged1 of"},
			// Just written, so not yet overdue: only its MAC gives it away.
			{"entry inserted now", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, forgedEntryAt("forged3", c, 2, time.Now()))
			}, false, "", 0, "entry forged3 of"},
			{"unkeyed entry inserted", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, forgedEntry("forged2", c, 1))
				_, _ = env.DB.SealAudit(ctx)
			}, false, "", 0, "entry forged2 of"},
			// SQLite's full-text index of shown clients is tables like any
			// other. (PostgreSQL's GIN index cannot be written apart from
			// its column.)
			{"search removed from the shown index (sqlite)", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `INSERT INTO audit_entries_shown (audit_entries_shown, rowid, shown)
					SELECT 'delete', rowid, shown FROM audit_entries WHERE chain = '`+c+`' AND shown <> '' LIMIT 1`)
			}, false, "", 0, "index of shown clients"},
			{"search added to the shown index (sqlite)", func(t *testing.T, env *testenv.Env, c string) {
				tamper(t, env, `INSERT INTO audit_entries_shown (rowid, shown) SELECT rowid, 'someoneelse' FROM audit_entries WHERE chain = '`+c+`' LIMIT 1`)
			}, false, "", 0, "index of shown clients"},
		}
		env := testenv.New(t, engine)
		chains := make([]string, len(tests)+1) // the last one is left alone
		for i := range chains {
			chains[i] = env.AddOrg(t, fmt.Sprint(100+i)).ID
			for j := range 8 {
				var shown []string
				if j == 5 { // a search that showed clients
					shown = []string{"client1", "client2", "client3"}
				}
				appendEntry(t, env.DB, chains[i], shown)
			}
		}
		intact := chains[len(tests)]
		if res := verify(t, env.DB); len(res.Breaks) != 0 || res.Pending != 0 {
			t.Fatalf("fresh log broken: %v", res.Breaks)
		}
		cp := checkpoint(t, env.DB)
		wantIntact(t, check(t, env.DB, cp))
		applies := func(name string) bool { return !strings.HasSuffix(name, "(sqlite)") || engine == "sqlite" }
		for i, tt := range tests {
			if applies(tt.name) {
				tt.attack(t, env, chains[i])
			}
		}
		plain, against := check(t, env.DB, nil), check(t, env.DB, cp)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if !applies(tt.name) {
					t.Skip("SQLite only")
				}
				res := plain
				if tt.withCheckpoint {
					res = against
				}
				want := tt.wantChain
				if want == "" {
					want = chains[i]
				}
				b := wantBroken(t, res, want, tt.want)
				if tt.wantSeq != 0 && b.Seq != tt.wantSeq {
					t.Errorf("first broken link %d, want %d (%s)", b.Seq, tt.wantSeq, b.Reason)
				}
			})
		}
		for _, res := range []store.VerifyResult{plain, against} {
			for _, b := range res.Breaks {
				if b.Chain == intact {
					t.Errorf("the intact chain reported: %v", b)
				}
			}
		}
	})
}

// forgedEntry inserts an unsealed entry dated a week back, as an attacker
// without the key can write it: version 2 with a made-up MAC, or version 1
// without one.
func forgedEntry(id, chain string, version int) string {
	return forgedEntryAt(id, chain, version, time.Now().Add(-7*24*time.Hour))
}

func forgedEntryAt(id, chain string, version int, when time.Time) string {
	at := when.UTC().Format("2006-01-02 15:04:05.000000+00:00")
	mac := ""
	if version == 2 {
		mac = strings.Repeat("ab", 32)
	}
	return fmt.Sprintf(`INSERT INTO audit_entries (id, chain, seq, at, user_id, username, org_id, via, roles, action, client_id, touched, shown,
		result, channel, request_id, version, mac, prev_hash, hash) VALUES ('%s', '%s', NULL, '%s', 'u', 'someone', '%s', '', 'caseworker',
		'client.read', 'c1', 'card', '', 'allowed', 'ui', 'r', %d, '%s', '', '')`, id, chain, at, chain, version, mac)
}

// appendEntry writes an entry to chain through the store, as the gate does.
func appendEntry(t *testing.T, db *store.DB, chain string, shown []string) *audit.Entry {
	t.Helper()
	var e *audit.Entry
	err := db.InOrgTx(ctx, chain, func(tx *store.Tx) error {
		e = &audit.Entry{Chain: chain, At: tx.Now(), UserID: "u", Username: "anna", OrgID: chain, Via: "jp01", Roles: "caseworker",
			Action: "client.search", Touched: "name", Shown: shown, Result: audit.Allowed, Channel: "ui", RequestID: "r"}
		return tx.AppendAudit(e)
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// On PostgreSQL the sealer chains no entry whose content was changed after
// it was written: the MAC set at insert no longer verifies.
func TestAuditSealerRefusesAlteredEntry(t *testing.T) {
	env, actors := seed(t, "postgres")
	seal(t, env.DB)
	chain := actors[0].OrgID
	e := appendEntry(t, env.DB, chain, nil)
	later := appendEntry(t, env.DB, chain, nil)
	tamper(t, env, `UPDATE audit_entries SET client_id = 'someone-else' WHERE id = '`+e.ID+`'`)
	n, err := env.DB.SealAudit(ctx)
	var refused *store.RefusedEntries
	if !errors.As(err, &refused) || refused.First != e.ID || n != 1 {
		t.Fatalf("SealAudit sealed %d, %v; want the altered entry refused and the later one sealed", n, err)
	}
	var hash string
	if err := env.DB.SQL().QueryRow(`SELECT hash FROM audit_entries WHERE id = $1`, later.ID).Scan(&hash); err != nil || hash == "" {
		t.Fatalf("entry after the refused one not sealed: %v", err)
	}
	wantBroken(t, check(t, env.DB, nil), chain, "MAC does not verify")
}

// On SQLite entries are chained as they are written, so an unsealed entry
// is tampering even when it is genuine: here the newest entry, taken out
// of its chain (head rewound) and put back unsealed to be chained again
// elsewhere — its MAC still verifies and it is recent.
func TestAuditSQLiteUnsealedIsTampering(t *testing.T) {
	env, actors := seed(t, "sqlite")
	chain := actors[0].OrgID
	es := entries(t, env, chain)
	last, prev := es[len(es)-1], es[len(es)-2]
	cols := `id, chain, at, user_id, username, org_id, via, roles, action, client_id, touched, shown, result, channel, request_id, version, mac`
	tamper(t, env, `CREATE TEMP TABLE moved AS SELECT `+cols+` FROM audit_entries WHERE id = '`+last.ID+`'`,
		`DELETE FROM audit_entries WHERE id = '`+last.ID+`'`,
		`INSERT INTO audit_entries (`+cols+`, seq, prev_hash, hash) SELECT `+cols+`, NULL, '', '' FROM moved`,
		fmt.Sprintf(`UPDATE audit_heads SET seq = %d, hash = '%s' WHERE chain = '%s'`, prev.Seq, prev.Hash, chain))
	wantBroken(t, check(t, env.DB, nil), chain, "is not chained: on SQLite")
}

// On PostgreSQL a genuine entry that no sealer has chained for longer than
// audit.SealDelay is reported: the log is not whole until it is chained.
func TestAuditOverdueUnsealedEntry(t *testing.T) {
	now := time.Now()
	db := storetest.Open(t, "postgres", storetest.Options{Clock: func() time.Time { return now }})
	const chain = "orgaaaaaaaaaaaaaaaaaaaaaaa"
	now = time.Now().Add(-audit.SealDelay - time.Minute)
	appendEntry(t, db, chain, nil)
	now = time.Now()
	appendEntry(t, db, chain, nil)
	res := check(t, db, nil)
	wantBroken(t, res, chain, "left unsealed for more than")
	if res.Pending != 1 {
		t.Errorf("pending %d, want the recent entry", res.Pending)
	}
}

// More refused entries than a sealing batch holds do not stop the sealer.
func TestAuditSealerPassesRefusedBatch(t *testing.T) {
	env, actors := seed(t, "postgres")
	chain := actors[0].OrgID
	var forged []string
	for i := range 501 {
		forged = append(forged, forgedEntry(fmt.Sprint("forged", i), chain, 2))
	}
	tamper(t, env, forged...)
	e := appendEntry(t, env.DB, chain, nil)
	_, err := env.DB.SealAudit(ctx)
	var refused *store.RefusedEntries
	if !errors.As(err, &refused) || refused.Count != 501 {
		t.Fatalf("SealAudit: %v", err)
	}
	var hash string
	if err := env.DB.SQL().QueryRow(`SELECT hash FROM audit_entries WHERE id = $1`, e.ID).Scan(&hash); err != nil || hash == "" {
		t.Fatalf("genuine entry behind 501 forged ones not sealed: %v", err)
	}
}

// dump reads every row of every table, sorted, so two dumps are equal
// exactly when nothing in the database changed.
func dump(t *testing.T, env *testenv.Env) string {
	t.Helper()
	db := env.DB.SQL()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if env.Engine == "postgres" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var tables []string
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var out strings.Builder
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		rows.Close()
		slices.Sort(lines)
		fmt.Fprintf(&out, "%s\n%s\n", table, strings.Join(lines, "\n"))
	}
	return out.String()
}

// Verification changes nothing — it neither seals pending entries nor
// writes anything else — and reports what it found unsealed.
func TestAuditVerifyIsReadOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		seal(t, env.DB)
		chain := actors[0].OrgID
		appendEntry(t, env.DB, chain, []string{"c1", "c2"}) // unsealed on PostgreSQL
		tamper(t, env, forgedEntry("forged", chain, 2))
		before := dump(t, env)
		res := check(t, env.DB, nil)
		if after := dump(t, env); after != before {
			t.Fatal("verification changed the database")
		}
		wantBroken(t, res, chain, "entry forged of")
		if engine == "postgres" && res.Pending != 1 {
			t.Errorf("pending %d, want the genuine unsealed entry", res.Pending)
		}
	})
}

// Every organisation has its chain from the start: an organisation without
// entries verifies, and its chain's removal is detected.
func TestAuditEveryOrganisationHasChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		org := env.AddOrg(t, "999")
		// An organisation nothing has been logged for yet.
		if _, err := env.DB.SQL().Exec(`INSERT INTO organisations (id, code, name, kind, created_at)
			VALUES ('orgquiet', 'quiet', 'Quiet', 'municipality', CURRENT_TIMESTAMP)`); err != nil {
			t.Fatal(err)
		}
		res := verify(t, env.DB)
		wantIntact(t, res)
		if res.Chains < 3 {
			t.Fatalf("%d chains, want the organisations' and the system's", res.Chains)
		}
		tamper(t, env, `DELETE FROM audit_heads WHERE chain = '`+org.ID+`'`)
		wantBroken(t, check(t, env.DB, nil), org.ID, "no access-log chain head")
	})
}

// A client's access log lists the entries about the client and the
// searches and lists that showed it, newest first; Via and Shown survive
// the round trip and the chain covers them.
func TestClientAccessLogWithShown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		chain := actors[0].OrgID
		about := func(clientID string) *audit.Entry {
			var e *audit.Entry
			err := env.DB.InOrgTx(ctx, chain, func(tx *store.Tx) error {
				e = &audit.Entry{Chain: chain, At: tx.Now(), UserID: "u", Username: "anna", OrgID: chain, Roles: "caseworker",
					Action: "client.read", ClientID: clientID, Touched: "card", Result: audit.Allowed, Channel: "ui", RequestID: "r"}
				return tx.AppendAudit(e)
			})
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(2 * time.Millisecond) // distinct times
			return e
		}
		search := func(shown ...string) *audit.Entry {
			e := appendEntry(t, env.DB, chain, shown)
			time.Sleep(2 * time.Millisecond)
			return e
		}
		a := about("ca")
		b := search("cb", "ca")
		c := about("cb")
		d := search("cc")
		e := search("ca")
		f := about("ca")
		// Another organisation's search that showed the same id is not
		// in this organisation's log.
		appendEntry(t, env.DB, actors[1].OrgID, []string{"ca"})
		seal(t, env.DB)
		wantIntact(t, check(t, env.DB, nil))
		if engine == "sqlite" {
			// An index entry added behind Koto's back does not put a
			// search into a client's log: the column is checked too.
			tamper(t, env, `INSERT INTO audit_entries_shown (rowid, shown) SELECT rowid, 'cd' FROM audit_entries WHERE id = '`+d.ID+`'`)
		}
		ids := func(es []audit.Entry) []string {
			var out []string
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		for _, tt := range []struct {
			client string
			limit  int
			want   []*audit.Entry
		}{
			{"ca", 10, []*audit.Entry{f, e, b, a}},
			{"ca", 3, []*audit.Entry{f, e, b}},
			{"cb", 10, []*audit.Entry{c, b}},
			{"cc", 10, []*audit.Entry{d}},
			{"cd", 10, nil},
		} {
			var got []audit.Entry
			err := env.DB.InOrgTx(ctx, chain, func(tx *store.Tx) error {
				var err error
				got, err = tx.ClientAccessLog(chain, tt.client, tt.limit)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, e := range tt.want {
				want = append(want, e.ID)
			}
			if !slices.Equal(ids(got), want) {
				t.Errorf("log of %s (limit %d): %v, want %v", tt.client, tt.limit, ids(got), want)
			}
			for _, g := range got {
				if g.ID == b.ID && (!slices.Equal(g.Shown, []string{"ca", "cb"}) || g.Via != "jp01" || g.ClientID != "") {
					t.Errorf("search entry read back as %+v", g)
				}
			}
		}
	})
}

// The application cannot change or remove access-log entries or the chain
// heads.
func TestAuditAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		appendEntry(t, env.DB, actors[0].OrgID, []string{"c1"})
		// Before sealing, only the seal columns may be set. (SQLite seals
		// inline, so make an unsealed entry as PostgreSQL would write it.)
		if _, err := env.DB.SQL().Exec(forgedEntry("x1", audit.SystemChain, 2)); err != nil {
			t.Fatal(err)
		}
		for _, col := range []string{"touched", "via", "shown", "mac"} {
			if _, err := env.DB.SQL().Exec(`UPDATE audit_entries SET ` + col + ` = 'nothing' WHERE id = 'x1'`); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s of an unsealed entry changed: %v", col, err)
			}
		}
		if _, err := env.DB.SQL().Exec(`UPDATE audit_entries SET version = 1 WHERE id = 'x1'`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("version of an unsealed entry changed: %v", err)
		}
		_, _ = env.DB.SealAudit(ctx) // x1 stays unsealed: its MAC is made up
		for _, s := range []string{
			`UPDATE audit_entries SET result = 'allowed' WHERE hash <> ''`,
			`UPDATE audit_entries SET hash = 'x' WHERE hash <> ''`,
			`DELETE FROM audit_entries`,
			`DELETE FROM audit_heads`,
			`UPDATE audit_heads SET seq = 0`,
		} {
			if _, err := env.DB.SQL().Exec(s); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: want refusal, got %v", s, err)
			}
		}
		if engine == "postgres" {
			for _, table := range []string{"audit_entries", "audit_heads"} {
				if _, err := env.DB.SQL().Exec(`TRUNCATE ` + table); err == nil {
					t.Errorf("TRUNCATE of %s succeeded", table)
				}
			}
			// And by privilege: the application role cannot, even with
			// the triggers gone.
			tx, err := env.DB.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			for _, s := range []string{`ALTER TABLE audit_heads DISABLE TRIGGER USER`,
				`SET LOCAL ROLE koto_app`, `SELECT set_config('koto.scope', 'system', true)`} {
				if _, err := tx.Exec(s); err != nil {
					t.Fatal(err)
				}
			}
			for _, s := range []string{`DELETE FROM audit_heads`} {
				if _, err := tx.Exec(`SAVEPOINT s`); err != nil {
					t.Fatal(err)
				}
				if _, err := tx.Exec(s); err == nil || !strings.Contains(err.Error(), "permission denied") {
					t.Errorf("application role: %s: %v", s, err)
				}
				_, _ = tx.Exec(`ROLLBACK TO SAVEPOINT s`)
			}
		}
	})
}

func TestAuditEntryRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		err := env.DB.InTx(ctx, func(tx *store.Tx) error {
			e := &audit.Entry{Chain: actors[0].OrgID, At: time.Now().Add(time.Second).In(time.FixedZone("EET", 7200)), // nanoseconds
				UserID: "u", Username: "ä ö <x>", OrgID: actors[0].OrgID, Via: "jp ö", Action: "client.read", Result: audit.Allowed, Channel: "cli",
				Shown: []string{"b", "a", "b"}}
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

// BenchmarkAppendAudit is the access-log part of a request: one
// transaction that appends one entry — a card open's (no shown clients)
// or a search's (50 shown clients) — and commits. On PostgreSQL the
// entry is sealed later by the sealer (not measured here).
func BenchmarkAppendAudit(b *testing.B) {
	for _, engine := range storetest.Engines() {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine)
			const org = "orgaaaaaaaaaaaaaaaaaaaaaaa"
			// A search shows n of the organisation's 10 000 clients.
			clients := make([]string, 10000)
			for i := range clients {
				clients[i] = store.NewID()
			}
			appendOne := func(b *testing.B, n int) {
				shown := make([]string, n)
				for i := range shown {
					shown[i] = clients[rand.IntN(len(clients))]
				}
				err := db.InOrgTx(ctx, org, func(tx *store.Tx) error {
					return tx.AppendAudit(&audit.Entry{Chain: org, At: tx.Now(), UserID: "u", Username: "anna", OrgID: org,
						Roles: "caseworker", Action: "client.search", Touched: "name", Shown: shown, Result: audit.Allowed,
						Channel: "api", RequestID: "r"})
				})
				if err != nil {
					b.Error(err)
				}
			}
			for _, n := range []int{0, 50} {
				b.Run(fmt.Sprint("shown=", n), func(b *testing.B) {
					for b.Loop() {
						appendOne(b, n)
					}
				})
				// 16 requests at a time, as under load (SQLite: group commit).
				b.Run(fmt.Sprint("parallel/shown=", n), func(b *testing.B) {
					b.SetParallelism(8) // 16 on two cores
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							appendOne(b, n)
						}
					})
				})
			}
		})
	}
}
