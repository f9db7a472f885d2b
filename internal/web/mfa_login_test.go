package web

import (
	"encoding/base32"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"koto/internal/auth"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var secretOnPage = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

// totpCode computes the code shown on the enrolment page, offset steps on.
func totpCode(t *testing.T, page string, offset int64) string {
	t.Helper()
	m := secretOnPage.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no TOTP secret on the page")
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ReplaceAll(m[1], " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return auth.TOTPCode(key, auth.TOTPStep(time.Now())+offset, 6)
}

// withMFARequired is the harness's UI over a service that requires the
// second factor for roles that see client data.
func withMFARequired(t *testing.T, s *harness) *harness {
	p := auth.DefaultPolicy
	p.Argon2, p.MFARequired = testenv.CheapArgon2, true
	svc := auth.NewService(s.env.DB.Auth(), p, store.NewID, time.Now)
	services := s.env.Services
	services.Auth = svc
	h, err := New(Deps{Services: services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	return &harness{env: s.env, h: h, srv: httpx.RequestIDs(mux)}
}

func TestTOTPLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		sess := s.login(t, "cw.a")

		// Enrol: the page shows the secret and the otpauth URI.
		res := s.do(t, "GET", "/account/totp", nil, sess)
		if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("enrolment page: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
		}
		mustContain(t, res.Body, "otpauth://totp/Koto:cw.a?", fi("web.mfa.enrol.title"))
		page := res.Body
		res = s.do(t, "POST", "/account/totp", url.Values{"code": {"12345"}}, sess)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong confirmation code: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("mfa.code_wrong"), `href="#f-code"`)
		res = s.do(t, "POST", "/account/totp", url.Values{"code": {totpCode(t, page, 0)}}, sess)
		if res.StatusCode != 200 || strings.Count(res.Body, "<li><code>") != auth.RecoveryCodeCount {
			t.Fatalf("confirm: %d", res.StatusCode)
		}
		recovery := regexp.MustCompile(`<li><code>([a-z0-9-]+)</code>`).FindStringSubmatch(res.Body)[1]
		if res := s.do(t, "GET", "/clients", nil, sess); res.StatusCode != 200 {
			t.Fatalf("the enrolling session must go on: %d", res.StatusCode)
		}

		// Password login now stops at the code page, and so does every page.
		res = s.do(t, "POST", "/login", url.Values{"username": {"cw.a"}, "password": {testenv.Password}, "next": {"/clients/new"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login/totp?next=%2Fclients%2Fnew" {
			t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		pending := cookie(res, sessionCookie)
		for _, path := range []string{"/clients", "/account/totp", "/account/sessions"} {
			res := s.do(t, "GET", path, nil, pending)
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login/totp") {
				t.Errorf("GET %s before the second factor: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		res = s.do(t, "GET", "/login/totp?next=%2Fclients%2Fnew", nil, pending)
		if res.StatusCode != 200 {
			t.Fatalf("code page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, `autocomplete="one-time-code"`, `name="next" value="/clients/new"`)
		res = s.do(t, "POST", "/login/totp", url.Values{"code": {"000000x"}, "next": {"/clients/new"}}, pending)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("mfa.code_wrong"))
		res = s.do(t, "POST", "/login/totp", url.Values{"code": {recovery}, "next": {"/clients/new"}}, pending)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/new" {
			t.Fatalf("recovery code: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		full := cookie(res, sessionCookie)
		if full == nil || full.Value == pending.Value {
			t.Fatal("the session secret must change after the second factor")
		}
		if res := s.do(t, "GET", "/clients", nil, full); res.StatusCode != 200 {
			t.Errorf("after the second factor: %d", res.StatusCode)
		}
		if res := s.do(t, "GET", "/clients", nil, pending); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") == "/clients" {
			t.Error("the pending secret still works")
		}
		// Without any session the code page sends to the login page.
		if res := s.do(t, "GET", "/login/totp", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?") {
			t.Errorf("code page without session: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

// With the second factor required, a caseworker without one reaches only
// the enrolment page (and logout).
func TestMFARequiredEnrolmentOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := withMFARequired(t, newHarness(t, engine))
		res := s.do(t, "POST", "/login", url.Values{"username": {"cw.a"}, "password": {testenv.Password}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/totp" {
			t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
		}
		sess := cookie(res, sessionCookie)
		for _, path := range []string{"/clients", "/account/password", "/account/sessions"} {
			if res := s.do(t, "GET", path, nil, sess); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/totp" {
				t.Errorf("GET %s: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
			}
		}
		res = s.do(t, "GET", "/account/totp", nil, sess)
		if res.StatusCode != 200 {
			t.Fatalf("enrolment: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("web.mfa.enrol.required"))
		if res := s.do(t, "POST", "/account/totp", url.Values{"code": {totpCode(t, res.Body, 0)}}, sess); res.StatusCode != 200 {
			t.Fatalf("confirm: %d", res.StatusCode)
		}
		if res := s.do(t, "GET", "/clients", nil, sess); res.StatusCode != 200 {
			t.Errorf("after enrolment: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", "/logout", url.Values{}, sess); res.StatusCode != http.StatusSeeOther {
			t.Errorf("logout: %d", res.StatusCode)
		}
	})
}

func TestOwnSessionsPage(t *testing.T) {
	s := newHarness(t, "sqlite")
	a, b := s.login(t, "cw.a"), s.login(t, "cw.a")
	res := s.do(t, "GET", "/account/sessions", nil, a)
	if res.StatusCode != 200 || strings.Count(res.Body, "/end\"") != 2 {
		t.Fatalf("sessions: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("web.sessions.current"))
	ids := regexp.MustCompile(`action="/account/sessions/([a-z0-9]+)/end"`).FindAllStringSubmatch(res.Body, -1)
	// End the other session (not marked current).
	for _, id := range ids {
		if !strings.Contains(res.Body, id[0]+` class="inline-form"><button type="submit" class="button-secondary">`+fi("web.sessions.end_current")) {
			if r := s.do(t, "POST", "/account/sessions/"+id[1]+"/end", url.Values{}, a); r.StatusCode != http.StatusSeeOther {
				t.Fatalf("end: %d", r.StatusCode)
			}
		}
	}
	if r := s.do(t, "GET", "/clients", nil, b); r.StatusCode != http.StatusSeeOther {
		t.Error("ended session still works")
	}
	if r := s.do(t, "GET", "/clients", nil, a); r.StatusCode != 200 {
		t.Error("current session ended")
	}
	// Another user's session id is not found.
	c := s.login(t, "cw.b")
	if r := s.do(t, "POST", "/account/sessions/"+ids[0][1]+"/end", url.Values{}, c); r.StatusCode != http.StatusNotFound {
		t.Errorf("ending another user's session: %d", r.StatusCode)
	}
}
