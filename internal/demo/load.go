// Package demo loads synthetic demo data: four municipalities and an
// employment area that covers two of them, demo accounts for every role
// (several caseworkers per municipality, with display names), and clients whose names
// come from Backgrounds and whose HETUs use only the individual numbers
// 900–999 reserved for temporary and test codes, so no generated code can
// be a real person's.
package demo

import (
	"context"
	"fmt"
	"sync"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/auth"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/note"
	"koto/internal/org"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
)

// Options steer Load.
type Options struct {
	Clients  int // how many clients; default 500
	Seed     int64
	Progress func(done, total int) // called now and then from any goroutine, never concurrently
	// Referrals, when set, adds the demo providers and refers a share of
	// the clients (referrals.go).
	Referrals *referral.Service
	// Notes, when set, gives every client 10–30 case notes, written in
	// bulk (notes.go, ADR 28).
	Notes *note.Service
	Plans *plan.Service // optional: integration plans for some clients (plans.go)
	// Assessments, when set, records backgrounds, language tests and
	// assessments for a share of the clients (assessment.go).
	Assessments *assessment.Service
	// Placements, when set, records reception and placement for a share
	// of the clients (placement.go).
	Placements *placement.Service
	// Disclosures, when set with Referrals, adds the providers' users and
	// records a few packages to the providers (disclosures.go, ADR 31).
	Disclosures *disclosure.Service
}

// Account is a demo login.
type Account struct {
	Username, DisplayName, Password, OrgCode string
	Roles                                    []access.Role
}

// Result says what Load did.
type Result struct {
	Orgs          []org.Org
	Accounts      []Account
	Clients       int // clients created by this call
	AlreadyLoaded bool
}

// DefaultClients is the number of clients when Options.Clients is 0.
const DefaultClients = 500

// workers is how many clients are created at once: enough to keep a
// PostgreSQL pool busy; SQLite queues them on its one writer.
const workers = 4

// Load creates the demo organisations, accounts and clients, acting as the
// CLI system actor for organisations and accounts and as each
// municipality's demo caseworker for its clients, so every client creation
// is in the access log like any other. When the first demo municipality
// already exists it creates nothing and returns AlreadyLoaded; a load that
// failed half-way is therefore not resumed (load into a fresh database).
func Load(ctx context.Context, orgs *org.Service, authSvc *auth.Service, clients *client.Service, opts Options) (Result, error) {
	if opts.Clients == 0 {
		opts.Clients = DefaultClients
	}
	gen := NewGenerator(opts.Seed)
	if opts.Clients < 0 || opts.Clients > gen.Capacity() {
		return Result{}, fmt.Errorf("demo: clients must be 0–%d, got %d", gen.Capacity(), opts.Clients)
	}
	res := Result{Accounts: Accounts()}
	system := access.SystemActor(access.ChannelCLI)
	existing, err := orgs.List(ctx, system)
	if err != nil {
		return Result{}, err
	}
	for _, o := range existing {
		if o.Code == Municipalities[0].Code {
			res.AlreadyLoaded = true
		}
		if isDemoOrg(o.Code) {
			res.Orgs = append(res.Orgs, o)
		}
	}
	if res.AlreadyLoaded {
		return res, nil
	}
	actors, err := createOrgsAndAccounts(ctx, orgs, authSvc, system, &res)
	if err != nil {
		return res, err
	}
	if err := addProviders(ctx, orgs, system, opts.Referrals); err != nil {
		return res, err
	}
	if opts.Referrals != nil && opts.Disclosures != nil {
		if err := addProviderAccounts(ctx, authSvc, system, &res); err != nil {
			return res, err
		}
	}
	if res.Clients, err = createClients(ctx, clients, gen, actors, opts); err != nil {
		return res, err
	}
	return res, addDisclosures(ctx, authSvc, opts)
}

func isDemoOrg(code string) bool {
	if code == EmploymentArea.Code {
		return true
	}
	for _, m := range Municipalities {
		if m.Code == code {
			return true
		}
	}
	return false
}

