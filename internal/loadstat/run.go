package loadstat

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// MaxDuration is the hard cap of a measured run: a load tool left running
// by mistake must stop on its own.
const MaxDuration = 10 * time.Minute

// Config bounds a run. The measured phase ends when Duration has passed or
// Requests operations have started, whichever comes first.
type Config struct {
	Concurrency int
	Duration    time.Duration // capped at MaxDuration
	Requests    int           // 0 = no limit
	Warmup      time.Duration // operations run but are not counted
	// CPU, when set, is read before and after the measured phase; so is
	// DBCPU, the database server's CPU (CommandCPU).
	CPU, DBCPU func() (time.Duration, error)
}

// Op performs one operation as worker w. It returns "" on success or a
// short label of the failure ("409", "transport"), counted per label.
type Op func(ctx context.Context, w int) string

// Outcome is what a run measured.
type Outcome struct {
	Elapsed time.Duration
	Latency Histogram // successful operations only
	Errors  map[string]int
	CPU     time.Duration // -1 when not measured
	DBCPU   time.Duration // -1 when not measured
}

// Run drives op from cfg.Concurrency workers: first the warm-up, then the
// measured phase. A cancelled ctx ends the run early; the operations in
// flight finish first, so none is cut off and counted as an error.
func Run(ctx context.Context, cfg Config, op Op) (Outcome, error) {
	cfg.Concurrency = max(cfg.Concurrency, 1)
	if cfg.Duration <= 0 || cfg.Duration > MaxDuration {
		cfg.Duration = MaxDuration
	}
	if cfg.Warmup > 0 {
		phase(ctx, cfg.Concurrency, cfg.Warmup, 0, op)
	}
	out := Outcome{CPU: -1, DBCPU: -1}
	meters := [2]func() (time.Duration, error){cfg.CPU, cfg.DBCPU}
	var before [2]time.Duration
	for i, m := range meters {
		var err error
		if before[i], err = readCPU(m); err != nil {
			return out, err
		}
	}
	start := time.Now()
	workers := phase(ctx, cfg.Concurrency, cfg.Duration, cfg.Requests, op)
	out.Elapsed = time.Since(start)
	spent := [2]time.Duration{-1, -1}
	for i, m := range meters {
		if m == nil {
			continue
		}
		after, err := m()
		if err != nil {
			return out, err
		}
		spent[i] = after - before[i]
	}
	out.CPU, out.DBCPU = spent[0], spent[1]
	out.Errors = map[string]int{}
	for _, w := range workers {
		out.Latency.Merge(&w.latency)
		for k, v := range w.errors {
			out.Errors[k] += v
		}
	}
	return out, nil
}

// readCPU reads a CPU meter; an unset one reads zero.
func readCPU(meter func() (time.Duration, error)) (time.Duration, error) {
	if meter == nil {
		return 0, nil
	}
	return meter()
}

type workerStats struct {
	latency Histogram
	errors  map[string]int
}

// phase runs op until d has passed, limit operations have started (when
// limit > 0) or ctx ends, and returns each worker's statistics.
func phase(ctx context.Context, n int, d time.Duration, limit int, op Op) []*workerStats {
	var stop atomic.Bool
	timer := time.AfterFunc(d, func() { stop.Store(true) })
	defer timer.Stop()
	var started atomic.Int64
	stats := make([]*workerStats, n)
	var wg sync.WaitGroup
	for w := range n {
		s := &workerStats{errors: map[string]int{}}
		stats[w] = s
		wg.Go(func() {
			for !stop.Load() && ctx.Err() == nil {
				if limit > 0 && started.Add(1) > int64(limit) {
					return
				}
				t0 := time.Now()
				if label := op(ctx, w); label != "" {
					s.errors[label]++
				} else {
					s.latency.Record(time.Since(t0))
				}
			}
		})
	}
	wg.Wait()
	return stats
}
