package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"koto/internal/access"
	"koto/internal/natrep"
)

// cmdExport runs `koto export national-repository` (ADR 27).
func cmdExport(ctx context.Context, e *env) error {
	if _, err := subcommand(e, "export", "national-repository"); err != nil {
		return err
	}
	fs, cfg := flags("export national-repository", e)
	orgCode := fs.String("org", "", "organisation code")
	from := fs.String("from", "", "first day of the period, YYYY-MM-DD")
	to := fs.String("to", "", "last day of the period, YYYY-MM-DD")
	out := fs.String("out", "", "write the document to this file (mode 0600; written whole or not at all) instead of stdout")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	fromDay, toDay, err := natrep.ParsePeriod(*from, *to)
	if err != nil {
		return err
	}
	actor, err := c.exportActor(ctx, *orgCode)
	if err != nil {
		return err
	}
	write := func(w io.Writer) (int, error) {
		nw, err := natrep.NewWriter(w, actor.OrgCode, &natrep.Period{From: fromDay.String(), To: toDay.String()}, time.Now())
		if err != nil {
			return 0, err
		}
		if err := c.Natrep.Export(ctx, actor, fromDay, toDay, nw.Write); err != nil {
			return 0, err
		}
		return nw.Count(), nw.Close()
	}
	if *out == "" {
		_, err := write(e.stdout)
		return err
	}
	n, err := writeFileWhole(*out, write)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d clients of %s (%s..%s) to %s\n", n, actor.OrgCode, fromDay, toDay, *out)
	return nil
}

// exportActor is the CLI operator acting for the organisation with code.
func (c *core) exportActor(ctx context.Context, code string) (access.Actor, error) {
	if code == "" {
		return access.Actor{}, fmt.Errorf("--org is required")
	}
	orgs, err := c.Orgs.List(ctx, cliActor)
	if err != nil {
		return access.Actor{}, err
	}
	for _, o := range orgs {
		if o.Code == code {
			actor := cliActor
			actor.OrgID, actor.OrgCode = o.ID, o.Code
			return actor, nil
		}
	}
	return access.Actor{}, fmt.Errorf("no organisation with code %q", code)
}

// writeFileWhole writes path through a temporary file beside it, renamed
// into place only when write succeeds, so a failed export leaves no
// document that looks whole.
func writeFileWhole(path string, write func(io.Writer) (int, error)) (int, error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, err
	}
	defer os.Remove(f.Name()) // after the rename there is nothing to remove
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return 0, err
	}
	n, err := write(f)
	if err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return 0, err
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	return n, os.Rename(f.Name(), path)
}
