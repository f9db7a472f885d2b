package restriction_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/note"
	"koto/internal/restriction"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env      *testenv.Env
	cw       access.Actor // responsible caseworker (the creator)
	both     access.Actor // caseworker and supervisor, responsible: every classified action is the user's
	dpo      access.Actor
	clientID string
}

func newFixture(t *testing.T, engine string) fixture {
	env := testenv.New(t, engine)
	env.AddOrg(t, "250")
	f := fixture{env: env, cw: env.AddUser(t, "250", "ohjaaja", access.Caseworker),
		both: env.AddUser(t, "250", "esihenkilo", access.Caseworker, access.Supervisor),
		dpo:  env.AddUser(t, "250", "tsv", access.DPO)}
	c, _, err := env.Clients.Create(ctx, f.both, client.Details{FirstNames: "Rajoitettu", LastName: "Asiakas",
		BirthDate: civil.Date{Year: 1991, Month: 3, Day: 4}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	f.clientID = c.ID
	if err := env.Clients.Assign(ctx, f.both, c.ID, f.cw.UserID, true); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) place(t *testing.T) restriction.Restriction {
	t.Helper()
	r, err := f.env.Restrictions.Place(ctx, f.dpo, f.clientID, restriction.PlaceInput{Ground: restriction.GroundAccuracy,
		Reason: "Asiakas kiistää osoitetietonsa.", RequestRef: "dsr-1"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f fixture) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_entries WHERE ` + where
	if f.env.Engine == "postgres" {
		for i := range args {
			q = strings.Replace(q, "?", "$"+string(rune('1'+i)), 1)
		}
	}
	if err := f.env.DB.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// changing lists every action the rules mark as changing, processing or
// disclosing a record.
func changing() []access.Action {
	var out []access.Action
	for a, r := range access.Rules {
		if r.Changes {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

// Every action that changes, processes or discloses a record is refused
// by the gate while the client's processing is restricted — to a user
// whose roles and relation allow it otherwise — and logged as denied with
// the restriction; the data-protection officer's use still passes, reads
// and consents stay open, and after the lifting the action passes again.
func TestGateRefusesChangesOfRestrictedClient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		actions := changing()
		for _, must := range []access.Action{access.ClientUpdate, access.NoteCreate, access.DisclosureProvider, access.HandoverExport,
			access.DisclosureAuthorityDecide, access.TransferRequest, access.ClientMerge, access.AttachmentCreate} {
			if !slices.Contains(actions, must) {
				t.Errorf("%s is not classified as changing the record", must)
			}
		}
		use := func(actor access.Actor, a access.Action) (bool, error) {
			ran := false
			u := gate.Use{Action: a, ClientID: f.clientID, Touched: "test"}
			if access.Rules[a].Purpose {
				u.Purpose = "other"
			}
			err := gate.Client(ctx, f.env.Gate, actor, u, func(tx gate.Tx, e *audit.Entry) error { ran = true; return nil })
			return ran, err
		}
		// Before the restriction every classified action is the user's.
		for _, a := range actions {
			if _, err := use(f.both, a); err != nil {
				t.Fatalf("%s before the restriction: %v", a, err)
			}
		}
		f.place(t)
		dpoToo := f.both
		dpoToo.Roles = append(slices.Clone(f.both.Roles), access.DPO)
		for _, a := range actions {
			t.Run(string(a), func(t *testing.T) {
				ran, err := use(f.both, a)
				if ran || !gate.IsRestricted(err) || apperr.KindOf(err) != apperr.Forbidden {
					t.Fatalf("restricted client: ran %v, err %v", ran, err)
				}
				if n := f.count(t, `action = ? AND result = 'denied' AND client_id = ? AND touched LIKE '%restricted%'`, string(a), f.clientID); n != 1 {
					t.Errorf("%d denied entries with the restriction, want 1", n)
				}
				if ran, err := use(dpoToo, a); !ran || err != nil {
					t.Errorf("the data-protection officer's use: ran %v, err %v", ran, err)
				}
			})
		}
		// Reads and consents stay open.
		for _, a := range []access.Action{access.ClientRead, access.NoteRead, access.ConsentGive, access.ConsentWithdraw, access.DisclosureRead} {
			if _, err := use(f.cw, a); err != nil {
				t.Errorf("%s on a restricted client: %v", a, err)
			}
		}
		if _, err := f.env.Restrictions.Lift(ctx, f.dpo, f.clientID, "Tiedot tarkistettu ja korjattu."); err != nil {
			t.Fatal(err)
		}
		for _, a := range actions {
			if _, err := use(f.both, a); err != nil {
				t.Errorf("%s after the lifting: %v", a, err)
			}
		}
	})
}

// Through the real services: a caseworker's edit and note are refused
// with the restriction and nothing is written; the status shows to the
// caseworker; only the data-protection officer places and lifts, and a
// supervisor sees the history.
func TestRestrictionThroughServices(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		sup := f.env.AddUser(t, "250", "esimies", access.Supervisor)
		other := f.env.AddUser(t, "250", "muu", access.Caseworker)
		in := restriction.PlaceInput{Ground: restriction.GroundObjection, Reason: "Vastustaa käsittelyä."}
		// Only the data-protection officer places a restriction.
		for _, a := range []access.Actor{f.cw, sup, f.both} {
			if _, err := f.env.Restrictions.Place(ctx, a, f.clientID, in); err == nil {
				t.Errorf("%s placed a restriction", a.Username)
			}
		}
		if _, err := f.env.Restrictions.Place(ctx, f.dpo, f.clientID, restriction.PlaceInput{Ground: "x", Reason: ""}); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("invalid restriction: %v", err)
		}
		f.place(t)
		if _, err := f.env.Restrictions.Place(ctx, f.dpo, f.clientID, in); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("second active restriction: %v", err)
		}
		_, err := f.env.Clients.Update(ctx, f.cw, f.clientID, 0, func(d *client.Details, _ bool) error { d.LastName = "Muutettu"; return nil })
		if !gate.IsRestricted(err) {
			t.Fatalf("edit of a restricted client: %v", err)
		}
		_, err = f.env.Notes.Create(ctx, f.cw, f.clientID, note.Input{Type: "counselling", Date: "2025-01-02", Text: "Tapaaminen."})
		if !gate.IsRestricted(err) {
			t.Fatalf("note on a restricted client: %v", err)
		}
		c, err := f.env.Clients.Get(ctx, f.cw, f.clientID)
		if err != nil || c.LastName != "Asiakas" {
			t.Fatalf("read of a restricted client: %q, %v", c.LastName, err)
		}
		if l, err := f.env.Notes.List(ctx, f.cw, f.clientID, ""); err != nil || len(l.Notes) != 0 {
			t.Fatalf("notes: %+v, %v", l, err)
		}
		st, err := f.env.Restrictions.Status(ctx, f.cw, f.clientID)
		if err != nil || !st.Restricted || st.Since.IsZero() {
			t.Fatalf("status for the caseworker: %+v, %v", st, err)
		}
		// A caseworker without need-to-know learns nothing of it.
		if _, err := f.env.Restrictions.Status(ctx, other, f.clientID); err == nil {
			t.Error("status shown without need-to-know")
		}
		if _, err := f.env.Restrictions.History(ctx, f.cw, f.clientID); err == nil {
			t.Error("history shown to a caseworker")
		}
		if h, err := f.env.Restrictions.History(ctx, sup, f.clientID); err != nil || len(h) != 1 || h[0].Reason != "Asiakas kiistää osoitetietonsa." || h[0].RequestRef != "dsr-1" {
			t.Fatalf("history for the supervisor: %+v, %v", h, err)
		}
		if _, err := f.env.Restrictions.Lift(ctx, sup, f.clientID, "Ei."); err == nil {
			t.Error("a supervisor lifted the restriction")
		}
		if _, err := f.env.Restrictions.Lift(ctx, f.dpo, f.clientID, " "); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("lifting without a reason: %v", err)
		}
		if _, err := f.env.Restrictions.Lift(ctx, f.dpo, f.clientID, "Oikaistu."); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Restrictions.Lift(ctx, f.dpo, f.clientID, "Oikaistu."); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("lifting twice: %v", err)
		}
		if _, err := f.env.Clients.Update(ctx, f.cw, f.clientID, 0, func(d *client.Details, _ bool) error { d.LastName = "Muutettu"; return nil }); err != nil {
			t.Fatalf("edit after the lifting: %v", err)
		}
		h, err := f.env.Restrictions.History(ctx, f.dpo, f.clientID)
		if err != nil || len(h) != 1 || h[0].Active() || h[0].LiftReason != "Oikaistu." || h[0].Lifter != "tsv" {
			t.Fatalf("history after the lifting: %+v, %v", h, err)
		}
		// Another organisation's data-protection officer cannot restrict
		// the client: not found.
		f.env.AddOrg(t, "251")
		foreign := f.env.AddUser(t, "251", "tsv2", access.DPO)
		if _, err := f.env.Restrictions.Place(ctx, foreign, f.clientID, in); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("another organisation's DPO: %v", err)
		}
	})
}

// The restriction's reasons are sealed with the client's key: no
// plaintext in the table.
func TestRestrictionReasonSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine)
		f.place(t)
		var enc []byte
		if err := f.env.DB.SQL().QueryRow(`SELECT reason_enc FROM client_restrictions`).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(enc), "kiistää") {
			t.Fatal("the reason is stored in plain text")
		}
	})
}
