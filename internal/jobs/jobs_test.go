package jobs_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/jobs"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// Two servers' runners never run the same job at once, and a job ran
// recently is not due again.
func TestClaimedByOneRunner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "idle", access.Caseworker)
		db := env.DB.SQL()
		q := `UPDATE users SET created_at = ? WHERE username = 'idle'`
		if engine == "postgres" {
			q = `UPDATE users SET created_at = $1 WHERE username = 'idle'`
		}
		if _, err := db.Exec(q, time.Now().Add(-100*24*time.Hour).UTC()); err != nil {
			t.Fatal(err)
		}
		var runs atomic.Int32
		job := jobs.Job{Name: "auth.expire_accounts", Every: time.Hour, Lease: time.Minute,
			Run: func(ctx context.Context) (string, error) {
				runs.Add(1)
				time.Sleep(50 * time.Millisecond) // overlap with the other runner
				return env.Auth.ExpireAccounts(ctx)
			}}
		a := jobs.NewRunner(env.DB.Jobs(), "server-a", quiet, job)
		b := jobs.NewRunner(env.DB.Jobs(), "server-b", quiet, job)
		var wg sync.WaitGroup
		var ran atomic.Int32
		for _, r := range []*jobs.Runner{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := r.RunOnce(context.Background(), job)
				if err != nil {
					t.Error(err)
				}
				if ok {
					ran.Add(1)
				}
			}()
		}
		wg.Wait()
		if ran.Load() != 1 || runs.Load() != 1 {
			t.Fatalf("ran %d times (%d claims), want once", runs.Load(), ran.Load())
		}
		var result string
		var leased any
		if err := db.QueryRow(`SELECT last_result, leased_until FROM jobs WHERE name = 'auth.expire_accounts'`).Scan(&result, &leased); err != nil {
			t.Fatal(err)
		}
		if result != "disabled 1 accounts" || leased != nil {
			t.Errorf("job row: %q leased %v", result, leased)
		}
		var disabled bool
		if err := db.QueryRow(`SELECT disabled_at IS NOT NULL FROM users WHERE username = 'idle'`).Scan(&disabled); err != nil || !disabled {
			t.Errorf("idle account not disabled: %v", err)
		}
		// A lease that ran out (a crashed holder) can be taken over.
		stale := jobs.Job{Name: "stale", Every: 0, Lease: -time.Second, Run: func(context.Context) (string, error) { return "ok", nil }}
		if ok, _ := env.DB.Jobs().Claim(context.Background(), "stale2", "crashed", 0, time.Hour); !ok {
			t.Fatal("first claim")
		}
		if ok, _ := env.DB.Jobs().Claim(context.Background(), "stale2", "other", 0, time.Hour); ok {
			t.Error("a live lease was taken over")
		}
		if ok, err := a.RunOnce(context.Background(), stale); !ok || err != nil {
			t.Errorf("free job: %v %v", ok, err)
		}
	})
}

// The due list's job (due.recompute) runs on one runner at a time, and a
// second run finds nothing left to do.
func TestDueJobClaimedByOneRunner(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		if err := env.DB.MarkAllDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		var running, overlaps, runs atomic.Int32
		job := jobs.Job{Name: "due.recompute", Every: time.Hour, Lease: time.Minute,
			Run: func(ctx context.Context) (string, error) {
				if running.Add(1) > 1 {
					overlaps.Add(1)
				}
				defer running.Add(-1)
				runs.Add(1)
				time.Sleep(50 * time.Millisecond)
				return env.DB.RecomputeDue(ctx)
			}}
		a := jobs.NewRunner(env.DB.Jobs(), "server-a", quiet, job)
		b := jobs.NewRunner(env.DB.Jobs(), "server-b", quiet, job)
		var wg sync.WaitGroup
		for _, r := range []*jobs.Runner{a, b, a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := r.RunOnce(context.Background(), job); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if runs.Load() != 1 || overlaps.Load() != 0 {
			t.Fatalf("ran %d times, %d at once", runs.Load(), overlaps.Load())
		}
		var result string
		if err := env.DB.SQL().QueryRow(`SELECT last_result FROM jobs WHERE name = 'due.recompute'`).Scan(&result); err != nil || result != "recomputed 0 clients" {
			t.Errorf("job row: %q %v", result, err)
		}
	})
}
