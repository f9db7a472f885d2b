package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/config"
	"koto/internal/jobs"
	"koto/internal/retention"
	"koto/internal/store"
)

// cmdRetention runs `koto retention run|hold|certificates` (ADR 36).
func cmdRetention(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "retention", "run", "hold", "certificates")
	if err != nil {
		return err
	}
	switch sub {
	case "run":
		return retentionRun(ctx, e)
	case "hold":
		return retentionHold(ctx, e)
	default:
		return retentionCertificates(ctx, e)
	}
}

// retentionRun applies the rules as if today were --as-of and prints one
// line per record class.
func retentionRun(ctx context.Context, e *env) error {
	fs, cfg := flags("retention run", e)
	asOf := fs.String("as-of", "", "apply the rules as if today were this day, YYYY-MM-DD (default today)")
	dryRun := fs.Bool("dry-run", false, "only count what would be deleted")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	day := civil.DateOf(time.Now().UTC())
	if *asOf != "" {
		if day, err = civil.ParseDate(*asOf); err != nil {
			return fmt.Errorf("--as-of: want YYYY-MM-DD")
		}
	}
	engine, err := retentionEngine(cfg, c.db, day)
	if err != nil {
		return err
	}
	rep, err := engine.Run(ctx, cliActor, day, *dryRun)
	printRetention(e, rep)
	return err
}

// printRetention writes the run's lines to stdout, one per record class
// (the interface scripts rely on), and the header and the certificates
// to stderr.
func printRetention(e *env, rep *retention.Report) {
	if rep == nil {
		return
	}
	mode := "run"
	if rep.DryRun {
		mode = "dry run"
	}
	fmt.Fprintf(e.stderr, "retention %s as of %s\n", mode, rep.AsOf)
	for _, l := range rep.Lines {
		fmt.Fprintln(e.stdout, l.String(rep.DryRun))
	}
	for _, c := range rep.Certificates {
		fmt.Fprintf(e.stderr, "certificate %s %s %s\n", c.ID, c.Class, c.Hash)
	}
}

// retentionEngine builds the engine from the configuration: the rules
// (built-in or --retention-rules) and, for classes marked for archiving,
// the archive directory.
func retentionEngine(cfg *config.Config, db *store.DB, asOf civil.Date) (*retention.Engine, error) {
	rules, err := retentionRules(cfg)
	if err != nil {
		return nil, err
	}
	// The erasure deletes the erased clients' attachment blobs too. The
	// configuration always names a blob store (BlobDir defaults to
	// <data-dir>/blobs); only a configuration built by hand has none.
	rs := db.Retention()
	if cfg.BlobURL != "" || cfg.BlobDir != "" {
		blobs, err := openBlobs(cfg)
		if err != nil {
			return nil, fmt.Errorf("retention: blob store: %w", err)
		}
		rs = rs.WithBlobs(blobs)
	}
	e := &retention.Engine{Rules: rules, Store: rs}
	if r, ok := rules.Rule(retention.ClassClient); ok && r.Archive {
		e.Archiver = &retention.DirArchiver{Dir: cfg.RetentionArchiveDir, Source: rs, Rule: r, AsOf: asOf}
	}
	return e, nil
}

// retentionRules are the configured rules: built-in, or --retention-rules.
func retentionRules(cfg *config.Config) (retention.Rules, error) {
	if cfg.RetentionRules == "" {
		return retention.Default(), nil
	}
	b, err := os.ReadFile(cfg.RetentionRules)
	if err != nil {
		return retention.Rules{}, fmt.Errorf("retention rules: %w", err)
	}
	return retention.Parse(b)
}

// retentionHold sets or clears a legal hold on a client.
func retentionHold(ctx context.Context, e *env) error {
	fs, cfg := flags("retention hold", e)
	clientID := fs.String("client", "", "client id")
	reason := fs.String("reason", "", "why the client is held: a reference such as a court case number (required to set)")
	clear := fs.Bool("clear", false, "clear the hold instead of setting it")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if *clientID == "" {
		return fmt.Errorf("--client is required")
	}
	rs := c.db.Retention()
	actor := cliActor
	if *clear {
		if err := rs.ClearRetentionHold(ctx, actor, *clientID); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "legal hold cleared: %s\n", *clientID)
		return nil
	}
	if err := rs.SetRetentionHold(ctx, actor, retention.Hold{ClientID: *clientID, Reason: *reason}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "legal hold set: %s\n", *clientID)
	return nil
}

// retentionCertificates prints the deletion certificates as JSON lines.
func retentionCertificates(ctx context.Context, e *env) error {
	fs, cfg := flags("retention certificates", e)
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	cs, err := c.db.Retention().RetentionCertificates(ctx)
	if err != nil {
		return err
	}
	for _, cert := range cs {
		fmt.Fprintf(e.stdout, "%s %s %s as of %s: %d (%s) by %s %s\n", cert.At.Format(time.RFC3339), cert.ID, cert.Class, cert.AsOf, cert.Count, cert.Rule, cert.RunBy, cert.Hash)
	}
	return nil
}

// RetentionJob is the daily retention run (ADR 36): a dry-run report in
// the job's result and the log, or — with --retention-enabled — the real
// run with its certificates. The jobs table's lease lets one server of
// several run it; a run that fails midway is simply run again (every
// erasure is a transaction of its own, and erased clients are not found
// again).
func RetentionJob(cfg *config.Config, db *store.DB) jobs.Job {
	return jobs.Job{Name: retention.JobName, Every: 24 * time.Hour, Lease: 6 * time.Hour, Run: func(ctx context.Context) (string, error) {
		day := civil.DateOf(time.Now().UTC())
		engine, err := retentionEngine(cfg, db, day)
		if err != nil {
			return "", err
		}
		actor := access.SystemActor(access.ChannelCLI)
		actor.Username = "job:retention.daily"
		rep, err := engine.Run(ctx, actor, day, !cfg.RetentionEnabled)
		if rep == nil {
			return "", err
		}
		lines := make([]string, len(rep.Lines))
		for i, l := range rep.Lines {
			lines[i] = l.String(rep.DryRun)
		}
		return strings.Join(lines, "; "), err
	}}
}
