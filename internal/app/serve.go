package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"koto/internal/access"
	"koto/internal/api"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/demo"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/jobs"
	"koto/internal/org"
	"koto/internal/privacy"
	"koto/internal/store"
	"koto/internal/web"
)

// maxBody bounds every request body: forms and JSON of a client record are
// a few kilobytes.
const maxBody = 1 << 20

// bodyLimit is the limit of a request's body: maxBody, except for a
// multipart upload, which may carry one attachment of up to maxAttachment
// bytes and the form's few fields. Only the attachment handlers read
// multipart bodies; they apply the exact limit themselves (413).
func bodyLimit(maxAttachment int64) func(*http.Request) int64 {
	return func(r *http.Request) int64 {
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "multipart/form-data" {
			return maxAttachment + maxBody
		}
		return maxBody
	}
}

// serveGCPercent is the server's garbage-collection target unless GOGC is
// set. A server's live heap is small (tens of megabytes) and every request
// allocates (rows, JSON), so collecting when the heap has grown 4× rather
// than 2× buys several percent of CPU per request for little memory
// (docs/performance.md).
const serveGCPercent = 400

func cmdServe(ctx context.Context, e *env) error {
	fs, cfg := flags("serve", e)
	withDemo := fs.Bool("demo", false, "load synthetic demo data (if not loaded yet) and list the demo accounts")
	clients := fs.Int("clients", 500, "number of demo clients with --demo")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.newKeys {
		fmt.Fprintf(e.stderr, keyWarning, cfg.KeyFile)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	handler, err := c.handler()
	if err != nil {
		return err
	}
	if !cfg.MFARequired {
		fmt.Fprintln(e.stderr, "warning: --mfa-required=false: staff who see client data may log in with a password alone")
	}
	if cfg.BehindTLS && len(cfg.Proxies) == 0 {
		fmt.Fprintln(e.stderr, "warning: --behind-tls without --trusted-proxies: every login seems to come from the proxy, so failed logins from one client throttle everyone's; list the proxy's address")
	}
	warnings, err := c.db.ConfigWarnings(ctx)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(e.stderr, "warning:", w)
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	scheme := "http"
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS certificate: %w", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	url := fmt.Sprintf("%s://%s/", scheme, ln.Addr())
	if *withDemo {
		if err := c.loadDemo(ctx, e, demo.Options{Clients: *clients, Seed: 1}); err != nil {
			ln.Close()
			return err
		}
	} else if err := c.firstRunAdmin(ctx, e); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(c.log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(e.stdout, "Koto is running at %s (database: %s)\nStop with Ctrl+C.\n", url, c.db.Engine())
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go c.jobs().Run(ctx)
	// The sealer outlives the listener: it seals what the last requests
	// wrote after Shutdown has let them finish.
	sealCtx, stopSealer := context.WithCancel(context.Background())
	sealed := make(chan struct{})
	go func() { runSealer(sealCtx, c.db, c.log); close(sealed) }()
	checkpointed := make(chan struct{}) // signed checkpoints of the chain heads, beside the sealer (ADR 12)
	go func() { runCheckpointer(sealCtx, newCheckpointer(c.cfg, c.db, c.log)); close(checkpointed) }()
	defer func() { stopSealer(); <-sealed; <-checkpointed }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(e.stdout, "Koto stopped.")
	return nil
}

// handler builds the HTTP handler: the UI and API route tables on one mux,
// wrapped in the middleware every request passes.
func (c *core) handler() (http.Handler, error) {
	catalog, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	var sso *oidc.Provider
	if o := c.cfg.OIDC; o.Enabled() {
		if sso, err = oidc.New(oidc.Config{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			RedirectURL: o.RedirectURL, GroupsClaim: o.GroupsClaim, ACRValues: o.ACRs()}); err != nil {
			return nil, err
		}
	}
	ui, err := web.New(web.Deps{Services: c.Services, Catalog: catalog, Log: c.log, SecureCookies: c.cfg.TLS(), SSO: sso,
		SavedForms: c.db.SavedForms(),
		Footer:     web.FooterConfig{AccessibilityURL: c.cfg.AccessibilityURL, PrivacyURL: c.cfg.PrivacyURL, SupportContact: c.cfg.SupportContact},
		Privacy:    privacy.Config{Controller: c.cfg.PrivacyController, JointController: c.cfg.PrivacyJointController, DPO: c.cfg.PrivacyDPO}})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	ui.Register(mux)
	api.New(api.Deps{Services: c.Services, Catalog: catalog, Log: c.log}).Register(mux)
	var h http.Handler = mux
	h = http.NewCrossOriginProtection().Handler(h)
	h = httpx.LimitBodyBy(bodyLimit(c.Attachments.MaxBytes()), h)
	h = httpx.SecurityHeaders(c.cfg.TLS(), h)
	h = httpx.LogRequests(c.log, h)
	h = httpx.ClientAddresses(c.cfg.Proxies, h)
	h = httpx.Recover(c.log, h)
	h = httpx.RequestIDs(h)
	return h, nil
}

// jobs returns the scheduled jobs of this server process. Every process
// runs the runner; the jobs table lease makes sure one of them does the
// work.
func (c *core) jobs() *jobs.Runner {
	host, _ := os.Hostname()
	r := jobs.NewRunner(c.db.Jobs(), fmt.Sprintf("%s:%d", host, os.Getpid()), c.log,
		jobs.Job{Name: "auth.expire_accounts", Every: time.Hour, Lease: 10 * time.Minute, Run: c.Auth.ExpireAccounts},
		jobs.Job{Name: "web.saved_forms_purge", Every: 5 * time.Minute, Lease: time.Minute, Run: c.db.SavedForms().Purge},
		DueJob(c.db), RetentionJob(c.cfg, c.db))
	// What is due should follow a save within seconds (ADR 26); a check
	// is one conditional UPDATE per job.
	r.Tick = DueEvery
	return r
}

// DueEvery is how often the due list is brought current: the job
// due.recompute recomputes the clients whose record changed since.
const DueEvery = 10 * time.Second

// DueJob is the job that keeps client_due current (ADR 26).
func DueJob(db *store.DB) jobs.Job {
	return jobs.Job{Name: "due.recompute", Every: DueEvery, Lease: 5 * time.Minute, Run: db.RecomputeDue}
}

// firstRunAdmin creates, when the register has no users at all, the
// operator organisation and an admin account with a one-time password
// printed once.
func (c *core) firstRunAdmin(ctx context.Context, e *env) error {
	users, err := c.Auth.Users(ctx, cliActor)
	if err != nil {
		return err
	}
	if len(users) > 0 {
		fmt.Fprintln(e.stdout, "Log in with your Koto account. (Start with --demo for demo data and accounts.)")
		return nil
	}
	if _, err := c.Orgs.Add(ctx, cliActor, org.Org{Code: "operator", Name: "Koto-ylläpito", Kind: org.Operator}); err != nil {
		return err
	}
	pw := auth.GeneratePassword()
	if _, err := c.Auth.AddUser(ctx, cliActor, auth.NewUser{OrgCode: "operator", Username: "admin", DisplayName: "Koto admin",
		Roles: []access.Role{access.OperatorAdmin, access.OrgAdmin}, Password: pw, MustChangePassword: true}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, `First start: created the administrator account.
  username: admin
  password: %s   (one-time: shown only now; change it after logging in)
Add organisations and staff with "koto org add" and "koto user add", or start with --demo.
`, pw)
	return nil
}

// loadDemo loads synthetic demo data (unless loaded already), reporting
// progress on stderr, and lists the demo accounts.
func (c *core) loadDemo(ctx context.Context, e *env, opts demo.Options) error {
	start, last := time.Now(), time.Now()
	opts.Progress = func(done, total int) {
		if time.Since(last) > 5*time.Second {
			last = time.Now()
			fmt.Fprintf(e.stderr, "  %d / %d clients\n", done, total)
		}
	}
	opts.Referrals = c.Referrals
	opts.Notes = c.Notes
	opts.Plans = c.Plans
	opts.Assessments = c.Assessments
	opts.Placements = c.Placements
	opts.Disclosures = c.Disclosures
	res, err := demo.Load(ctx, c.Orgs, c.Auth, c.Clients, opts)
	if err != nil {
		return err
	}
	// Chain the access-log entries the load wrote and refresh the query
	// planner's statistics.
	if _, err := c.db.SealAudit(ctx); err != nil {
		return err
	}
	if err := c.db.AfterBulkLoad(ctx); err != nil {
		return err
	}
	// Leave what is due current: the load's writes marked their clients.
	if _, err := c.db.RecomputeDue(ctx); err != nil {
		return err
	}
	if res.AlreadyLoaded {
		fmt.Fprintln(e.stdout, "Demo data was already loaded; nothing added.")
	} else {
		fmt.Fprintf(e.stdout, "Loaded %d demo clients in %s.\n", res.Clients, time.Since(start).Round(time.Millisecond))
	}
	printAccounts(e, res.Accounts)
	return nil
}

func printAccounts(e *env, accounts []demo.Account) {
	if len(accounts) == 0 {
		return
	}
	fmt.Fprintf(e.stdout, "Demo accounts (synthetic data only), all with password %q:\n", accounts[0].Password)
	for _, a := range accounts {
		fmt.Fprintf(e.stdout, "  %-32s %-18s %-14s %s\n", a.Username, a.DisplayName, a.OrgCode, joinRoles(a.Roles))
	}
}

func cmdDemo(ctx context.Context, e *env) error {
	fs, cfg := flags("demo", e)
	clients := fs.Int("clients", 500, "number of synthetic clients (up to 1000000)")
	seed := fs.Int64("seed", 1, "random seed (same seed, same data)")
	c, err := parseAndOpen(ctx, e, fs, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	if c.newKeys {
		fmt.Fprintf(e.stderr, keyWarning, cfg.KeyFile)
	}
	return c.loadDemo(ctx, e, demo.Options{Clients: *clients, Seed: *seed})
}
