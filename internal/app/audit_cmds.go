package app

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"koto/internal/audit"
	"koto/internal/config"
	"koto/internal/crypto"
	"koto/internal/store"
)

// cmdAudit runs `koto audit verify` and `koto audit checkpoint` (ADR 12).
func cmdAudit(ctx context.Context, e *env) error {
	sub, err := subcommand(e, "audit", "verify", "checkpoint")
	if err != nil {
		return err
	}
	if sub == "checkpoint" {
		return auditCheckpoint(ctx, e)
	}
	return auditVerify(ctx, e)
}

// auditVerify checks the access log against itself and against the
// latest checkpoint, and changes nothing: it opens the store read-only and
// never seals. Exit 0 when everything holds; otherwise every problem is
// printed as a BROKEN line, the first first, and the exit status is 1.
func auditVerify(ctx context.Context, e *env) error {
	fs, cfg := flags("audit verify", e)
	file := fs.String("checkpoints", "", "verify against this checkpoint file (e.g. a copy shipped off the machine) instead of <audit-checkpoint-dir>/"+audit.CheckpointFileName)
	if err := fs.Parse(e.args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	ring, err := readRing(cfg)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Ring: ring, MaxConns: cfg.MaxConns, ReadOnly: true})
	if err != nil {
		return err
	}
	defer db.Close()

	path := *file
	if path == "" {
		path = filepath.Join(cfg.AuditCheckpointDir, audit.CheckpointFileName)
	}
	var problems []string
	cps, err := audit.ReadCheckpoints(path, db.AuditKeys().CheckpointPublicKey())
	switch {
	case errors.Is(err, os.ErrNotExist) && *file == "":
		fmt.Fprintf(e.stdout, "warning: no checkpoint file %s: the chains are verified without a checkpoint\n", path)
	case err != nil:
		return err
	}
	for _, p := range cps.Problems {
		problems = append(problems, fmt.Sprintf("checkpoint file %s %s", path, p))
	}
	res, err := db.VerifyAudit(ctx, store.VerifyOptions{Checkpoint: cps.Latest})
	if err != nil {
		return err
	}
	for _, b := range res.Breaks {
		problems = append(problems, b.String())
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(e.stdout, "BROKEN: %s\n", p)
		}
		fmt.Fprintf(e.stdout, "access log verification FAILED: %d problems (%d chains, %d entries checked)\n", len(problems), res.Chains, res.Entries)
		return exitError(1)
	}
	fmt.Fprintf(e.stdout, "access log OK: %d chains, %d entries verified", res.Chains, res.Entries)
	if res.Pending > 0 {
		fmt.Fprintf(e.stdout, " (%d written meanwhile, not sealed yet)", res.Pending)
	}
	fmt.Fprintln(e.stdout)
	if cps.Latest != nil {
		fmt.Fprintf(e.stdout, "every chain reaches the latest checkpoint (%s, line %d of %s)\n", cps.Latest.At.Format(time.RFC3339), cps.Lines, path)
	}
	return nil
}

// auditCheckpoint writes a checkpoint now (after sealing what is pending,
// as a server would), prints the public key that verifies checkpoints, or
// verifies a checkpoint file with that public key alone.
func auditCheckpoint(ctx context.Context, e *env) error {
	fs, cfg := flags("audit checkpoint", e)
	printKey := fs.Bool("public-key", false, "print the public key that verifies checkpoints (base64) and write none")
	check := fs.String("check", "", "verify the checkpoint file FILE with --key alone (no database, no key file) and print its latest checkpoint")
	key := fs.String("key", "", "public key for --check, as --public-key prints it")
	if err := fs.Parse(e.args); err != nil {
		return err
	}
	if *check != "" {
		return checkCheckpoints(e, *check, *key)
	}
	if *printKey {
		if err := cfg.Validate(); err != nil {
			return err
		}
		ring, err := readRing(cfg)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, base64.StdEncoding.EncodeToString(ring.AuditKeys().CheckpointPublicKey()))
		return nil
	}
	c, err := open(ctx, cfg, e.stderr)
	if err != nil {
		return err
	}
	defer c.Close()
	cp := newCheckpointer(cfg, c.db, c.log)
	var refused *store.RefusedEntries
	if _, err := c.db.SealAudit(ctx); errors.As(err, &refused) {
		fmt.Fprintf(e.stderr, "warning: %v\n", err)
	} else if err != nil {
		return err
	}
	res, err := cp.write(ctx, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "checkpoint written to %s\n", res.Path)
	return nil
}

// checkCheckpoints verifies a checkpoint file with a public key alone: what
// an auditor holding a shipped copy runs.
func checkCheckpoints(e *env, path, key string) error {
	pub, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return errors.New("--check needs --key: the public key --public-key prints")
	}
	cps, err := audit.ReadCheckpoints(path, pub)
	if err != nil {
		return err
	}
	for _, p := range cps.Problems {
		fmt.Fprintf(e.stdout, "BROKEN: checkpoint file %s %s\n", path, p)
	}
	if cps.Latest != nil {
		fmt.Fprintf(e.stdout, "latest verified checkpoint: %s, %d chains\n", cps.Latest.At.Format(time.RFC3339), len(cps.Latest.Heads))
	}
	if len(cps.Problems) > 0 || cps.Latest == nil {
		fmt.Fprintf(e.stdout, "checkpoint file verification FAILED\n")
		return exitError(1)
	}
	fmt.Fprintf(e.stdout, "checkpoint file OK: %d checkpoints, each signed and linked to the one before\n", cps.Lines)
	return nil
}

// readRing reads the key ring, which must exist: a command that only
// checks never creates keys.
func readRing(cfg *config.Config) (*crypto.MasterRing, error) {
	data, err := os.ReadFile(cfg.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	r, err := crypto.ParseRing(data)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", cfg.KeyFile, err)
	}
	return r, nil
}
