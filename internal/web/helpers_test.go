package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/testenv"
)

// harness is the UI on a real core: the mux wrapped only in request ids.
type harness struct {
	env *testenv.Env
	h   *Handler
	srv http.Handler
}

// newHarness starts the UI with two organisations: 001 with a caseworker
// (cw.a) and a supervisor (sup.a), 002 with a caseworker (cw.b).
func newHarness(t *testing.T, engine string) *harness {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "001")
	env.AddOrg(t, "002")
	env.AddUser(t, "001", "cw.a", access.Caseworker)
	env.AddUser(t, "001", "sup.a", access.Supervisor)
	env.AddUser(t, "002", "cw.b", access.Caseworker)
	h, err := New(Deps{Services: env.Services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler), SavedForms: env.DB.SavedForms()})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	return &harness{env: env, h: h, srv: httpx.RequestIDs(mux)}
}

// response is a finished request with its body read.
type response struct {
	*http.Response
	Body string
}

// send posts form to path with the given headers and cookies.
func (s *harness) send(t *testing.T, method, path string, form url.Values, header map[string]string, cookies ...*http.Cookie) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: string(b)}
}

// do sends a request; a non-nil form is posted url-encoded.
func (s *harness) do(t *testing.T, method, path string, form url.Values, cookies ...*http.Cookie) response {
	t.Helper()
	return s.send(t, method, path, form, nil, cookies...)
}

// login logs username in through the form and returns the session cookie.
func (s *harness) login(t *testing.T, username string) *http.Cookie {
	t.Helper()
	res := s.do(t, "POST", "/login", url.Values{"username": {username}, "password": {testenv.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	c := cookie(res, sessionCookie)
	if c == nil {
		t.Fatalf("login %s: no session cookie", username)
	}
	return c
}

// create posts the new-client form and returns the new client's id.
func (s *harness) create(t *testing.T, form url.Values, session *http.Cookie) string {
	t.Helper()
	res := s.do(t, "POST", "/clients", form, session)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d\n%s", res.StatusCode, res.Body)
	}
	id, ok := strings.CutPrefix(res.Header.Get("Location"), "/clients/")
	if !ok || id == "" {
		t.Fatalf("create redirected to %q", res.Header.Get("Location"))
	}
	return id
}

func cookie(res response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// hetu makes a valid test HETU (individual number 900–999) for a birth
// date in the 1900s.
func hetu(day, month, year2, individual int) string {
	n, _ := strconv.Atoi(fmt.Sprintf("%02d%02d%02d%03d", day, month, year2, individual))
	return fmt.Sprintf("%02d%02d%02d-%03d%c", day, month, year2, individual, "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}

// newClientForm is a valid new-client form; override sets fields.
func newClientForm(override map[string]string) url.Values {
	f := url.Values{
		"firstNames": {"Amina"}, "lastName": {"Testinen"}, "hetu": {hetu(15, 3, 90, 902)},
		"motherTongue": {"ar"}, "serviceLanguage": {"fi"}, "citizenships": {"SY"},
		"address.street": {"Testikatu 1"}, "address.postalCode": {"00100"}, "address.postOffice": {"Helsinki"},
	}
	for k, v := range override {
		f.Set(k, v)
	}
	return f
}

// mustContain fails unless body holds every want.
func mustContain(t *testing.T, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q", w)
		}
	}
}
