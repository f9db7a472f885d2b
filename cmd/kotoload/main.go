// Command kotoload sends load to a Koto server on this machine through its
// public JSON API and reports throughput, latency and, with --pid, the
// server's CPU time per operation. It refuses any non-loopback --url.
//
//	kotoload --url http://127.0.0.1:8080 --token koto_… --scenario mixed \
//	         --concurrency 16 --duration 20s --pid $(pgrep -n koto)
package main

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"time"

	"koto/internal/loadstat"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kotoload:", err)
		}
		os.Exit(2)
	}
}

type options struct {
	url, token, scenario string
	dbProcess            string
	concurrency          int
	duration, warmup     time.Duration
	requests, pid        int
	within               int
	json                 bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kotoload", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "Koto server (loopback only)")
	fs.StringVar(&o.token, "token", os.Getenv("KOTO_TOKEN"), "API bearer token of a caseworker (default $KOTO_TOKEN, which keeps it out of ps)")
	fs.StringVar(&o.scenario, "scenario", "mixed", "create, card, overview, timeline, search, mixed or due (a caseworker's own due list; use the token of a caseworker with clients assigned)")
	fs.IntVar(&o.within, "within", 90, "due: the list's window in days (?within=)")
	fs.IntVar(&o.concurrency, "concurrency", 1, "parallel workers, 1–1024")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "measured time (at most 10m)")
	fs.IntVar(&o.requests, "requests", 0, "stop after this many operations (0 = duration only)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured warm-up")
	fs.IntVar(&o.pid, "pid", 0, "server process id: report its CPU time per operation")
	fs.StringVar(&o.dbProcess, "db-process", "", "also report the CPU time per operation of the processes with this name (postgres: the database server)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case o.token == "":
		return o, errors.New("--token (or KOTO_TOKEN) is required: koto token create --username demo.ohjaaja.kemi")
	case !slices.Contains(scenarios, o.scenario):
		return o, fmt.Errorf("--scenario must be one of %v", scenarios)
	case o.concurrency < 1 || o.concurrency > 1024:
		return o, errors.New("--concurrency must be 1–1024")
	case o.duration <= 0 || o.duration > loadstat.MaxDuration:
		return o, fmt.Errorf("--duration must be above 0 and at most %v", loadstat.MaxDuration)
	case o.requests < 0 || o.warmup < 0 || o.warmup > time.Minute:
		return o, errors.New("--requests must be ≥ 0 and --warmup 0–1m")
	case o.within < 0 || o.within > 3660:
		return o, errors.New("--within must be 0–3660 days")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	base, err := loopbackURL(o.url)
	if err != nil {
		return err
	}
	cfg := loadstat.Config{Concurrency: o.concurrency, Duration: o.duration, Requests: o.requests, Warmup: o.warmup}
	cpuOf := ""
	if o.pid > 0 {
		if _, err := loadstat.ProcessCPU(o.pid); err != nil {
			return fmt.Errorf("--pid %d: %w", o.pid, err)
		}
		cfg.CPU = func() (time.Duration, error) { return loadstat.ProcessCPU(o.pid) }
		cpuOf = fmt.Sprintf("server pid %d", o.pid)
	}
	if o.dbProcess != "" {
		if cfg.DBCPU, err = loadstat.CommandMeter(o.dbProcess); err != nil {
			return fmt.Errorf("--db-process: %w", err)
		}
	}
	l := newLoad(&api{base: base, token: o.token, client: newHTTPClient(o.concurrency)}, o.concurrency, randomSeed())
	l.within = o.within
	if o.scenario == "card" || o.scenario == "overview" || o.scenario == "timeline" || o.scenario == "mixed" {
		if err := l.collectIDs(ctx); err != nil {
			return err
		}
	}
	out, err := loadstat.Run(ctx, cfg, l.op(o.scenario))
	if err != nil {
		return err
	}
	r := loadstat.NewReport("kotoload", base.String(), o.scenario, o.concurrency, out)
	r.CPUOf = cpuOf
	if o.dbProcess != "" {
		r.DBCPUOf = "processes named " + o.dbProcess
	}
	if o.scenario == "create" || o.scenario == "mixed" {
		r.Note = "created clients stay in the database"
	}
	return r.Write(stdout, o.json)
}

// randomSeed varies the synthetic clients between runs, so that a second
// create run does not repeat the first one's HETUs.
func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
