package store_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/note"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Notes are never edited or deleted, also not by a database writer with
// the application's rights: SQLite refuses UPDATE by trigger, PostgreSQL
// grants the application role only SELECT and INSERT.
func TestNotesNeverEditedInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "ohjaaja", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Pysyvä", LastName: "Kirjaus", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 2}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n, err := env.Notes.Create(ctx, cw, c.ID, note.Input{Type: "phone", Date: "2025-01-02", Text: "Alkuperäinen."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Notes.Amend(ctx, cw, c.ID, n.ID, "Täydennys."); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`UPDATE notes SET sensitive = TRUE`, `UPDATE note_amendments SET author_id = 'x'`, `DELETE FROM notes`, `DELETE FROM note_amendments`} {
			if engine == "sqlite" && q[0] == 'D' {
				continue // SQLite has no roles; deletion is not a path of the application
			}
			tx, err := env.DB.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			if engine == "postgres" {
				for _, s := range []string{`SET LOCAL ROLE koto_app`, `SELECT set_config('koto.org_id', '` + cw.OrgID + `', true)`} {
					if _, err := tx.Exec(s); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := tx.Exec(q); err == nil {
				t.Errorf("%s: allowed", q)
			}
			_ = tx.Rollback()
		}
		got, err := env.Notes.Get(ctx, cw, c.ID, n.ID, "")
		if err != nil || got.Text != "Alkuperäinen." || got.Sensitive || len(got.Amendments) != 1 {
			t.Errorf("after the attempts: %+v, %v", got, err)
		}
	})
}
