package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"time"

	"koto/internal/audit"
	"koto/internal/config"
	"koto/internal/store"
)

// sealInterval is how long an access-log entry may stay unsealed while a
// server runs.
const sealInterval = 200 * time.Millisecond

// runSealer chains new access-log entries until ctx ends, then seals once
// more so a graceful stop leaves nothing pending. Every server runs one;
// the store makes concurrent sealers safe. Entries the store refuses to
// chain (their MAC does not verify; on SQLite, any unsealed entry) are
// logged when their number changes, not every 200 ms.
func runSealer(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(sealInterval)
	defer t.Stop()
	refusedBefore := 0
	report := func(err error, msg string) {
		var refused *store.RefusedEntries
		if errors.As(err, &refused) {
			if refused.Count != refusedBefore {
				refusedBefore = refused.Count
				log.Error("access log: entries refused by the sealer (tampering?); `koto audit verify` names them", "err", err)
			}
			return
		}
		refusedBefore = 0
		if err != nil {
			log.Error(msg, "err", err)
		}
	}
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := db.SealAudit(final)
			report(err, "sealing access log at shutdown")
			return
		case <-t.C:
			if _, err := db.SealAudit(ctx); ctx.Err() == nil {
				report(err, "sealing access log")
			}
		}
	}
}

// checkpointInterval is how often a server writes a checkpoint of the
// access log's chain heads (when they have changed).
const checkpointInterval = time.Minute

// checkpointCommandTimeout bounds a run of --audit-checkpoint-command.
const checkpointCommandTimeout = 30 * time.Second

// checkpointer writes signed checkpoints of every chain head to the
// checkpoint directory and hands each to the checkpoint command (ADR 12).
type checkpointer struct {
	db      *store.DB
	w       *audit.CheckpointWriter
	command string
	log     *slog.Logger
}

func newCheckpointer(cfg *config.Config, db *store.DB, log *slog.Logger) *checkpointer {
	host, _ := os.Hostname()
	return &checkpointer{
		db:      db,
		w:       &audit.CheckpointWriter{Dir: cfg.AuditCheckpointDir, Keys: db.AuditKeys(), Writer: fmt.Sprintf("%s:%d", host, os.Getpid())},
		command: cfg.AuditCheckpointCommand,
		log:     log,
	}
}

// runCheckpointer writes a checkpoint when the server starts, every
// checkpointInterval while it runs (if the heads have changed) and once
// more when ctx ends. Each is taken after sealing, so it covers every
// entry committed before it. Failures are logged; the server goes on.
func runCheckpointer(ctx context.Context, cp *checkpointer) {
	t := time.NewTicker(checkpointInterval)
	defer t.Stop()
	cp.sealAndWrite(ctx, true)
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			cp.sealAndWrite(final, false)
			return
		case <-t.C:
			cp.sealAndWrite(ctx, true)
		}
	}
}

// sealAndWrite seals what is pending and writes a checkpoint. Refused
// entries are the sealer's to report.
func (c *checkpointer) sealAndWrite(ctx context.Context, unchanged bool) {
	var refused *store.RefusedEntries
	if _, err := c.db.SealAudit(ctx); err != nil && !errors.As(err, &refused) {
		if ctx.Err() == nil {
			c.log.Error("sealing access log before a checkpoint", "err", err)
		}
		return
	}
	if _, err := c.write(ctx, unchanged); err != nil && ctx.Err() == nil {
		c.log.Error("writing access-log checkpoint", "err", err)
	}
}

// write appends a checkpoint of the chain heads now (with unchanged, only
// if they differ from the last one written) and runs the checkpoint
// command with it. A failing command is logged and does not fail write.
func (c *checkpointer) write(ctx context.Context, unchanged bool) (audit.Appended, error) {
	res, err := c.w.Append(time.Now(), func() ([]audit.Head, error) { return c.db.AuditHeads(ctx) }, unchanged)
	if err != nil {
		return res, err
	}
	if len(res.Behind) > 0 {
		c.log.Error("access log: chains have fewer entries than at the previous checkpoint (log cut short?)", "chains", strings.Join(res.Behind, ","))
	}
	if res.Line != nil && c.command != "" {
		if out, err := c.ship(ctx, res.Line); err != nil {
			c.log.Error("access-log checkpoint command failed", "err", err, "output", out)
		}
	}
	return res, nil
}

// ship runs the checkpoint command with the line on its stdin, bounded in
// time; its output is returned (shortened) for the log.
func (c *checkpointer) ship(ctx context.Context, line []byte) (string, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), checkpointCommandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "/bin/sh", "-c", c.command)
	cmd.Stdin = bytes.NewReader(append(line, '\n'))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.WaitDelay = 5 * time.Second // a child that keeps the pipes open
	err := cmd.Run()
	s := strings.TrimSpace(out.String())
	if len(s) > 200 {
		s = s[len(s)-200:]
	}
	return s, err
}
