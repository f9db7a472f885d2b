package placement_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/hetu"
	"koto/internal/placement"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

func day(y, m, d int) civil.Date { return civil.Date{Year: y, Month: time.Month(m), Day: d} }

func TestValidate(t *testing.T) {
	today := day(2026, 6, 1)
	tests := []struct {
		name  string
		p     placement.Placement
		field string
		key   string
	}{
		{"empty", placement.Placement{}, "", ""},
		{"full", placement.Placement{ReceptionCentre: "Joutsenon vastaanottokeskus", UNHCRNumber: "123-45c67890", QuotaRefugee: true,
			PlacedFrom: "Ulkomailta", AssigningAuthority: "Lapin elinvoimakeskus", Municipality: "240",
			DecisionDate: day(2025, 1, 10), ArrivalDate: day(2025, 2, 1)}, "", ""},
		{"unknown municipality", placement.Placement{Municipality: "999"}, "municipality", "codes.unknown.municipalities"},
		{"date without municipality", placement.Placement{DecisionDate: day(2025, 1, 1)}, "municipality", "validation.required"},
		{"decision in the future", placement.Placement{Municipality: "240", DecisionDate: day(2026, 6, 2)}, "decisionDate", "validation.date_future"},
		{"arrival before decision", placement.Placement{Municipality: "240", DecisionDate: day(2025, 2, 1), ArrivalDate: day(2025, 1, 1)}, "arrivalDate", "placement.arrival_before_decision"},
		{"bad UNHCR number", placement.Placement{UNHCRNumber: "12 <b>"}, "unhcrNumber", "placement.unhcr_format"},
		{"short UNHCR number", placement.Placement{UNHCRNumber: "12"}, "unhcrNumber", "placement.unhcr_format"},
		{"control characters", placement.Placement{ReceptionCentre: "a\x00b"}, "receptionCentre", "validation.text_chars"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.p
			p.Normalize()
			err := p.Validate(today, placement.Placement{})
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ae, ok := apperr.As(err)
			if !ok || len(ae.Fields) == 0 || ae.Fields[0].Field != tt.field || ae.Fields[0].Key != tt.key {
				t.Fatalf("want %s on %s, got %v", tt.key, tt.field, err)
			}
		})
	}
}

func TestInverse(t *testing.T) {
	for kind, want := range map[string]string{placement.Spouse: placement.Spouse, placement.Child: placement.Parent,
		placement.Parent: placement.Child, placement.Other: placement.Other} {
		if got := placement.Inverse(kind); got != want {
			t.Errorf("Inverse(%s) = %s, want %s", kind, got, want)
		}
	}
}

type fixture struct {
	env                              *testenv.Env
	cw, cw2, sup, finance, otherOrgC access.Actor
	a, b, c, foreign                 string // a, b, c: clients of cw; foreign: of the other organisation
}

func setup(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "430")
	f := fixture{env: env,
		cw:        env.AddUser(t, "240", "anna.ohjaaja", access.Caseworker),
		cw2:       env.AddUser(t, "240", "ville.ohjaaja", access.Caseworker),
		sup:       env.AddUser(t, "240", "erkki.esihenkilo", access.Supervisor),
		finance:   env.AddUser(t, "240", "raha.talous", access.Finance),
		otherOrgC: env.AddUser(t, "430", "olli.loimaa", access.Caseworker),
	}
	mk := func(by access.Actor, first string, n int) string {
		h, err := hetu.New(day(1985, 1, 1+n), 900+n)
		if err != nil {
			t.Fatal(err)
		}
		c, _, err := env.Clients.Create(ctx, by, client.Details{HETU: h.String(), FirstNames: first, LastName: "Kotitalous"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.a, f.b, f.c = mk(f.cw, "Aino", 1), mk(f.cw, "Bashir", 2), mk(f.cw2, "Cecilia", 3)
	f.foreign = mk(f.otherOrgC, "Dawit", 4)
	return f
}

func (f fixture) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	q := `SELECT COUNT(*) FROM audit_entries WHERE ` + where
	if f.env.Engine == "postgres" {
		for n := 1; strings.Contains(q, "?"); n++ {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", n), 1)
		}
	}
	var n int
	if err := f.env.DB.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPlacementSavedSealedAndLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		svc := f.env.Placements
		p, err := svc.Get(ctx, f.cw, f.a)
		if err != nil || p.Version != 0 {
			t.Fatalf("empty placement: %+v %v", p, err)
		}
		in := placement.Placement{ReceptionCentre: "Joutsenon vastaanottokeskus", UNHCRNumber: "123-45C67890", QuotaRefugee: true,
			Municipality: "240", DecisionDate: day(2025, 1, 10), ArrivalDate: day(2025, 2, 1)}
		saved, err := svc.Save(ctx, f.cw, f.a, 0, in)
		if err != nil || saved.Version != 1 {
			t.Fatalf("save: %+v %v", saved, err)
		}
		if _, err := svc.Save(ctx, f.cw, f.a, 0, in); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("a stale version saved: %v", err)
		}
		got, err := svc.Get(ctx, f.sup, f.a)
		if err != nil || got.UNHCRNumber != "123-45C67890" || got.Municipality != "240" || !got.QuotaRefugee || got.ArrivalDate != day(2025, 2, 1) {
			t.Fatalf("read back %+v %v", got, err)
		}
		// The UNHCR number is sealed: not in the row as text.
		var n int
		q := `SELECT COUNT(*) FROM client_placements WHERE details_enc LIKE '%45C678%'`
		if engine == "postgres" {
			q = `SELECT COUNT(*) FROM client_placements WHERE encode(details_enc, 'escape') LIKE '%45C678%'`
		}
		if err := f.env.DB.SQL().QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("UNHCR number in plain text (%d, %v)", n, err)
		}
		if f.count(t, `action = 'placement.read' AND result = 'allowed' AND client_id = ?`, f.a) != 2 ||
			f.count(t, `action = 'placement.update' AND result = 'allowed' AND client_id = ?`, f.a) != 1 {
			t.Error("reads and the save are not logged as placement.*")
		}
	})
}

func TestPlacementAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		svc := f.env.Placements
		in := placement.Placement{Municipality: "240"}
		// Another organisation's client: 404, logged as denied.
		if _, err := svc.Get(ctx, f.cw, f.foreign); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's client: %v", err)
		}
		if _, err := svc.Save(ctx, f.sup, f.foreign, 0, in); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("saved on another organisation's client: %v", err)
		}
		if f.count(t, `action LIKE 'placement.%' AND result = 'denied' AND client_id = ?`, f.foreign) < 2 {
			t.Error("the attempts on another organisation's client are not logged")
		}
		// A caseworker without a relation is refused (a reason would open it).
		if _, err := svc.Get(ctx, f.cw2, f.a); !gate.IsReasonRequired(err) {
			t.Errorf("caseworker without relation: %v", err)
		}
		// A role that never sees client content: 404.
		if _, err := svc.Get(ctx, f.finance, f.a); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("finance read a placement: %v", err)
		}
		// A missing client answers the same.
		if _, err := svc.Get(ctx, f.cw, "nosuchclient"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("missing client: %v", err)
		}
	})
}

func TestHouseholdLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		svc := f.env.Placements
		l, err := svc.Link(ctx, f.cw, f.a, f.b, placement.Child)
		if err != nil {
			t.Fatal(err)
		}
		if l.OtherID != f.b || l.Kind != placement.Child || l.OtherName != "Bashir Kotitalous" {
			t.Fatalf("link %+v", l)
		}
		// Shown on both clients, inverted on the other side.
		fromB, err := svc.Household(ctx, f.cw, f.b)
		if err != nil || len(fromB) != 1 || fromB[0].OtherID != f.a || fromB[0].Kind != placement.Parent {
			t.Fatalf("from b: %+v %v", fromB, err)
		}
		// A use of both clients: each has its entry.
		if f.count(t, `action = 'household.update' AND result = 'allowed' AND client_id = ?`, f.a) != 1 ||
			f.count(t, `action = 'household.update' AND result = 'allowed' AND client_id = ?`, f.b) != 1 {
			t.Error("the link is not logged on both clients")
		}
		// Linked already, either way round.
		if _, err := svc.Link(ctx, f.cw, f.b, f.a, placement.Spouse); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("linked twice: %v", err)
		}
		// By Koto id, as the page sends it.
		c, err := f.env.Clients.Get(ctx, f.sup, f.c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Link(ctx, f.sup, f.a, c.KotoID, placement.Other); err != nil {
			t.Errorf("link by Koto id: %v", err)
		}
		// Self and bad kinds.
		if _, err := svc.Link(ctx, f.cw, f.a, f.a, placement.Spouse); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("linked to itself: %v", err)
		}
		if _, err := svc.Link(ctx, f.cw, f.a, f.b, "cousin"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("unknown kind: %v", err)
		}
		// Unlink from the other side.
		if err := svc.Unlink(ctx, f.cw, f.b, l.ID); err != nil {
			t.Fatal(err)
		}
		if links, _ := svc.Household(ctx, f.cw, f.a); len(links) != 1 || links[0].OtherID != f.c {
			t.Errorf("after unlink: %+v", links)
		}
	})
}

func TestHouseholdAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		svc := f.env.Placements
		// The other client is another organisation's: 404, nothing linked.
		if _, err := svc.Link(ctx, f.sup, f.a, f.foreign, placement.Spouse); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("linked another organisation's client: %v", err)
		}
		// The other client is one the caseworker has no relation to: 404.
		if _, err := svc.Link(ctx, f.cw, f.a, f.c, placement.Spouse); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("linked a client without relation: %v", err)
		}
		if f.count(t, `action = 'household.update' AND result = 'denied' AND client_id = ?`, f.a) != 2 {
			t.Error("the refused links are not logged")
		}
		if links, err := svc.Household(ctx, f.sup, f.a); err != nil || len(links) != 0 {
			t.Fatalf("refused links stored: %+v %v", links, err)
		}
		// A link of another client answers like a missing one.
		l, err := svc.Link(ctx, f.sup, f.b, f.c, placement.Spouse)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Unlink(ctx, f.cw, f.a, l.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("removed another client's link: %v", err)
		}
		// Removing needs both clients: cw may use b but not c.
		if err := svc.Unlink(ctx, f.cw, f.b, l.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("removed a link to a client without relation: %v", err)
		}
		// Another organisation's user cannot see or remove it.
		if err := svc.Unlink(ctx, f.otherOrgC, f.b, l.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation removed a link: %v", err)
		}
		if links, _ := svc.Household(ctx, f.sup, f.b); len(links) != 1 {
			t.Errorf("the link went: %+v", links)
		}
	})
}
