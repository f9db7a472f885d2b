package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/retention"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// prunedEnv seeds two organisations, takes a checkpoint of the heads,
// writes more entries after a cut-off instant and prunes every chain at
// the cut-off. It returns the env, the first organisation's chain, the
// checkpoint and what the prune did to that chain.
func prunedEnv(t *testing.T, engine string) (*testenv.Env, string, *audit.Checkpoint, retention.PrunedChain) {
	t.Helper()
	env, actors := seed(t, engine)
	chain := actors[0].OrgID
	early := checkpoint(t, env.DB) // a head older than the prune point
	for i := 0; i < 3; i++ {
		appendEntry(t, env.DB, chain, []string{fmt.Sprint("c", i)})
	}
	seal(t, env.DB)
	time.Sleep(5 * time.Millisecond)
	cutoff := time.Now()
	time.Sleep(5 * time.Millisecond)
	for i := 0; i < 4; i++ {
		appendEntry(t, env.DB, chain, []string{fmt.Sprint("d", i)})
	}
	seal(t, env.DB)
	before := len(entries(t, env, chain))
	rs := env.DB.Retention()
	dry, err := rs.PruneAccessLog(ctx, testenv.System, "", cutoff, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(entries(t, env, chain)); n != before {
		t.Fatalf("the dry run deleted %d entries", before-n)
	}
	got, err := rs.PruneAccessLog(ctx, testenv.System, "", cutoff, false)
	if err != nil {
		t.Fatal(err)
	}
	var p retention.PrunedChain
	for _, g := range got {
		if g.Chain == chain {
			p = g
		}
	}
	if len(dry) != len(got) || p.Count == 0 || p.FirstYear != time.Now().Year() {
		t.Fatalf("dry run %+v, run %+v", dry, got)
	}
	seal(t, env.DB)
	rest := entries(t, env, chain)
	// Left: the four later entries and the prune's own record.
	if len(rest) != 5 || rest[0].Seq != p.Seq+1 || int64(before)-p.Count != 4 {
		t.Fatalf("after the prune %d entries from %d (pruned %+v, %d before)", len(rest), rest[0].Seq, p, before)
	}
	if !strings.HasPrefix(rest[len(rest)-1].Touched, "access_log_pruned") {
		t.Errorf("the prune is not recorded in the chain: %+v", rest[len(rest)-1])
	}
	return env, chain, early, p
}

// Access-log retention deletes whole leading segments of each chain
// behind a signed prune checkpoint; verify starts the chain there, the
// external checkpoint taken before still verifies, and a second run
// deletes nothing more.
func TestAccessLogPrune(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, chain, early, p := prunedEnv(t, engine)
		wantIntact(t, check(t, env.DB, early))
		wantIntact(t, check(t, env.DB, checkpoint(t, env.DB)))
		again, err := env.DB.Retention().PruneAccessLog(ctx, testenv.System, chain, time.Now().Add(-time.Hour), false)
		if err != nil || len(again) != 0 {
			t.Fatalf("second prune: %+v %v", again, err)
		}
		if n := systemCount(t, env.DB, `SELECT COUNT(*) FROM audit_prunes`); n < 2 {
			t.Errorf("%d prune checkpoints, want one per pruned chain", n)
		}
		// The application cannot delete entries or prune checkpoints.
		err = env.DB.InOrgTx(ctx, chain, func(tx *store.Tx) error {
			return tx.Exec(`DELETE FROM audit_prunes`)
		})
		if err == nil {
			t.Error("the application deleted prune checkpoints")
		}
		err = env.DB.InOrgTx(ctx, chain, func(tx *store.Tx) error {
			return tx.Exec(`DELETE FROM audit_entries WHERE chain = ?`, chain)
		})
		if err == nil {
			t.Error("the application deleted access-log entries")
		}
		_ = p
	})
}

// The attacks: each leaves the log failing verification.
func TestAccessLogPruneAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		t.Run("one more entry deleted", func(t *testing.T) {
			env, chain, _, p := prunedEnv(t, engine)
			tamper(t, env, fmt.Sprintf(`DELETE FROM audit_entries WHERE chain = '%s' AND seq = %d`, chain, p.Seq+1))
			wantBroken(t, check(t, env.DB, nil), chain, "expected sequence")
		})
		t.Run("prune checkpoint moved", func(t *testing.T) {
			env, chain, _, p := prunedEnv(t, engine)
			tamper(t, env,
				fmt.Sprintf(`DELETE FROM audit_entries WHERE chain = '%s' AND seq = %d`, chain, p.Seq+1),
				fmt.Sprintf(`INSERT INTO audit_prunes (id, chain, seq, hash, year, count, at, sig)
					SELECT id || 'x', chain, seq + 1, hash, year, count + 1, at, sig FROM audit_prunes WHERE chain = '%s'`, chain))
			wantBroken(t, check(t, env.DB, nil), chain, "does not verify")
		})
		t.Run("forged prune of a partial year", func(t *testing.T) {
			env, actors := seed(t, engine)
			chain := actors[1].OrgID
			seal(t, env.DB)
			es := entries(t, env, chain)
			cut := es[len(es)/2]
			forged := audit.Prune{ID: "forged", Chain: chain, Seq: cut.Seq, Hash: cut.Hash, Year: cut.At.Year(), Count: cut.Seq, At: time.Now().UTC()}
			sig := strings.Repeat("A", 86) + "=="
			tamper(t, env,
				fmt.Sprintf(`DELETE FROM audit_entries WHERE chain = '%s' AND seq <= %d`, chain, cut.Seq),
				fmt.Sprintf(`INSERT INTO audit_prunes (id, chain, seq, hash, year, count, at, sig) VALUES ('%s', '%s', %d, '%s', %d, %d, '%s', '%s')`,
					forged.ID, forged.Chain, forged.Seq, forged.Hash, forged.Year, forged.Count, forged.At.Format("2006-01-02 15:04:05.000000+00:00"), sig))
			res := check(t, env.DB, nil)
			wantBroken(t, res, chain, "does not verify")
			wantBroken(t, res, chain, "expected sequence")
		})
	})
}

// Only the system prunes; a data protection officer may preview (dry run)
// the own organisation only.
func TestAccessLogPruneActors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env, actors := seed(t, engine)
		dpo := env.AddUser(t, "240", "dora", access.DPO)
		seal(t, env.DB)
		rs := env.DB.Retention()
		later := time.Now().Add(time.Hour)
		if _, err := rs.PruneAccessLog(ctx, dpo, dpo.OrgID, later, false); err == nil {
			t.Error("a DPO pruned the access log")
		}
		if _, err := rs.PruneAccessLog(ctx, dpo, actors[1].OrgID, later, true); err == nil {
			t.Error("a DPO previewed another organisation's log")
		}
		if _, err := rs.PruneAccessLog(ctx, actors[0], actors[0].OrgID, later, true); err == nil {
			t.Error("a caseworker previewed the prune")
		}
		got, err := rs.PruneAccessLog(ctx, dpo, dpo.OrgID, later, true)
		if err != nil || len(got) != 1 || got[0].Chain != dpo.OrgID {
			t.Fatalf("preview: %+v %v", got, err)
		}
		wantIntact(t, verify(t, env.DB))
	})
}
