// Package jobs runs Koto's scheduled background work safely with several
// server processes on one database. Each job has a row in the jobs table;
// a process runs a job only after claiming that row with a lease in a
// transaction (UPDATE … WHERE the lease is free and the job is due), so at
// most one process runs a job at a time and a crashed holder's lease simply
// runs out. Jobs derive their work from database state, so running one
// again — after a crash, or twice — is harmless.
package jobs

import (
	"context"
	"log/slog"
	"time"
)

// Store claims and releases job rows.
type Store interface {
	// Claim takes the lease of job name for holder until now+lease when the
	// job is not leased (or its lease ran out) and its last run is at
	// least every ago. It reports whether holder got the lease.
	Claim(ctx context.Context, name, holder string, every, lease time.Duration) (bool, error)
	// Finish records a run's result and releases holder's lease.
	Finish(ctx context.Context, name, holder, result string) error
}

// Job is one kind of scheduled work.
type Job struct {
	Name  string
	Every time.Duration // how often it is due
	Lease time.Duration // how long one run may take before others may retry
	Run   func(ctx context.Context) (result string, err error)
}

// Runner runs jobs for one process.
type Runner struct {
	store  Store
	holder string
	log    *slog.Logger
	jobs   []Job
	// Tick is how often the runner looks for due jobs (default one minute).
	Tick time.Duration
}

// NewRunner returns a runner; holder names this process in the jobs table
// (host and process id, for operators).
func NewRunner(store Store, holder string, log *slog.Logger, jobs ...Job) *Runner {
	if log == nil {
		log = slog.Default()
	}
	return &Runner{store: store, holder: holder, log: log, jobs: jobs, Tick: time.Minute}
}

// RunOnce runs job if this process can claim it now, and reports whether it
// ran. A failed run is recorded as the result and returned.
func (r *Runner) RunOnce(ctx context.Context, job Job) (bool, error) {
	ok, err := r.store.Claim(ctx, job.Name, r.holder, job.Every, job.Lease)
	if err != nil || !ok {
		return false, err
	}
	start := time.Now()
	result, runErr := job.Run(ctx)
	if runErr != nil {
		result = "error: " + runErr.Error()
	}
	// Record the outcome even if ctx ended meanwhile (shutdown).
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := r.store.Finish(fctx, job.Name, r.holder, result); err != nil {
		return true, err
	}
	r.log.Info("job ran", "job", job.Name, "result", result, "duration", time.Since(start).Round(time.Millisecond))
	return true, runErr
}

// Run checks every job at once and then every Tick until ctx ends.
func (r *Runner) Run(ctx context.Context) {
	t := time.NewTicker(r.Tick)
	defer t.Stop()
	for {
		for _, j := range r.jobs {
			if _, err := r.RunOnce(ctx, j); err != nil && ctx.Err() == nil {
				r.log.Error("job failed", "job", j.Name, "err", err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
