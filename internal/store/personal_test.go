package store_test

import (
	"slices"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Names are sealed, so the store orders them in Go: the client list in name
// order (both directions, across pages), the default list (most recently
// updated first), and clients found by birth date.
func TestOrdersOfSealedNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		sup := env.AddUser(t, "240", "sara", access.Supervisor)
		born := civil.Date{Year: 1990, Month: 3, Day: 1}
		var created []string
		for _, n := range [][2]string{{"Omar", "Yusuf"}, {"Anna", "Korhonen"}, {"Ali", "Abdi"}, {"Olga", "Ivanova"}, {"Bashir", "Abdi"}} {
			_, _, err := env.Clients.Create(ctx, cw, client.Details{BirthDate: born, FirstNames: n[0], LastName: n[1]}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			created = append(created, n[1]+", "+n[0])
		}
		other, _, err := env.Clients.Create(ctx, cw, client.Details{BirthDate: civil.Date{Year: 1991, Month: 3, Day: 1}, FirstNames: "Eino", LastName: "Aalto"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		created = append(created, "Aalto, Eino")
		newestFirst := slices.Clone(created)
		slices.Reverse(newestFirst)
		byName := []string{"Aalto, Eino", "Abdi, Ali", "Abdi, Bashir", "Ivanova, Olga", "Korhonen, Anna", "Yusuf, Omar"}
		list := func(f client.ListFilter) []string {
			t.Helper()
			p, err := env.Clients.List(ctx, sup, f)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(byName) {
				t.Errorf("total %d, want %d", p.Total, len(byName))
			}
			var out []string
			for _, s := range p.Items {
				out = append(out, s.FullName())
			}
			return out
		}
		for _, tt := range []struct {
			f    client.ListFilter
			want []string
		}{
			{client.ListFilter{Sort: client.SortName, PageSize: 4}, byName[:4]},
			{client.ListFilter{Sort: client.SortName, PageSize: 4, Page: 2}, byName[4:]},
			{client.ListFilter{Sort: client.SortName, PageSize: 4, Page: 3}, nil},
			{client.ListFilter{Sort: client.SortName, Desc: true, PageSize: 2, Page: 2}, []string{byName[3], byName[2]}},
			{client.ListFilter{}, newestFirst},
		} {
			if got := list(tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("%+v: got %q, want %q", tt.f, got, tt.want)
			}
		}
		found, err := env.Clients.Search(ctx, sup, client.SearchQuery{BirthDate: born})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range found {
			names = append(names, s.FullName())
			if s.ID == other.ID {
				t.Errorf("born on another day, found %s", s.FullName())
			}
		}
		if !slices.Equal(names, byName[1:]) {
			t.Errorf("born %s: got %q, want %q", born, names, byName[1:])
		}
	})
}
