package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/hetu"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/testenv"
)

// harness is a real core with the API mounted on a mux, called in-process.
type harness struct {
	env    *testenv.Env
	api    *API
	h      http.Handler
	actors map[string]access.Actor // by username
}

func newHarness(t *testing.T, engine string) *harness {
	t.Helper()
	env := testenv.New(t, engine)
	a := New(Deps{Services: env.Services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	a.Register(mux)
	return &harness{env: env, api: a, h: httpx.RequestIDs(mux), actors: map[string]access.Actor{}}
}

// user adds a user with roles in org (created on first use) and returns
// its API token.
func (h *harness) user(t *testing.T, org, username string, roles ...access.Role) string {
	t.Helper()
	if _, ok := h.env.OrgByCode[org]; !ok {
		h.env.AddOrg(t, org)
	}
	h.actors[username] = h.env.AddUser(t, org, username, roles...)
	return h.env.Token(t, username)
}

// assign makes username a responsible caseworker of a client, as the
// supervisor by would on the assignment screen.
func (h *harness) assign(t *testing.T, by, clientID, username string) {
	t.Helper()
	if err := h.env.Clients.Assign(context.Background(), h.actors[by], clientID, h.actors[username].UserID, true); err != nil {
		t.Fatalf("assign %s to %s: %v", username, clientID, err)
	}
}

// wantReasonRequired fails unless w is the 403 that a stated reason for
// access would lift, pointing at the client's access-reasons URL.
func wantReasonRequired(t *testing.T, w *httptest.ResponseRecorder, clientID string) {
	t.Helper()
	want(t, w, http.StatusForbidden)
	url := path(clientID, "/access-reasons")
	var p struct {
		problemJSON
		URL string `json:"accessReasonsUrl"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Type != ProblemBase+"reason-required" || p.URL != url || !strings.Contains(p.Detail, url) {
		t.Fatalf("not a reason-required problem: %s", w.Body)
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q", w.Header().Get("Cache-Control"))
	}
}

// call sends a request; body is sent as is when it is a string or []byte,
// else marshalled as JSON. Extra headers come in name, value pairs.
func (h *harness) call(t *testing.T, method, path, token string, body any, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.h.ServeHTTP(w, req)
	return w
}

// want fails the test unless the answer has status; problems must be
// problem+json with type, title, status and detail.
func want(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d; body %s", w.Code, status, w.Body)
	}
	if status < 400 {
		return
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("problem content type %q", ct)
	}
	p := decodeProblem(t, w)
	if p.Status != status || !strings.HasPrefix(p.Type, ProblemBase) || p.Title == "" || p.Detail == "" || p.Instance == "" {
		t.Fatalf("incomplete problem %+v", p)
	}
}

func decodeProblem(t *testing.T, w *httptest.ResponseRecorder) problemJSON {
	t.Helper()
	var p problemJSON
	if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body %q: %v", w.Body, err)
	}
	return p
}

func decode[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body %q: %v", w.Body, err)
	}
	return v
}

// synthetic returns a valid HETU with an individual number of the test range.
func synthetic(t testing.TB, year int, month time.Month, day, individual int) string {
	t.Helper()
	if individual < 900 {
		t.Fatal("test HETUs use individual numbers 900–999 only")
	}
	h, err := hetu.New(civil.Date{Year: year, Month: month, Day: day}, individual)
	if err != nil {
		t.Fatal(err)
	}
	return h.String()
}

// clientResp is the parts of a client answer the tests look at.
type clientResp struct {
	ID         string `json:"id"`
	KotoID     string `json:"kotoId"`
	HETU       string `json:"hetu"`
	BirthDate  string `json:"birthDate"`
	Sex        string `json:"sex"`
	FirstNames string `json:"firstNames"`
	LastName   string `json:"lastName"`
	Phone      string `json:"phone"`
	Version    int    `json:"version"`
	Address    *struct {
		Street string `json:"street"`
	} `json:"address"`
	AddressHidden bool `json:"addressHidden"`
	Permits       []struct {
		ID, Kind, Outcome, Class, Ground, ValidFrom string
	} `json:"permits"`
	Warnings []warningJSON `json:"warnings"`
}

func (h *harness) create(t *testing.T, token string, body any) clientResp {
	t.Helper()
	w := h.call(t, "POST", "/api/v1/clients", token, body)
	want(t, w, http.StatusCreated)
	return decode[clientResp](t, w)
}

func (h *harness) total(t *testing.T, token string) int {
	t.Helper()
	w := h.call(t, "GET", "/api/v1/clients", token, nil)
	want(t, w, http.StatusOK)
	return decode[pageJSON](t, w).Total
}

func (h *harness) count(t *testing.T, query string) int {
	t.Helper()
	var n int
	if err := h.env.DB.SQL().QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func person(hetuOrDate, first, last string) map[string]any {
	m := map[string]any{"firstNames": first, "lastName": last}
	if len(hetuOrDate) == 10 && hetuOrDate[4] == '-' {
		m["birthDate"] = hetuOrDate
	} else {
		m["hetu"] = hetuOrDate
	}
	return m
}

func path(id string, rest ...string) string {
	return fmt.Sprintf("/api/v1/clients/%s%s", id, strings.Join(rest, ""))
}
