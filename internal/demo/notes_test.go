package demo

import (
	"context"
	"testing"
	"time"

	"koto/internal/civil"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/note"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Every demo client gets 10–30 case notes, some amended and a few
// sensitive, written by the bulk path; each client's notes are logged by a
// demo.load entry of its municipality's caseworker.
func TestLoadWritesNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Orgs, env.Auth, env.Clients, Options{Clients: 40, Seed: 7, Notes: env.Notes}); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM notes`); n < 40*10 || n > 40*30 {
			t.Errorf("%d notes for 40 clients, want 10–30 each", n)
		}
		if n := count(`SELECT MIN(c) FROM (SELECT COUNT(*) AS c FROM notes GROUP BY client_id) x`); n < 10 {
			t.Errorf("a client has %d notes", n)
		}
		if n := count(`SELECT COUNT(DISTINCT client_id) FROM notes`); n != 40 {
			t.Errorf("%d clients with notes, want 40", n)
		}
		if n := count(`SELECT COUNT(*) FROM notes WHERE sensitive`); n == 0 {
			t.Error("no sensitive notes")
		}
		if n := count(`SELECT COUNT(*) FROM note_amendments`); n == 0 {
			t.Error("no amendments")
		}
		if n := count(`SELECT COUNT(*) FROM audit_entries WHERE action = 'demo.load' AND client_id IS NOT NULL AND client_id <> ''`); n < 40 {
			t.Errorf("%d per-client demo.load entries, want one per client and batch (≥ 40)", n)
		}
	})
}

// A note written by the bulk path reads back through the notes service
// exactly like the same note written through Create and Amend: same
// fields, same text (sealed with the client's key), sensitive text
// opened only with a purpose.
func TestBulkNotesReadLikeServiceNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		cw := env.AddUser(t, "091", "cw", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Testi", LastName: "Asiakas", BirthDate: mustDate(t, "1990-05-05")}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		loaded := []note.Loaded{
			{ClientID: c.ID, Input: note.Input{Type: "phone", Date: "2025-02-03", Text: "Soitto asiakkaalle."}},
			{ClientID: c.ID, Input: note.Input{Type: "counselling", Date: "2025-03-04", Text: "Keskustelu."}, Amendments: []string{"Korjaus."}},
			{ClientID: c.ID, Input: note.Input{Type: "counselling", Date: "2025-04-05", Text: demoSensitive[0], Sensitive: true}},
		}
		if err := env.Notes.Load(ctx, access.SystemActor(access.ChannelCLI), cw, loaded); err != nil {
			t.Fatal(err)
		}
		bulk := listNotes(t, env, cw, c.ID)

		// The same notes through the service, on a second client.
		c2, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Toinen", LastName: "Henkilö", BirthDate: mustDate(t, "1985-06-06")}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range loaded {
			n, err := env.Notes.Create(ctx, cw, c2.ID, l.Input)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range l.Amendments {
				if _, err := env.Notes.Amend(ctx, cw, c2.ID, n.ID, a); err != nil {
					t.Fatal(err)
				}
			}
		}
		if bulk[0].Text != demoSensitive[0] || bulk[0].Hidden {
			t.Errorf("sensitive bulk note not opened with a purpose: %+v", bulk[0])
		}
		viaService := listNotes(t, env, cw, c2.ID)
		if len(bulk) != len(viaService) {
			t.Fatalf("%d bulk notes, %d through the service", len(bulk), len(viaService))
		}
		for i := range bulk {
			if a, b := comparable(bulk[i]), comparable(viaService[i]); !equalNotes(a, b) {
				t.Errorf("note %d: bulk %+v, service %+v", i, a, b)
			}
		}
		// Without a purpose the sensitive note stays hidden.
		plain, err := env.Notes.List(ctx, cw, c.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range plain.Notes {
			if n.Sensitive && (!n.Hidden || n.Text != "") {
				t.Errorf("sensitive bulk note shown without a purpose: %+v", n)
			}
		}
	})
}

// A caseworker may not use the bulk path, and nobody may load notes on
// another organisation's client: the attempts write nothing.
func TestBulkNotesRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "091")
		env.AddOrg(t, "049")
		cw := env.AddUser(t, "091", "cw", access.Caseworker)
		other := env.AddUser(t, "049", "other", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Testi", LastName: "Asiakas", BirthDate: mustDate(t, "1990-05-05")}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		in := []note.Loaded{{ClientID: c.ID, Input: note.Input{Type: "phone", Date: "2025-02-03", Text: "Soitto."}}}
		if err := env.Notes.Load(ctx, cw, cw, in); err == nil {
			t.Error("a caseworker loaded notes in bulk")
		}
		if err := env.Notes.Load(ctx, access.SystemActor(access.ChannelCLI), other, in); err == nil {
			t.Error("notes loaded on another organisation's client")
		}
		var n int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM notes`).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d notes written, %v", n, err)
		}
	})
}

func listNotes(t *testing.T, env *testenv.Env, actor access.Actor, clientID string) []note.Note {
	t.Helper()
	l, err := env.Notes.List(context.Background(), actor, clientID, access.Purposes[0])
	if err != nil {
		t.Fatal(err)
	}
	return l.Notes
}

// comparable is n without what differs between any two writes: ids, the
// client, the time of writing.
func comparable(n note.Note) note.Note {
	n.ID, n.ClientID, n.CreatedAt = "", "", time.Time{}
	as := make([]note.Amendment, len(n.Amendments))
	for i, a := range n.Amendments {
		a.ID, a.NoteID, a.CreatedAt = "", "", time.Time{}
		as[i] = a
	}
	n.Amendments = as
	return n
}

func mustDate(t *testing.T, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func equalNotes(a, b note.Note) bool {
	if a.Type != b.Type || a.Date != b.Date || a.Text != b.Text || a.Sensitive != b.Sensitive || a.Hidden != b.Hidden ||
		a.AuthorID != b.AuthorID || a.Author != b.Author || len(a.Amendments) != len(b.Amendments) {
		return false
	}
	for i := range a.Amendments {
		x, y := a.Amendments[i], b.Amendments[i]
		if x.Text != y.Text || x.AuthorID != y.AuthorID || x.Author != y.Author {
			return false
		}
	}
	return true
}
