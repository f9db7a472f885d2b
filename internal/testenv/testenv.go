// Package testenv builds a real Koto core for tests — store on a real
// database, auth and client services — with helpers to add organisations
// and users. No mocks: tests run against SQLite and, when configured,
// PostgreSQL.
package testenv

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/blob"
	"koto/internal/client"
	"koto/internal/org"
	"koto/internal/store"
	"koto/internal/store/storetest"

	"koto/internal/wire"
)

// Password is the password of every user a test env creates.
const Password = "correct horse battery staple"

// CheapArgon2 keeps password hashing fast in tests.
var CheapArgon2 = auth.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// Env is a running core.
type Env struct {
	// Services are the capability services `koto serve` builds, over DB;
	// attachments' sealed contents are in Blobs, a filesystem store in a
	// temporary directory.
	wire.Services
	Engine string
	DB     *store.DB
	Blobs  *blob.FS
	// OrgByCode holds the organisations the test made, by code.
	OrgByCode map[string]org.Org
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
		Services: wire.New(db, wire.Options{Auth: policy, Client: client.DefaultPolicy, Blobs: blobs}),
		Engine:   engine, DB: db, Blobs: blobs, OrgByCode: map[string]org.Org{},
	}
}

// System is the CLI operator's actor.
var System = access.SystemActor(access.ChannelCLI)

// AddOrg creates a municipality with the given code.
func (e *Env) AddOrg(tb testing.TB, code string) org.Org {
	tb.Helper()
	o, err := e.Orgs.Add(context.Background(), System, org.Org{Code: code, Name: "Testikunta " + code, Kind: org.Municipality})
	if err != nil {
		tb.Fatalf("add org %s: %v", code, err)
	}
	e.OrgByCode[code] = o
	return o
}

// AddProvider creates a service-provider organisation with the given code.
func (e *Env) AddProvider(tb testing.TB, code, name string) org.Org {
	tb.Helper()
	o, err := e.Orgs.Add(context.Background(), System, org.Org{Code: code, Name: name, Kind: org.Provider})
	if err != nil {
		tb.Fatalf("add provider %s: %v", code, err)
	}
	e.OrgByCode[code] = o
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
