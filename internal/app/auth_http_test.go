package app

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/api"
	"koto/internal/config"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// proxied is the real handler of "koto serve --trusted-proxies 192.0.2.10"
// on a core with two users.
func proxied(t *testing.T, engine string) http.Handler {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "001")
	env.AddUser(t, "001", "anna", access.Caseworker)
	env.AddUser(t, "001", "bert", access.Caseworker)
	fs := flag.NewFlagSet("koto serve", flag.ContinueOnError)
	cfg := config.Register(fs, func(k string) string {
		return map[string]string{"KOTO_MFA_REQUIRED": "false", "KOTO_TRUSTED_PROXIES": proxyAddr}[k]
	})
	if err := fs.Parse([]string{"--data-dir", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	c := testCore(cfg, env)
	h, err := c.handler()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

const proxyAddr = "192.0.2.10"

// postLogin sends the login form from peer (the connection's address)
// with an X-Forwarded-For header (none if ""), and returns the status and
// where it redirects.
func postLogin(h http.Handler, peer, forwardedFor, username, password string) (int, string) {
	form := url.Values{"username": {username}, "password": {password}, "next": {"/clients"}}
	req := httptest.NewRequest("POST", "/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.RemoteAddr = peer + ":40000"
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Location")
}

// Behind the recommended TLS proxy every request comes from the proxy.
// Sixty wrong passwords from one client through it throttle that client,
// not another client through the same proxy; and an attacker who connects
// directly cannot pose as the victim's address with X-Forwarded-For.
func TestLoginThrottlingBehindProxy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := proxied(t, engine)
		const attacker, victim = "203.0.113.66", "198.51.100.7"
		for i := 0; i < 60; i++ {
			user := []string{"anna", "bert", "nobody"}[i%3]
			if code, _ := postLogin(h, proxyAddr, attacker, user, fmt.Sprintf("wrong-password-%d", i)); code/100 == 3 {
				t.Fatalf("wrong password %d logged in", i)
			}
		}
		if code, _ := postLogin(h, proxyAddr, attacker, "bert", testenv.Password); code != http.StatusTooManyRequests {
			t.Errorf("the attacking address is not throttled: %d", code)
		}
		for _, user := range []string{"anna", "bert"} {
			if code, loc := postLogin(h, proxyAddr, victim, user, testenv.Password); code != http.StatusSeeOther || loc != "/clients" {
				t.Fatalf("%s from another address through the proxy: %d → %q (locked out by another client's failures)", user, code, loc)
			}
		}

		// A direct connection claiming to be the victim: the header is
		// ignored, so the failures count against the attacker's own
		// address and the victim's stays open.
		for i := 0; i < 60; i++ {
			_, _ = postLogin(h, attacker, victim, "anna", "wrong-password-x")
		}
		if code, loc := postLogin(h, proxyAddr, victim, "anna", testenv.Password); code != http.StatusSeeOther || loc != "/clients" {
			t.Fatalf("a spoofed X-Forwarded-For locked the victim's address: %d → %q", code, loc)
		}
		if code, _ := postLogin(h, attacker, "", "anna", testenv.Password); code/100 == 3 {
			t.Error("the spoofing attacker's own address is not locked")
		}
	})
}

// The API token of a user whose password Koto generated answers 403 with
// a problem that says why, until the user has chosen a password; an
// expired token answers 401 like a revoked one.
func TestAPITokensOfOneTimePasswordsAndExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newWorld(t, engine)
		u := w.users[access.Caseworker]
		get := func(token string) response {
			req := httptest.NewRequest("GET", api.Prefix+"/me", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			return w.do(t, req)
		}
		if _, err := w.env.Auth.ResetPassword(context.Background(), testenv.System, u.actor.Username, "", true); err != nil {
			t.Fatal(err)
		}
		res := get(u.token)
		var p struct{ Type, Detail string }
		_ = json.Unmarshal([]byte(res.body), &p)
		if res.StatusCode != http.StatusForbidden || p.Type != api.ProblemBase+"forbidden" || !strings.Contains(p.Detail, "one-time") && !strings.Contains(p.Detail, "kertakäyttöinen") {
			t.Errorf("token of a user with a one-time password: %d %s", res.StatusCode, res.body)
		}
		if _, err := w.env.Auth.ResetPassword(context.Background(), testenv.System, u.actor.Username, testenv.Password, false); err != nil {
			t.Fatal(err)
		}
		if res := get(u.token); res.StatusCode != http.StatusOK {
			t.Errorf("token after the password is the user's own: %d", res.StatusCode)
		}
		if _, err := w.env.DB.SQL().Exec(`UPDATE api_tokens SET expires_at = created_at`); err != nil {
			t.Fatal(err)
		}
		if res := get(u.token); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("expired token: %d", res.StatusCode)
		}
	})
}
