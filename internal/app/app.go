// Package app wires Koto together: configuration → key ring → store →
// services → HTTP server, and the CLI subcommands around them. Tests start
// the whole program through Main on :0 with a temporary data directory.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"koto/internal/auth"
	"koto/internal/blob"
	"koto/internal/blob/s3"
	"koto/internal/client"
	"koto/internal/config"
	"koto/internal/crypto"
	"koto/internal/store"

	"koto/internal/wire"
)

// Main runs the koto command with args (without the program name) and
// returns the process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	cmd, rest := args[0], args[1:]
	run, ok := commands[cmd]
	if !ok {
		if cmd == "help" || cmd == "-h" || cmd == "--help" {
			usage(stdout)
			return 0
		}
		fmt.Fprintf(stderr, "koto: unknown command %q\n\n", cmd)
		usage(stderr)
		return 2
	}
	err := run(ctx, &env{args: rest, stdin: stdin, stdout: stdout, stderr: stderr})
	var ex exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ex):
		return int(ex)
	case errors.Is(err, flag.ErrHelp):
		return 0
	default:
		fmt.Fprintf(stderr, "koto %s: %s\n", cmd, userMessage(err))
		return 1
	}
}

// exitError ends a command with a code after it has printed its own output.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

type env struct {
	args   []string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

var commands = map[string]func(context.Context, *env) error{
	"serve":     cmdServe,
	"migrate":   cmdMigrate,
	"org":       cmdOrg,
	"user":      cmdUser,
	"token":     cmdToken,
	"demo":      cmdDemo,
	"audit":     cmdAudit,
	"sso":       cmdSSO,
	"export":    cmdExport,
	"retention": cmdRetention,
}

func usage(w io.Writer) {
	fmt.Fprint(w, `koto — client register for municipal integration services

Usage: koto <command> [flags]

  serve [--demo] [--clients N]   start the web server (UI and /api/v1)
  migrate                        apply database migrations
  org add --code C --name N --kind municipality|employment_area|operator|provider
  org list
  org cover --area CODE --municipality CODE [--roles caseworker,supervisor]
                                 (employment area acts for a municipality with these roles)
  user add --org CODE --username NAME --role ROLE[,ROLE] --password-stdin
  user disable|enable --username NAME
  user reset-password --username NAME [--password-stdin [--must-change=false]]
  user list
  token create --username NAME [--days N]   (prints the token alone on the last line)
  token list --username NAME     (expiry and last use of the user's tokens)
  token revoke --username NAME [--id ID]
  demo [--clients N] [--seed S]  load synthetic demo data
  audit verify                   verify the access log (read-only) and against the latest checkpoint
  audit checkpoint               write a signed checkpoint of every chain head now
  sso map-group --issuer URL --group G --org CODE --role ROLE
  sso list                       list group mappings of single sign-on
  export national-repository --org CODE --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]
                                 the organisation's national repository records (decree 874/2024)
  retention run [--as-of YYYY-MM-DD] [--dry-run]
                                 apply the retention rules (one line per record class; ADR 36)
  retention hold --client ID --reason R [--clear]
                                 set or clear a legal hold (the client is never deleted while held)
  retention certificates         list the deletion certificates of past runs

Every command takes --data-dir (KOTO_DATA_DIR) and --database-url
(KOTO_DATABASE_URL); run "koto <command> -h" for all flags.
`)
}

// core is an opened store with its services.
type core struct {
	wire.Services
	cfg *config.Config
	log *slog.Logger
	db  *store.DB
	// newKeys is true when this process generated the key ring.
	newKeys bool
}

func (c *core) Close() { c.db.Close() }

// open parses the common flags in fs (already defined by the caller with
// config.Register), loads or creates the key ring and opens the store.
func open(ctx context.Context, cfg *config.Config, stderr io.Writer) (*core, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level(cfg.LogLevel)}))
	ring, created, err := loadRing(cfg)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, store.Config{URL: cfg.DatabaseURL, DataDir: cfg.DataDir, Ring: ring, MaxConns: cfg.MaxConns})
	if err != nil {
		return nil, err
	}
	policy := auth.DefaultPolicy
	policy.SessionIdle, policy.SessionAbsolute = cfg.SessionIdle, cfg.SessionMax
	policy.MFARequired = cfg.MFARequired
	policy.InactiveAfter = time.Duration(cfg.InactiveDays) * 24 * time.Hour
	policy.SSORequireMFA, policy.SSOACRValues = cfg.OIDC.RequireMFA, cfg.OIDC.ACRs()
	blobs, err := openBlobs(cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	rules, err := retentionRules(cfg)
	if err != nil {
		db.Close()
		return nil, err
	}
	services := wire.New(db, wire.Options{Auth: policy, Client: client.Policy{ReasonsPerDay: cfg.ReasonsPerDay},
		Blobs: blobs, AttachmentMaxBytes: int64(cfg.AttachmentMaxMiB) << 20, RetentionRules: &rules})
	if cfg.WebAuthnRPID != "" {
		if err := services.Auth.EnableWebAuthn(auth.WebAuthnConfig{RPID: cfg.WebAuthnRPID, Origins: cfg.WebAuthnOrigins()}); err != nil {
			db.Close()
			return nil, err
		}
	}
	return &core{Services: services, cfg: cfg, log: log, db: db, newKeys: created}, nil
}

