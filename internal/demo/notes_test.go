package demo

import (
	"context"
	"testing"

	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A share of the demo clients get case notes, some amended and a few
// sensitive, written through the notes service (so each is logged).
func TestLoadWritesNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		if _, err := Load(context.Background(), env.Organisations, env.Auth, env.Clients, Options{Clients: 60, Seed: 7, Notes: env.Notes}); err != nil {
			t.Fatal(err)
		}
		count := func(q string) int {
			var n int
			if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := count(`SELECT COUNT(*) FROM notes`); n != 8 { // clients 3, 13, …, 53 and sensitive ones for 3 and 53
			t.Errorf("%d notes, want 8", n)
		}
		if n := count(`SELECT COUNT(*) FROM notes WHERE sensitive`); n != 2 {
			t.Errorf("%d sensitive notes, want 2", n)
		}
		if n := count(`SELECT COUNT(*) FROM note_amendments`); n < 1 {
			t.Error("no amendments")
		}
		if n := count(`SELECT COUNT(*) FROM audit_entries WHERE action = 'note.create'`); n != 8 {
			t.Errorf("%d note.create entries, want 8", n)
		}
	})
}