// createOrgsAndAccounts adds the organisations and accounts and returns
// each municipality's caseworker actor by municipality code.
func createOrgsAndAccounts(ctx context.Context, orgSvc *org.Service, authSvc *auth.Service, system access.Actor, res *Result) (map[string]access.Actor, error) {
	orgs := []org.Org{}
	for _, m := range Municipalities {
		orgs = append(orgs, org.Org{Code: m.Code, Name: m.Name, Kind: org.Municipality})
	}
	for _, o := range append(orgs, EmploymentArea) {
		created, err := orgSvc.Add(ctx, system, o)
		if err != nil {
			return nil, fmt.Errorf("demo: add organisation %s: %w", o.Code, err)
		}
		res.Orgs = append(res.Orgs, created)
	}
	caseworkers := map[string]access.Actor{}
	for _, a := range res.Accounts {
		u, err := authSvc.AddUser(ctx, system, auth.NewUser{OrgCode: a.OrgCode, Username: a.Username,
			DisplayName: a.DisplayName, Roles: a.Roles, Password: a.Password})
		if err != nil {
			return nil, fmt.Errorf("demo: add user %s: %w", a.Username, err)
		}
		caseworkers[u.Username] = access.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID,
			OrgCode: u.OrgCode, Roles: u.Roles, Channel: access.ChannelCLI, RequestID: "demo-load"}
	}
	for _, c := range Coverage {
		if err := orgSvc.Cover(ctx, system, EmploymentArea.Code, c.Municipality, c.Roles); err != nil {
			return nil, fmt.Errorf("demo: cover %s: %w", c.Municipality, err)
		}
	}
	actors := map[string]access.Actor{}
	for _, m := range Municipalities {
		actors[m.Code] = caseworkers[caseworkerName(m)]
	}
	return actors, nil
}

// clientBatch is how many clients a worker registers in one bulk
// transaction (client.Service.Load, split by municipality).
const clientBatch = 250

// createClients creates clients 0..n-1 with a few workers, each taking
// clientBatch consecutive indexes at a time: the clients are registered
// in bulk, one client.Service.Load per municipality, as the system actor
// in the name of the municipality's caseworker, then get their casework.
// Which worker makes a client does not matter: each is derived from its
// index alone. The first error stops all workers.
func createClients(ctx context.Context, svc *client.Service, gen *Generator, actors map[string]access.Actor, opts Options) (int, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		done int
	)
	system := access.SystemActor(access.ChannelCLI)
	system.RequestID = "demo-load"
	for range workers {
		wg.Go(func() {
			w := newWriters(opts)
			defer func() {
				if err := w.flush(ctx, actors); err != nil {
					cancel(err)
				}
			}()
			for first := range next {
				last := min(first+clientBatch, opts.Clients)
				made, err := registerBatch(ctx, svc, system, gen, actors, first, last)
				if err != nil {
					cancel(err)
					return
				}
				for k, c := range made {
					i := first + k
					if c.ID == "" {
						continue // already registered (the HETU exists)
					}
					if err := addCasework(ctx, opts, actors[c.m.Code], gen.seed, i, c.m, c.Client, w); err != nil {
						cancel(err)
						return
					}
				}
				mu.Lock()
				done += last - first
				if opts.Progress != nil {
					opts.Progress(done, opts.Clients)
				}
				mu.Unlock()
			}
		})
	}
feed:
	for i := 0; i < opts.Clients; i += clientBatch {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return done, context.Cause(ctx)
}

// madeClient is a client of a batch with its municipality; the zero
// Client when it was registered before.
type madeClient struct {
	client.Client
	m Municipality
}

// registerBatch registers clients first..last-1 in bulk, one
// client.Service.Load per municipality, and returns them by index.
func registerBatch(ctx context.Context, svc *client.Service, system access.Actor, gen *Generator, actors map[string]access.Actor, first, last int) ([]madeClient, error) {
	made := make([]madeClient, last-first)
	byOrg := map[string][]int{}
	details := map[string][]client.Details{}
	var codes []string
	for i := first; i < last; i++ {
		m, d := gen.Client(i)
		endService(gen.seed, i, &d)
		made[i-first].m = m
		if byOrg[m.Code] == nil {
			codes = append(codes, m.Code)
		}
		byOrg[m.Code] = append(byOrg[m.Code], i)
		details[m.Code] = append(details[m.Code], d)
	}
	for _, code := range codes {
		cs, err := svc.Load(ctx, system, actors[code], details[code])
		if err != nil {
			return nil, fmt.Errorf("demo: clients %d–%d: %w", first, last-1, describe(err))
		}
		for k, i := range byOrg[code] {
			made[i-first].Client = cs[k]
		}
	}
	return made, nil
}

