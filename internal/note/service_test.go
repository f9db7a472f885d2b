package note_test

import (
	"bytes"
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
	"koto/internal/note"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env                     *testenv.Env
	cw, sup, other, foreign access.Actor
	clientID, otherClientID string
	foreignClientID, today  string
}

func setup(t *testing.T, engine string) fixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "091")
	f := fixture{env: env,
		cw:      env.AddUser(t, "240", "ohjaaja", access.Caseworker),
		sup:     env.AddUser(t, "240", "esihenkilo", access.Supervisor),
		other:   env.AddUser(t, "240", "sijainen", access.Caseworker),
		foreign: env.AddUser(t, "091", "vieras", access.Caseworker, access.Supervisor),
	}
	mk := func(actor access.Actor, last string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: "Muistio", LastName: last, BirthDate: civil.Date{Year: 1990, Month: 5, Day: 6}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID, f.otherClientID, f.foreignClientID = mk(f.cw, "Asiakas"), mk(f.cw, "Toinen"), mk(f.foreign, "Vieras")
	f.today = civil.DateOf(time.Now().In(civil.Helsinki)).String()
	return f
}

func (f fixture) create(t *testing.T, actor access.Actor, clientID, text string, sensitive bool) note.Note {
	t.Helper()
	n, err := f.env.Notes.Create(ctx, actor, clientID, note.Input{Type: "home-visit", Date: f.today, Text: text, Sensitive: sensitive})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (f fixture) count(t *testing.T, where string, args ...any) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_entries WHERE ` + where
	if f.env.Engine == "postgres" {
		q = rebind(q)
	}
	if err := f.env.DB.SQL().QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A note is written, amended and read back: the original stays as written
// under its amendment, the text is sealed at rest, every use is logged.
func TestNoteAmendedKeepsTheOriginal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		n := f.create(t, f.cw, f.clientID, "Kotikäynti: asunnossa kosteusvaurio.", false)
		a, err := f.env.Notes.Amend(ctx, f.sup, f.clientID, n.ID, "  Korjaus: vaurio oli keittiössä.  ")
		if err != nil {
			t.Fatal(err)
		}
		if a.Text != "Korjaus: vaurio oli keittiössä." || a.Author != "esihenkilo" {
			t.Errorf("amendment %+v", a)
		}
		list, err := f.env.Notes.List(ctx, f.cw, f.clientID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(list.Notes) != 1 {
			t.Fatalf("notes %+v", list.Notes)
		}
		got := list.Notes[0]
		if got.Text != "Kotikäynti: asunnossa kosteusvaurio." || got.Type != "home-visit" || got.Author != "ohjaaja" ||
			len(got.Amendments) != 1 || got.Amendments[0].Text != a.Text {
			t.Errorf("read back %+v", got)
		}
		var enc []byte
		if err := f.env.DB.SQL().QueryRow(`SELECT text_enc FROM notes WHERE id = '` + n.ID + `'`).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(enc, []byte("kosteusvaurio")) {
			t.Error("note text stored in the clear")
		}
		for _, action := range []string{"note.create", "note.amend", "note.read"} {
			if c := f.count(t, `action = ? AND client_id = ? AND result = 'allowed'`, action, f.clientID); c != 1 {
				t.Errorf("%s logged %d times, want 1", action, c)
			}
		}
		if engine == "sqlite" { // PostgreSQL: UPDATE is revoked from the application role
			if _, err := f.env.DB.SQL().Exec(`UPDATE notes SET note_type = 'phone' WHERE id = '` + n.ID + `'`); err == nil {
				t.Error("a note was edited in place")
			}
		}
	})
}

// The attacks: another organisation's client, a note of another client,
// a caseworker without a relation. Each answers like a missing record and
// is logged.
func TestNotesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		n := f.create(t, f.cw, f.clientID, "Puhelu: sovittiin tapaaminen.", false)
		foreignNote := f.create(t, f.foreign, f.foreignClientID, "Vieraan organisaation muistio.", false)

		// Another organisation's client: NotFound, like a missing one, logged.
		if _, err := f.env.Notes.List(ctx, f.sup, f.foreignClientID, ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's client: %v", err)
		}
		if _, err := f.env.Notes.List(ctx, f.sup, "no-such-client", ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a missing client: %v", err)
		}
		if c := f.count(t, `action = 'note.read' AND client_id = ? AND result = 'denied'`, f.foreignClientID); c < 1 {
			t.Error("the attempt on another organisation's client is not logged")
		}
		if _, err := f.env.Notes.Create(ctx, f.sup, f.foreignClientID, note.Input{Type: "phone", Date: "2025-01-02", Text: "x"}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a note on another organisation's client: %v", err)
		}
		// A note of another client (or organisation) through a client one may see.
		if _, err := f.env.Notes.Get(ctx, f.cw, f.otherClientID, n.ID, ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another client's note: %v", err)
		}
		if _, err := f.env.Notes.Amend(ctx, f.cw, f.otherClientID, n.ID, "Korjaus"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("amending another client's note: %v", err)
		}
		if _, err := f.env.Notes.Amend(ctx, f.cw, f.clientID, foreignNote.ID, "Korjaus"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("amending another organisation's note: %v", err)
		}
		if c := f.count(t, `action = 'note.amend' AND client_id = ? AND result = 'denied'`, f.otherClientID); c != 1 {
			t.Errorf("the refused amendment logged %d times, want 1", c)
		}
		// A caseworker without a relation is refused (a reason is asked).
		if _, err := f.env.Notes.List(ctx, f.other, f.clientID, ""); !gate.IsReasonRequired(err) {
			t.Errorf("a caseworker without a relation: %v", err)
		}
		if _, err := f.env.Notes.Create(ctx, f.other, f.clientID, note.Input{Type: "phone", Date: "2025-01-02", Text: "x"}); !gate.IsReasonRequired(err) {
			t.Errorf("a caseworker without a relation wrote a note: %v", err)
		}
		// Nothing was written by the refused attempts.
		list, err := f.env.Notes.List(ctx, f.cw, f.otherClientID, "")
		if err != nil || len(list.Notes) != 0 {
			t.Errorf("other client's notes %+v, %v", list.Notes, err)
		}
		got, err := f.env.Notes.Get(ctx, f.cw, f.clientID, n.ID, "")
		if err != nil || len(got.Amendments) != 0 {
			t.Errorf("note %+v, %v", got, err)
		}
	})
}

// A sensitive note's text opens only with the right (an assignment) and a
// purpose, which the log records; a stated reason or a supervisor without
// a relation sees that it exists, not what it says.
func TestSensitiveNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		s := f.create(t, f.cw, f.clientID, "Terveydentila: masennusoireita.", true)
		if _, err := f.env.Notes.Amend(ctx, f.cw, f.clientID, s.ID, "Lääkärin lausunto saatu."); err != nil {
			t.Fatal(err)
		}
		f.create(t, f.cw, f.clientID, "Tavallinen muistio.", false)
		if _, err := f.env.Clients.GiveReason(ctx, f.other, f.clientID, "substitute", "Sijaistan vastuuohjaajaa tämän viikon."); err != nil {
			t.Fatal(err)
		}
		sensitiveOf := func(l note.List) note.Note {
			for _, n := range l.Notes {
				if n.ID == s.ID {
					return n
				}
			}
			t.Fatal("the sensitive note is missing")
			return note.Note{}
		}
		tests := []struct {
			name    string
			actor   access.Actor
			purpose string
			may     bool
			opened  bool
		}{
			{"assigned caseworker without a purpose", f.cw, "", true, false},
			{"assigned caseworker with a purpose", f.cw, "client_meeting", true, true},
			{"caseworker by a stated reason", f.other, "client_meeting", false, false},
			{"supervisor without a relation", f.sup, "assessment", false, false},
		}
		for _, tc := range tests {
			l, err := f.env.Notes.List(ctx, tc.actor, f.clientID, tc.purpose)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			n := sensitiveOf(l)
			if l.MayOpen != tc.may || l.Opened != tc.opened || n.Hidden == tc.opened {
				t.Errorf("%s: may %v opened %v hidden %v", tc.name, l.MayOpen, l.Opened, n.Hidden)
			}
			if tc.opened != (n.Text != "" && n.Amendments[0].Text != "") {
				t.Errorf("%s: text %q, amendment %q", tc.name, n.Text, n.Amendments[0].Text)
			}
			if !tc.opened && (n.Text != "" || n.Amendments[0].Text != "") {
				t.Errorf("%s: the hidden text leaked", tc.name)
			}
		}
		if c := f.count(t, `action = 'note.read' AND client_id = ? AND user_id = ? AND touched = 'notes,sensitive,purpose:client_meeting'`, f.clientID, f.cw.UserID); c != 1 {
			t.Errorf("the sensitive view logged %d times with its purpose, want 1", c)
		}
		if c := f.count(t, `action = 'note.read' AND user_id = ? AND touched LIKE '%purpose%'`, f.other.UserID); c != 0 {
			t.Error("a view that opened nothing was logged as opening sensitive notes")
		}
		if _, err := f.env.Notes.List(ctx, f.cw, f.clientID, "curiosity"); !gate.IsPurposeRequired(err) {
			t.Errorf("an unknown purpose: %v", err)
		}
		// Amending a sensitive note needs the right to open it.
		if _, err := f.env.Notes.Amend(ctx, f.other, f.clientID, s.ID, "Lisäys"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("amendment by a stated reason: %v", err)
		}
		got, err := f.env.Notes.Get(ctx, f.cw, f.clientID, s.ID, "assessment")
		if err != nil || len(got.Amendments) != 1 || got.Text == "" {
			t.Errorf("after the refused amendment: %+v, %v", got, err)
		}
	})
}

// rebind numbers the placeholders for PostgreSQL.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
