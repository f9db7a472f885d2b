// Package testenv builds a real Koto core for tests — store on a real
// database, auth and client services — with helpers to add organisations
// and users. No mocks: tests run against SQLite and, when configured,
// PostgreSQL.
package testenv

import (
	"context"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/auth"
	"koto/internal/authority"
	"koto/internal/blob"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/due"
	"koto/internal/gate"
	"koto/internal/handover"
	"koto/internal/natrep"
	"koto/internal/note"
	"koto/internal/org"
	"koto/internal/overview"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/subject"
	"koto/internal/timeline"
)

// Password is the password of every user a test env creates.
const Password = "correct horse battery staple"

// CheapArgon2 keeps password hashing fast in tests.
var CheapArgon2 = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// Env is a running core.
type Env struct {
	Engine    string
	DB        *store.DB
	Auth      *auth.Service
	Clients   *client.Service
	Referrals *referral.Service
	Notes     *note.Service
	// Consents records consents and their withdrawals.
	Consents *consent.Service
	// Disclosures: provider packages, disclosure logs, providers' inboxes.
	Disclosures *disclosure.Service
	// Attachments keeps a client's documents; their sealed contents are
	// in Blobs, a filesystem store in a temporary directory.
	Attachments *attachment.Service
	Blobs       *blob.FS
	Plans       *plan.Service
	// Authority registers and decides authorities' requests for data.
	Authority *authority.Service
	Subjects  *subject.Service
	// Assessments records backgrounds, language tests and assessments.
	Assessments *assessment.Service
	// Placements is reception, placement and household links.
	Placements *placement.Service
	// Natrep exports national repository records.
	Natrep *natrep.Service
	// Handover exports and imports integration records and runs
	// transfers between municipalities.
	Handover *handover.Service
	// Timeline is the client timeline; Overview the client overview.
	Timeline *timeline.Service
	Overview *overview.Service
	// Due lists what is due for a caseworker's own clients.
	Due *due.Service
	// Organisations is the organisation service; Orgs the organisations
	// the test made, by code.
	Organisations *org.Service
	Orgs          map[string]org.Org
	// Gate is the store as the transports log refusals through it.
	Gate gate.Store[gate.Tx]

	// DisclosureLogs reads the organisation-wide disclosure log.
	DisclosureLogs *disclosure.LogService
}

// New starts a core on engine ("sqlite" or "postgres").
func New(tb testing.TB, engine string) *Env {
	tb.Helper()
	db := storetest.Open(tb, engine)
	policy := auth.DefaultPolicy
	policy.Argon2 = CheapArgon2
	blobs, err := blob.NewFS(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	return &Env{
		Engine:        engine,
		DB:            db,
		Auth:          auth.NewService(db.Auth(), policy, store.NewID, time.Now),
		Clients:       client.NewService(db.Clients(), store.NewID, client.DefaultPolicy),
		Referrals:     referral.NewService(db.Referrals(), store.NewID),
		Notes:         note.NewService(db.Notes(), store.NewID),
		Consents:      consent.NewService(db.Consents(), store.NewID),
		Disclosures:   disclosure.NewService(db.ProviderDisclosures(), store.NewID),
		Attachments:   attachment.NewService(db.Attachments(), blobs, store.NewID, attachment.DefaultMaxBytes),
		Blobs:         blobs,
		Authority:     authority.NewService(db.AuthorityRequests(), store.NewID),
		Subjects:      subject.NewService(db.Subjects()),
		Plans:         plan.NewService(db.Plans(), store.NewID),
		Assessments:   assessment.NewService(db.Assessments(), store.NewID),
		Placements:    placement.NewService(db.Placements(), store.NewID),
		Natrep:        natrep.NewService(db.Natrep(), store.NewID),
		Handover:      handover.NewService(db.Handover(), store.NewID),
		Timeline:      timeline.NewService(db.Timeline()),
		Overview:      overview.NewService(db.Overview()),
		Due:           due.NewService(db.Due()),
		Organisations: org.NewService(db.Orgs(), store.NewID),
		Orgs:          map[string]org.Org{},
		Gate:          store.Gate[gate.Tx](db),

		DisclosureLogs: disclosure.NewLogService(db.DisclosureLog()),
	}
}

// System is the CLI operator's actor.
var System = access.SystemActor(access.ChannelCLI)

// AddOrg creates a municipality with the given code.
func (e *Env) AddOrg(tb testing.TB, code string) org.Org {
	tb.Helper()
	o, err := e.Organisations.Add(context.Background(), System, org.Org{Code: code, Name: "Testikunta " + code, Kind: org.Municipality})
	if err != nil {
		tb.Fatalf("add org %s: %v", code, err)
	}
	e.Orgs[code] = o
	return o
}

// AddProvider creates a service-provider organisation with the given code.
func (e *Env) AddProvider(tb testing.TB, code, name string) org.Org {
	tb.Helper()
	o, err := e.Organisations.Add(context.Background(), System, org.Org{Code: code, Name: name, Kind: org.Provider})
	if err != nil {
		tb.Fatalf("add provider %s: %v", code, err)
	}
	e.Orgs[code] = o
	return o
}

// AddUser creates a user in org with roles and returns the actor it acts as.
func (e *Env) AddUser(tb testing.TB, orgCode, username string, roles ...access.Role) access.Actor {
	tb.Helper()
	u, err := e.Auth.AddUser(context.Background(), System, auth.NewUser{OrgCode: orgCode, Username: username, Roles: roles, Password: Password})
	if err != nil {
		tb.Fatalf("add user %s: %v", username, err)
	}
	return access.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, OrgCode: u.OrgCode, Roles: u.Roles, Channel: access.ChannelUI, RequestID: "test"}
}

// Token creates an API token for username.
func (e *Env) Token(tb testing.TB, username string) string {
	tb.Helper()
	secret, _, err := e.Auth.CreateToken(context.Background(), System, username)
	if err != nil {
		tb.Fatalf("token for %s: %v", username, err)
	}
	return secret
}
