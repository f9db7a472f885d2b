package store_test

import (
	"bytes"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A kept form is sealed at rest, opens once for its own user and page, and
// is gone when expired.
func TestSavedForms(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		anna := env.AddUser(t, "240", "anna", access.Caseworker)
		bert := env.AddUser(t, "240", "bert", access.Caseworker)
		forms := env.DB.SavedForms()
		payload := []byte("lastName=Salainen-Sukunimi")
		save := func(id string) {
			t.Helper()
			f := store.SavedForm{ID: id, OrgID: anna.OrgID, UserID: anna.UserID, Path: "/clients/x/edit/identity", Payload: payload}
			if err := forms.Save(ctx, f, 30*time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		save("f1")
		var raw []byte
		if err := env.DB.SQL().QueryRow(`SELECT payload_enc FROM saved_forms WHERE id = 'f1'`).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("Salainen")) {
			t.Error("saved form stored in plaintext")
		}
		for _, c := range []struct{ name, user, path string }{
			{"another user", bert.UserID, "/clients/x/edit/identity"},
			{"another page", anna.UserID, "/clients/y/edit/identity"},
		} {
			if _, err := forms.Take(ctx, "f1", anna.OrgID, c.user, c.path); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s: %v, want NotFound", c.name, err)
			}
		}
		got, err := forms.Take(ctx, "f1", anna.OrgID, anna.UserID, "/clients/x/edit/identity")
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("take: %q %v", got, err)
		}
		if _, err := forms.Take(ctx, "f1", anna.OrgID, anna.UserID, "/clients/x/edit/identity"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("second take: %v, want NotFound", err)
		}

		save("f2")
		if _, err := env.DB.SQL().Exec(`UPDATE saved_forms SET expires_at = created_at`); err != nil {
			t.Fatal(err)
		}
		if _, err := forms.Take(ctx, "f2", anna.OrgID, anna.UserID, "/clients/x/edit/identity"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("expired: %v, want NotFound", err)
		}
		var left int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM saved_forms`).Scan(&left); err != nil || left != 0 {
			t.Errorf("an expired form outlived a read: %d rows (%v)", left, err)
		}
		save("f3")
		if _, err := env.DB.SQL().Exec(`UPDATE saved_forms SET expires_at = created_at`); err != nil {
			t.Fatal(err)
		}
		if _, err := forms.Purge(ctx); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM saved_forms`).Scan(&n); err != nil || n != 0 {
			t.Errorf("after purge %d rows (%v), want 0", n, err)
		}
	})
}
