package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A user created in the UI gets a one-time password; the session it opens
// leads only to the change-password page (and logout) until the user has
// chosen a different password of their own.
func TestOneTimePasswordOpensOnlyTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "adm.a", access.OrgAdmin)
		adm := s.login(t, "adm.a")
		res := s.do(t, "POST", "/admin/users", url.Values{"username": {"uusi.ohjaaja"}, "displayName": {"Uusi"}, "roles": {"caseworker"}}, adm)
		m := regexp.MustCompile(`id="one-time-password">([^<]+)<`).FindStringSubmatch(res.Body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("add: %d", res.StatusCode)
		}
		oneTime := m[1]
		lr := s.do(t, "POST", "/login", url.Values{"username": {"uusi.ohjaaja"}, "password": {oneTime}, "next": {"/clients"}})
		if lr.StatusCode != http.StatusSeeOther || lr.Header.Get("Location") != "/account/password" {
			t.Fatalf("first login: %d to %q", lr.StatusCode, lr.Header.Get("Location"))
		}
		session := cookie(lr, sessionCookie)
		for _, path := range []string{"/clients", "/account/sessions", "/account/totp", "/"} {
			if res := s.do(t, "GET", path, nil, session); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
				t.Errorf("GET %s with a one-time password: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		if res := s.do(t, "POST", "/clients", newClientForm(nil), session); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/password" {
			t.Errorf("POST /clients with a one-time password: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		res = s.do(t, "GET", "/account/password", nil, session)
		mustContain(t, res.Body, fi("web.password.required"), fi("web.password.one_time"))
		change := func(current, next string) response {
			return s.do(t, "POST", "/account/password", url.Values{"currentPassword": {current}, "newPassword": {next}, "repeatPassword": {next}}, session)
		}
		if res := change(oneTime, oneTime); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("keeping the one-time password: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("password.same_as_one_time"))
		}
		if res := change(oneTime, "oma-salasana-2026"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("change: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res := s.do(t, "GET", "/clients", nil, session); res.StatusCode != http.StatusOK {
			t.Errorf("after the change: %d", res.StatusCode)
		}
		// The access log has the replacement.
		var n int
		if err := s.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'auth.password_change' AND result = 'allowed' AND touched LIKE '%one_time_replaced'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("logged: %d %v", n, err)
		}
	})
}

// The current-password check of the password form is throttled: after
// five wrong guesses even the right password is refused for a while.
func TestPasswordFormThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		session := s.login(t, "cw.a")
		change := func(current string) int {
			return s.do(t, "POST", "/account/password", url.Values{"currentPassword": {current}, "newPassword": {"uusi-salasana-123"}, "repeatPassword": {"uusi-salasana-123"}}, session).StatusCode
		}
		for i := 0; i < 5; i++ {
			if code := change("arvaus-numero-1"); code != http.StatusUnprocessableEntity {
				t.Fatalf("guess %d: %d", i, code)
			}
		}
		if code := change(testenv.Password); code != http.StatusTooManyRequests {
			t.Fatalf("right password after five wrong: %d, want 429", code)
		}
		if _, _, err := s.env.Auth.Login(context.Background(), "cw.a", testenv.Password, "127.0.0.1", access.ChannelUI, ""); err == nil {
			t.Error("the password was changed or the account is not locked")
		}
	})
}
