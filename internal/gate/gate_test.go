package gate_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/civil"
	"koto/internal/gate"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

// No log, no answer: when the access-log entry cannot be written, the
// read it records answers nothing and a write it records is not kept.
func TestNoLogNoAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "ohjaaja", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Loki", LastName: "Asiakas", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 2}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// The access log refuses every new entry, as a full disk or a
		// broken log table would.
		breakLog := map[string][]string{
			"sqlite": {`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'log refused'); END`},
			"postgres": {`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'log refused'; END $$`,
				`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_refuse()`},
		}
		for _, q := range breakLog[engine] {
			if _, err := env.DB.SQL().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		got, err := env.Clients.Get(ctx, cw, c.ID)
		if err == nil || got.LastName != "" {
			t.Fatalf("read answered without its log entry: %q, %v", got.LastName, err)
		}
		if _, err := env.Clients.Update(ctx, cw, c.ID, 0, func(d *client.Details, _ bool) error { d.LastName = "Muutettu"; return nil }); err == nil {
			t.Fatal("write answered without its log entry")
		}
		var last string
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM client_changes WHERE client_id = '` + c.ID + `'`).Scan(&last); err != nil || last != "0" {
			t.Fatalf("the unlogged write was kept: %s changes (%v)", last, err)
		}
		// Refusals cannot be logged either, so they fail too instead of
		// answering "not found" unlogged.
		if _, err := env.Clients.Get(ctx, cw, "no-such-client"); err == nil || apperr.Is(err, apperr.NotFound) {
			t.Fatalf("refusal answered without its log entry: %v", err)
		}
	})
}

// An operation's entry records what the gate decided: the purpose of a
// special-category use, and a use opened by a stated reason names it.
func TestEntryRecordsTheDecision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "ohjaaja", access.Caseworker)
		other := env.AddUser(t, "240", "sijainen", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Peruste", LastName: "Asiakas", BirthDate: civil.Date{Year: 1991, Month: 3, Day: 4}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		r, err := env.Clients.GiveReason(ctx, other, c.ID, "substitute", "Sijaistan vastuuohjaajaa lomien ajan.")
		if err != nil {
			t.Fatal(err)
		}
		var e *audit.Entry
		err = gate.Client(ctx, env.Gate, other, gate.Use{Action: access.ClientReadSensitive, ClientID: c.ID, Touched: "sensitive", Purpose: "client_meeting"},
			func(_ gate.Tx, entry *audit.Entry) error { e = entry; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if want := "sensitive,by_reason:" + r.ID + ",purpose:client_meeting"; e.Touched != want {
			t.Errorf("entry touched %q, want %q", e.Touched, want)
		}
	})
}