// openBlobs opens the attachments' blob store: the S3-compatible store of
// --blob-url when set, else the directory --blob-dir.
func openBlobs(cfg *config.Config) (blob.Store, error) {
	if cfg.BlobURL == "" {
		return blob.NewFS(cfg.BlobDir)
	}
	return s3.New(s3.Config{Endpoint: cfg.S3.Endpoint, Bucket: cfg.S3.Bucket, Region: cfg.S3.Region,
		AccessKey: cfg.S3.AccessKey, SecretKey: cfg.S3.SecretKey})
}

func level(s string) slog.Level {
	var l slog.Level
	_ = l.UnmarshalText([]byte(s))
	return l
}

// loadRing reads the master key ring, generating one on first start. A
// PostgreSQL deployment with several servers must give each the same file.
func loadRing(cfg *config.Config) (*crypto.MasterRing, bool, error) {
	data, err := os.ReadFile(cfg.KeyFile)
	if err == nil {
		r, err := crypto.ParseRing(data)
		if err != nil {
			return nil, false, fmt.Errorf("key file %s: %w", cfg.KeyFile, err)
		}
		return r, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("key file: %w", err)
	}
	r, err := crypto.NewRingFile()
	if err != nil {
		return nil, false, err
	}
	b, err := r.Marshal()
	if err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(filepath.Dir(cfg.KeyFile), 0o700); err != nil {
		return nil, false, err
	}
	// O_EXCL: two processes starting at once must not both write a ring.
	f, err := os.OpenFile(cfg.KeyFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return loadRing(cfg)
	}
	if err != nil {
		return nil, false, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, false, err
	}
	if err := f.Close(); err != nil {
		return nil, false, err
	}
	return r, true, nil
}

const keyWarning = `
!!! ======================================================================= !!!
!!!  NEW ENCRYPTION KEYS were generated in %s
!!!  Back this file up NOW and keep it apart from database backups.
!!!  Without it, personal identity codes and other encrypted data are lost.
!!! ======================================================================= !!!
`

// parseAndOpen parses a subcommand's flags and opens the core; the caller
// closes it.
func parseAndOpen(ctx context.Context, e *env, fs *flag.FlagSet, cfg *config.Config) (*core, error) {
	if err := fs.Parse(e.args); err != nil {
		return nil, err
	}
	return open(ctx, cfg, e.stderr)
}

// flags returns a flag set for a subcommand with the common settings.
func flags(name string, e *env) (*flag.FlagSet, *config.Config) {
	fs := flag.NewFlagSet("koto "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfg := config.Register(fs, config.Getenv)
	return fs, cfg
}
