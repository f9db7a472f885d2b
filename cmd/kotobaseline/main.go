// Command kotobaseline measures plain SQL doing what Koto's card read, client
// overview, timeline, client creation and name search do, on Koto's own database, so that
// Koto's overhead (access rules, encryption, the access-log chain, HTTP)
// can be read off against kotoload's figures from the same machine. It
// does the same reads as Koto on Koto's tables and the same writes into
// empty scratch copies of them (baseline_*), which it drops at the end.
//
// It is a measuring tool for synthetic test registers only. It reads
// client rows with the database owner's rights, around Koto's
// authorization and without access-log entries, so it must never be
// pointed at a register that holds real people's data. It reads Koto's
// key ring (--key-file) only to compute the keyed digests a name search
// looks up; it opens no sealed field.
//
//	kotobaseline --data-dir ./koto-data --scenario card --concurrency 16 --duration 20s
//	kotobaseline --database-url postgres://… --key-file DIR/keys.json --scenario search
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
	"path/filepath"
	"slices"
	"time"

	"koto/internal/crypto"
	"koto/internal/loadstat"
)

var scenarios = []string{"card", "overview", "timeline", "create", "search", "mixed", "due"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "kotobaseline:", err)
		}
		os.Exit(2)
	}
}

type options struct {
	dataDir, databaseURL, scenario string
	keyFile                        string
	dueUser                        string // due: whose list to read (default: the users with most clients)
	dbProcess                      string
	concurrency, requests, maxConn int
	duration, warmup               time.Duration
	json                           bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("kotobaseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dataDir, "data-dir", envOr("KOTO_DATA_DIR", "./koto-data"), "Koto data directory (SQLite: DIR/koto.db)")
	fs.StringVar(&o.databaseURL, "database-url", os.Getenv("KOTO_DATABASE_URL"), "PostgreSQL URL; empty = SQLite")
	fs.StringVar(&o.keyFile, "key-file", os.Getenv("KOTO_KEY_FILE"), "Koto's key ring, for the keyed digests of name searches (default DATA-DIR/keys.json)")
	fs.StringVar(&o.scenario, "scenario", "card", "card, overview, timeline, create, search, mixed or due (the due list of the users with most clients assigned)")
	fs.StringVar(&o.dueUser, "due-user", "", "due: the username whose due list to read (default: the users with the most clients assigned)")
	fs.IntVar(&o.concurrency, "concurrency", 1, "parallel workers, 1–1024")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "measured time (at most 10m)")
	fs.IntVar(&o.requests, "requests", 0, "stop after this many operations (0 = duration only)")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured warm-up")
	fs.IntVar(&o.maxConn, "max-conns", 16, "connection pool size, as Koto's --max-conns")
	fs.StringVar(&o.dbProcess, "db-process", "", "also report the CPU time per operation of the processes with this name (postgres: the database server)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.keyFile == "" {
		o.keyFile = filepath.Join(o.dataDir, "keys.json")
	}
	switch {
	case fs.NArg() > 0:
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	case !slices.Contains(scenarios, o.scenario):
		return o, fmt.Errorf("--scenario must be one of %v", scenarios)
	case o.concurrency < 1 || o.concurrency > 1024 || o.maxConn < 1:
		return o, errors.New("--concurrency must be 1–1024 and --max-conns at least 1")
	case o.duration <= 0 || o.duration > loadstat.MaxDuration:
		return o, fmt.Errorf("--duration must be above 0 and at most %v", loadstat.MaxDuration)
	case o.requests < 0 || o.warmup < 0 || o.warmup > time.Minute:
		return o, errors.New("--requests must be ≥ 0 and --warmup 0–1m")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, o.dataDir, o.databaseURL, o.maxConn)
	if err != nil {
		return err
	}
	defer d.close()
	ringFile, err := os.ReadFile(o.keyFile)
	if err != nil {
		return fmt.Errorf("key ring: %w", err)
	}
	ring, err := crypto.ParseRing(ringFile)
	if err != nil {
		return fmt.Errorf("key ring %s: %w", o.keyFile, err)
	}
	fmt.Fprintln(stderr, "kotobaseline: reads client rows without authorization or access logging; use on synthetic test registers only")
	if err := d.createScratch(ctx); err != nil {
		return err
	}
	defer func() {
		if dropErr := d.dropScratch(); err == nil && dropErr != nil {
			err = fmt.Errorf("drop scratch tables: %w", dropErr)
		}
	}()
	b, err := newBench(ctx, d, ring, o.concurrency, randomSeed(), o.dueUser)
	if err != nil {
		return err
	}
	cfg := loadstat.Config{Concurrency: o.concurrency, Duration: o.duration,
		Requests: o.requests, Warmup: o.warmup, CPU: loadstat.SelfCPU}
	if o.dbProcess != "" {
		if cfg.DBCPU, err = loadstat.CommandMeter(o.dbProcess); err != nil {
			return fmt.Errorf("--db-process: %w", err)
		}
	}
	out, err := loadstat.Run(ctx, cfg, b.op(o.scenario))
	if err != nil {
		return err
	}
	r := loadstat.NewReport("kotobaseline", d.target, o.scenario, o.concurrency, out)
	r.CPUOf = "this process"
	if o.dbProcess != "" {
		r.DBCPUOf = "processes named " + o.dbProcess
	}
	if d.engine == "sqlite" {
		r.Note = "CPU includes the embedded SQLite engine, as a koto server's does"
	} else {
		r.Note = "CPU excludes the PostgreSQL server, as a koto server's does (dbCpu* is the server's, with --db-process postgres)"
	}
	return r.Write(stdout, o.json)
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func randomSeed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
