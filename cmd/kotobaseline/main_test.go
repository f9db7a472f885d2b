package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"koto/internal/org"

	"koto/internal/auth"
	"koto/internal/client"
	"koto/internal/demo"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// TestScenarios runs every scenario briefly against a Koto database with
// demo data, on both engines, and checks that nothing fails and the
// scratch tables are gone afterwards.
func TestScenarios(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		cfg := store.Config{DataDir: t.TempDir(), Ring: storetest.Ring(t)}
		ringFile, err := cfg.Ring.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cfg.DataDir, "keys.json"), ringFile, 0o600); err != nil {
			t.Fatal(err)
		}
		if engine == "postgres" {
			cfg.URL = storetest.Schema(t)
		}
		db, err := store.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		policy := auth.DefaultPolicy
		policy.Argon2 = testenv.CheapArgon2
		authSvc := auth.NewService(db.Auth(), policy, store.NewID, time.Now)
		if _, err := demo.Load(ctx, org.NewService(db.Orgs(), store.NewID), authSvc, client.NewService(db.Clients(), store.NewID, client.DefaultPolicy), demo.Options{Clients: 30, Seed: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.RecomputeDue(ctx); err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, sc := range scenarios {
			var out strings.Builder
			err := run(ctx, []string{"--data-dir", cfg.DataDir, "--database-url", cfg.URL, "--scenario", sc,
				"--concurrency", "4", "--requests", "40", "--warmup", "0", "--json"}, &out, io.Discard)
			if err != nil {
				t.Fatalf("%s: %v", sc, err)
			}
			var rep struct {
				Ops    int
				Errors map[string]int
			}
			if err := json.Unmarshal([]byte(out.String()), &rep); err != nil || rep.Ops != 40 || len(rep.Errors) > 0 {
				t.Errorf("%s: report %+v (%v)", sc, rep, err)
			}
		}
		var n int
		err = db.SQL().QueryRow(`SELECT COUNT(*) FROM baseline_log`).Scan(&n)
		if err == nil {
			t.Error("baseline_log was not dropped")
		}
	})
}

func TestRefusesNonKotoDatabase(t *testing.T) {
	dir := t.TempDir()
	err := run(context.Background(), []string{"--data-dir", dir, "--requests", "1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "no Koto database") {
		t.Errorf("empty directory: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "koto.db"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err = run(context.Background(), []string{"--data-dir", dir, "--requests", "1"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "not a migrated Koto database") {
		t.Errorf("empty file: %v", err)
	}
}
