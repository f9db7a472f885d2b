package store_test

import (
	"slices"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// registerPerson creates a client without HETU in the actor's organisation.
func registerPerson(t *testing.T, env *testenv.Env, actor access.Actor, first, last string) string {
	t.Helper()
	c, _, err := env.Clients.Create(ctx, actor, client.Details{
		BirthDate: civil.Date{Year: 1985, Month: 6, Day: 15}, FirstNames: first, LastName: last,
	}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// A name search's key lookups do not queue behind the writer: they finish
// while another transaction holds it (on SQLite the one writer connection).
func TestMatchNamesBesideWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		org := env.AddOrg(t, "240")
		actor := env.AddUser(t, "240", "anna", access.Caseworker)
		want := registerPerson(t, env, actor, "Olga", "Ivanova")

		held, release, done := make(chan struct{}), make(chan struct{}), make(chan error)
		go func() {
			done <- env.DB.InTx(ctx, func(tx *store.Tx) error {
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		type result struct {
			ids []string
			err error
		}
		matched := make(chan result, 1)
		go func() {
			ids, err := env.DB.MatchNames(ctx, org.ID, "Olga Ivanva", 50, 0)
			matched <- result{ids, err}
		}()
		var r result
		select {
		case r = <-matched:
		case <-time.After(5 * time.Second):
			t.Error("name matching waited for the writer")
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if r.err != nil {
			t.Fatalf("match names while the writer is held: %v", r.err)
		}
		ids := r.ids
		if !slices.Equal(ids, []string{want}) {
			t.Errorf("got %v, want [%s]", ids, want)
		}
	})
}

// A client matches a query of several words only when every word matches
// one of its names, in every pass (whole words, prefixes and spellings,
// typos).
func TestNameSearchEveryToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		org := env.AddOrg(t, "240")
		actor := env.AddUser(t, "240", "anna", access.Caseworker)
		hussein := registerPerson(t, env, actor, "Ahmed", "Hussein")
		registerPerson(t, env, actor, "Ahmed", "Karimi")
		registerPerson(t, env, actor, "Omar", "Hussein")
		for _, q := range []string{"Ahmed Hussein", "hussein ahmed", "Ahm Huss", "Ahmad Husein"} {
			got, err := env.DB.MatchNames(ctx, org.ID, q, 50, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, []string{hussein}) {
				t.Errorf("%q: got %v, want only Ahmed Hussein [%s]", q, got, hussein)
			}
		}
	})
}

// A token whose key rows exceed the bound ("h" below, with a bound of three
// key rows) does not hide the clients the other tokens narrow down to: it
// is checked per candidate. The first three "h" keys in key order are
// Habib, Hadi and Hakim, so an intersection within the bound would find no
// Ahmed Hussein. (No Omar may be called Hamid here: the typo pass matches
// "Ahmed" to "Hamid" by its consonants, and "h" to the same name, so the
// result would depend on the random order of the keyed index rows.)
func TestNameSearchBroadToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		org := env.AddOrg(t, "240")
		actor := env.AddUser(t, "240", "anna", access.Caseworker)
		var omars []string
		for _, last := range []string{"Habib", "Hadi", "Hakim", "Hilal", "Hani"} {
			omars = append(omars, registerPerson(t, env, actor, "Omar", last))
		}
		hussein := registerPerson(t, env, actor, "Ahmed", "Hussein")
		hassan := registerPerson(t, env, actor, "Ahmed", "Hassan")
		registerPerson(t, env, actor, "Ahmed", "Karimi")
		for _, tt := range []struct {
			q    string
			want []string
		}{
			{"Ahmed H", []string{hassan, hussein}},
			{"h ahmed", []string{hassan, hussein}},
			{"Ahmed Hu", []string{hussein}},
			{"Ahmad H", []string{hassan, hussein}}, // another spelling: a later pass
			{"Ahmed Hussein Omar", nil},
		} {
			got, err := env.DB.MatchNames(ctx, org.ID, tt.q, 50, 3)
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(got)
			if want := slices.Sorted(slices.Values(tt.want)); !slices.Equal(got, want) {
				t.Errorf("%q: got %v, want %v", tt.q, got, want)
			}
		}
		// Every token broad: intersected within the bound, so possibly not
		// every Omar H…, but nobody else.
		got, err := env.DB.MatchNames(ctx, org.ID, "Omar H", 50, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range got {
			if !slices.Contains(omars, id) {
				t.Errorf("%q: %s is not an Omar H…", "Omar H", id)
			}
		}
	})
}

// The summaries of a search are read in the organisation's transaction:
// an id of another organisation's client yields nothing.
func TestClientSummariesStayInOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		a, b := env.AddOrg(t, "240"), env.AddOrg(t, "245")
		inA := registerPerson(t, env, env.AddUser(t, "240", "anna", access.Caseworker), "Yusuf", "Abdi")
		inB := registerPerson(t, env, env.AddUser(t, "245", "bert", access.Caseworker), "Yusuf", "Abdi")
		for _, tt := range []struct {
			org  string
			want []string
		}{{a.ID, []string{inA}}, {b.ID, []string{inB}}} {
			err := env.DB.InOrgTx(ctx, tt.org, func(tx *store.Tx) error {
				got, err := tx.ClientSummaries(tt.org, []string{inA, inB})
				if err != nil {
					return err
				}
				var ids []string
				for _, s := range got {
					ids = append(ids, s.ID)
				}
				if !slices.Equal(ids, tt.want) {
					t.Errorf("org %s: got %v, want %v", tt.org, ids, tt.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}
