package demo

import (
	"context"
	"reflect"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// comparableClient leaves out what differs between two registrations of
// the same person: identifiers, organisation, times and authors.
func comparableClient(c client.Client) client.Client {
	c.ID, c.OrgID, c.KotoID, c.CodeLists = "", "", "", ""
	c.CreatedAt, c.UpdatedAt, c.CreatedBy, c.UpdatedBy = time.Time{}, time.Time{}, "", ""
	permits := append([]client.Permit(nil), c.Permits...)
	for i := range permits {
		permits[i].ID = ""
	}
	c.Permits = permits
	return c
}

// Clients registered by the bulk path read back through the client
// service exactly like the same people registered through Create: the
// card (HETU, sealed details, permits, service end), the HETU, name and
// birth-date searches, and the author as responsible caseworker.
func TestBulkClientsReadLikeServiceClients(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		env.AddOrg(t, "049")
		viaService := env.AddUser(t, "091", "cw1", access.Caseworker)
		author := env.AddUser(t, "049", "cw2", access.Caseworker)
		gen := NewGenerator(5)
		var ds []client.Details
		for i := range 12 {
			_, d := gen.Client(i)
			endService(5, i, &d)
			ds = append(ds, d)
		}
		loaded, err := env.Clients.Load(ctx, access.SystemActor(access.ChannelCLI), author, ds)
		if err != nil {
			t.Fatal(err)
		}
		for i, d := range ds {
			created, _, err := env.Clients.Create(ctx, viaService, d, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			want, err := env.Clients.Get(ctx, viaService, created.ID)
			if err != nil {
				t.Fatal(err)
			}
			got, err := env.Clients.Get(ctx, author, loaded[i].ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.OrgID != author.OrgID || got.CreatedBy != author.UserID {
				t.Errorf("client %d: org %s by %s, want %s by %s", i, got.OrgID, got.CreatedBy, author.OrgID, author.UserID)
			}
			if a, b := comparableClient(got), comparableClient(want); !reflect.DeepEqual(a, b) {
				t.Errorf("client %d:\nbulk    %+v\nservice %+v", i, a, b)
			}
			if d.HETU != "" {
				found, err := env.Clients.Search(ctx, author, client.SearchQuery{HETU: d.HETU})
				if err != nil || len(found) != 1 || found[0].ID != got.ID {
					t.Errorf("client %d: HETU search %v %v", i, found, err)
				}
			}
			for _, q := range []client.SearchQuery{{Name: d.FirstNames + " " + d.LastName}, {BirthDate: d.BirthDate}} {
				found, err := env.Clients.Search(ctx, author, q)
				if err != nil || !hasClient(found, got.ID) {
					t.Errorf("client %d: search %+v does not find it: %v", i, q, err)
				}
			}
			as, err := env.Clients.Assignments(ctx, author, got.ID)
			if err != nil || len(as) != 1 || as[0].UserID != author.UserID {
				t.Errorf("client %d: responsible caseworkers %+v %v, want the author", i, as, err)
			}
		}
	})
}

func hasClient(ss []client.Summary, id string) bool {
	for _, s := range ss {
		if s.ID == id {
			return true
		}
	}
	return false
}

// Only the system actor may register clients in bulk: a caseworker's
// attempt is Forbidden and writes nothing. A repeated load registers
// nobody twice: the clients whose HETU the organisation has are skipped.
// Another organisation's client with the same HETU is not affected.
func TestBulkClientsRefusedAndIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		env.AddOrg(t, "049")
		cw := env.AddUser(t, "091", "cw1", access.Caseworker)
		other := env.AddUser(t, "049", "cw2", access.Caseworker)
		system := access.SystemActor(access.ChannelCLI)
		gen := NewGenerator(9)
		var ds []client.Details
		for i := range 6 {
			_, d := gen.Client(i)
			if d.HETU == "" {
				continue
			}
			ds = append(ds, d)
		}
		count := func() int {
			var n int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM clients`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if _, err := env.Clients.Load(ctx, cw, cw, ds); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("caseworker's bulk load: %v, want Forbidden", err)
		}
		if n := count(); n != 0 {
			t.Fatalf("refused load wrote %d clients", n)
		}
		if _, err := env.Clients.Load(ctx, system, other, ds[:2]); err != nil {
			t.Fatal(err)
		}
		first, err := env.Clients.Load(ctx, system, cw, ds[:3])
		if err != nil {
			t.Fatal(err)
		}
		again, err := env.Clients.Load(ctx, system, cw, ds)
		if err != nil {
			t.Fatal(err)
		}
		for i := range ds {
			if i < 3 && (first[i].ID == "" || again[i].ID != "") {
				t.Errorf("client %d: first load %q, second %q; want registered once", i, first[i].ID, again[i].ID)
			}
			if i >= 3 && again[i].ID == "" {
				t.Errorf("client %d not registered by the second load", i)
			}
		}
		if n, want := count(), 2+len(ds); n != want {
			t.Errorf("%d clients after the repeated load, want %d", n, want)
		}
	})
}
