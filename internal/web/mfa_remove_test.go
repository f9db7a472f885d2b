package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/auth"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Removing a security key asks for the password in the key's row: a
// stolen session without it cannot take the owner's second factor away,
// and a wrong one is shown at the row's field.
func TestRemoveKeyAsksForPassword(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		session := s.login(t, "cw.a")
		id := "test-key-1"
		err := s.env.DB.Auth().WithTx(context.Background(), func(tx auth.Tx) error {
			u, err := tx.UserByUsername("cw.a")
			if err != nil {
				return err
			}
			if err := tx.InsertWebAuthnCredential(&auth.WebAuthnCredential{ID: id, UserID: u.ID, OrgID: u.OrgID,
				PublicKey: []byte{0xa0}, Name: "avain", CreatedAt: time.Now()}); err != nil {
				return err
			}
			return tx.SetSessionMFA(auth.HashSecret(session.Value)) // as if the key had been registered in it
		})
		if err != nil {
			t.Fatal(err)
		}
		if res := s.do(t, "GET", "/account/totp", nil, session); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `id="f-remove-password-`+id+`"`) {
			t.Fatalf("key list without a password field: %d", res.StatusCode)
		}
		for _, pw := range []string{"", "wrong-password-123"} {
			res := s.do(t, "POST", "/account/webauthn/"+id+"/remove", url.Values{"password": {pw}}, session)
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-remove-password-`+id+`"`) {
				t.Fatalf("remove with password %q: %d\n%s", pw, res.StatusCode, res.Body)
			}
		}
		res := s.do(t, "POST", "/account/webauthn/"+id+"/remove", url.Values{"password": {testenv.Password}}, session)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove with the password: %d", res.StatusCode)
		}
	})
}