// writers are a loader worker's bulk writers, one per kind of casework
// written in bulk; a kind whose service is not set writes nothing.
type writers struct {
	notes     *batchWriter[note.Loaded]
	referrals *batchWriter[referral.Loaded]
	plans     *batchWriter[plan.Loaded]
	records   *batchWriter[assessment.Records]
	places    *batchWriter[placement.Loaded]
}

func newWriters(opts Options) writers {
	var w writers
	var loadNotes func(context.Context, access.Actor, access.Actor, []note.Loaded) error
	if opts.Notes != nil {
		loadNotes = opts.Notes.Load
	}
	var loadReferrals func(context.Context, access.Actor, access.Actor, []referral.Loaded) error
	if opts.Referrals != nil {
		loadReferrals = opts.Referrals.Load
	}
	var loadPlans func(context.Context, access.Actor, access.Actor, []plan.Loaded) error
	if opts.Plans != nil {
		loadPlans = opts.Plans.Load
	}
	var loadRecords func(context.Context, access.Actor, access.Actor, []assessment.Records) error
	if opts.Assessments != nil {
		loadRecords = opts.Assessments.Load
	}
	var loadPlacements func(context.Context, access.Actor, access.Actor, []placement.Loaded) error
	if opts.Placements != nil {
		loadPlacements = opts.Placements.Load
	}
	w.records, w.places = newBatchWriter(loadRecords), newBatchWriter(loadPlacements)
	w.notes, w.referrals, w.plans = newBatchWriter(loadNotes), newBatchWriter(loadReferrals), newBatchWriter(loadPlans)
	return w
}

// flush writes what the writers hold.
func (w writers) flush(ctx context.Context, actors map[string]access.Actor) error {
	if err := w.notes.flush(ctx, actors); err != nil {
		return fmt.Errorf("demo: notes: %w", describe(err))
	}
	if err := w.referrals.flush(ctx, actors); err != nil {
		return fmt.Errorf("demo: referrals: %w", describe(err))
	}
	if err := w.places.flush(ctx, actors); err != nil {
		return fmt.Errorf("demo: placements: %w", describe(err))
	}
	if err := w.records.flush(ctx, actors); err != nil {
		return fmt.Errorf("demo: assessments: %w", describe(err))
	}
	if err := w.plans.flush(ctx, actors); err != nil {
		return fmt.Errorf("demo: plans: %w", describe(err))
	}
	return nil
}

// addCasework gives client i its casework in bulk: placement, background,
// assessment and language tests, referrals, notes and a plan, each when
// its service is set. Records of one kind
// are flushed in batches; a plan may be written before the assessment
// it follows (the dates, not the order of writing, are consistent).
func addCasework(ctx context.Context, opts Options, actor access.Actor, seed int64, i int, m Municipality, c client.Client, w writers) error {
	if p, ok := clientPlacement(seed, i, m, c); ok && opts.Placements != nil {
		if err := w.places.add(ctx, actor, []placement.Loaded{p}); err != nil {
			return fmt.Errorf("demo: placement of client %d: %w", i, describe(err))
		}
	}
	var assessed civil.Date
	if opts.Assessments != nil {
		var records assessment.Records
		if records, assessed = clientAssessment(seed, i, c); records.ClientID != "" {
			if err := w.records.add(ctx, actor, []assessment.Records{records}); err != nil {
				return fmt.Errorf("demo: assessment of client %d: %w", i, describe(err))
			}
		}
	}
	if opts.Referrals != nil {
		if err := w.referrals.add(ctx, actor, clientReferrals(seed, i, c)); err != nil {
			return fmt.Errorf("demo: referrals of client %d: %w", i, describe(err))
		}
	}
	if opts.Notes != nil {
		if err := w.notes.add(ctx, actor, clientNotes(seed, i, c)); err != nil {
			return fmt.Errorf("demo: notes of client %d: %w", i, describe(err))
		}
	}
	if opts.Plans != nil {
		if err := w.plans.add(ctx, actor, []plan.Loaded{clientPlan(seed, i, c, assessed)}); err != nil {
			return fmt.Errorf("demo: plan of client %d: %w", i, describe(err))
		}
	}
	return nil
}

// describe adds the invalid fields to a validation error, which otherwise
// says only "error.invalid": a generator bug should name the field.
func describe(err error) error {
	if ae, ok := apperr.As(err); ok && len(ae.Fields) > 0 {
		return fmt.Errorf("%w %v", err, ae.Fields)
	}
	return err
}
