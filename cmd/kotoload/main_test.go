package main

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"koto/internal/demo"
	"koto/internal/names"
)

func TestLoopbackURL(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.9.8.7:1", true},
		{"https://localhost:8443/", true},
		{"http://[::1]:8080", true},
		{"http://[::ffff:127.0.0.1]:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://0.0.0.0:8080", false},
		{"http://example.com", false},
		{"http://127.0.0.1.nip.io:8080", false},
		{"http://localhost.example.com", false},
		{"http://[::2]:8080", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"", false},
	}
	for _, tt := range tests {
		if _, err := loopbackURL(tt.url); (err == nil) != tt.ok {
			t.Errorf("loopbackURL(%q) error = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
}

func TestDialerRefusesNonLoopback(t *testing.T) {
	c := newHTTPClient(1)
	// A routable documentation address (TEST-NET-1): the dial must be
	// refused before any packet is sent.
	_, err := c.Get("http://192.0.2.1:9/")
	if err == nil || !strings.Contains(err.Error(), errNotLoopback.Error()) {
		t.Errorf("dial to 192.0.2.1 = %v, want %v", err, errNotLoopback)
	}
}

func TestSearchQueriesParse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if q := demo.NameQuery(r); q == "" {
			t.Fatal("empty query")
		} else if _, err := names.ParseQuery(q); err != nil {
			t.Fatalf("query %q: %v", q, err)
		}
	}
}

// TestRunAgainstFakeServer runs every scenario briefly against a stand-in
// for the API and checks that requests arrive and the report adds up.
func TestRunAgainstFakeServer(t *testing.T) {
	var creates, cards, searches, dues atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer koto_test" {
			w.WriteHeader(401)
			return
		}
		switch {
		case r.Method == "GET" && r.URL.Path == "/api/v1/clients":
			if r.URL.Query().Get("page") == "1" {
				io.WriteString(w, `{"items":[{"id":"a"},{"id":"b"}],"total":2}`)
			} else {
				io.WriteString(w, `{"items":[],"total":2}`)
			}
		case r.Method == "GET" && r.URL.Path == "/api/v1/me/due":
			if r.URL.Query().Get("within") != "30" {
				w.WriteHeader(422)
				return
			}
			dues.Add(1)
			io.WriteString(w, `{"items":[{"clientId":"a","kind":"plan_review","due":"2026-01-01"}]}`)
		case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v1/clients/"):
			cards.Add(1)
			io.WriteString(w, `{}`)
		case r.Method == "POST" && r.URL.Path == "/api/v1/clients/search":
			searches.Add(1)
			io.WriteString(w, `{"items":[]}`)
		case r.Method == "POST" && r.URL.Path == "/api/v1/clients":
			var body map[string]any
			if json.NewDecoder(r.Body).Decode(&body) != nil || body["lastName"] == "" {
				w.WriteHeader(400)
				return
			}
			creates.Add(1)
			w.WriteHeader(201)
		default:
			w.WriteHeader(404)
		}
	}))
	defer srv.Close()
	var out strings.Builder
	err := run(context.Background(), []string{"--url", srv.URL, "--token", "koto_test", "--scenario", "mixed",
		"--concurrency", "4", "--requests", "200", "--warmup", "0", "--json"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Ops    int
		Errors map[string]int
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if rep.Ops != 200 || len(rep.Errors) != 0 {
		t.Errorf("report %+v, want 200 ops and no errors", rep)
	}
	if creates.Load() == 0 || cards.Load() == 0 || searches.Load() == 0 {
		t.Errorf("creates %d cards %d searches %d: every kind should occur", creates.Load(), cards.Load(), searches.Load())
	}
	out.Reset()
	err = run(context.Background(), []string{"--url", srv.URL, "--token", "koto_test", "--scenario", "due", "--within", "30",
		"--concurrency", "2", "--requests", "50", "--warmup", "0", "--json"}, &out, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil || rep.Ops != 50 || len(rep.Errors) != 0 || dues.Load() != 50 {
		t.Errorf("due: report %+v (%v), %d reads", rep, err, dues.Load())
	}
}

// TestReadScenariosAgainstFakeServer runs the overview and timeline
// scenarios and checks that they ask for the right paths.
func TestReadScenariosAgainstFakeServer(t *testing.T) {
	for scenario, suffix := range map[string]string{"overview": "/overview", "timeline": "/timeline"} {
		t.Run(scenario, func(t *testing.T) {
			var hits, wrong atomic.Int64
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == "/api/v1/clients":
					if r.URL.Query().Get("page") == "1" {
						io.WriteString(w, `{"items":[{"id":"a"},{"id":"b"}],"total":2}`)
					} else {
						io.WriteString(w, `{"items":[],"total":2}`)
					}
				case r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v1/clients/") && strings.HasSuffix(r.URL.Path, suffix):
					if scenario == "timeline" && r.URL.Query().Get("limit") != "200" {
						wrong.Add(1)
					}
					hits.Add(1)
					io.WriteString(w, `{}`)
				default:
					wrong.Add(1)
					w.WriteHeader(404)
				}
			}))
			defer srv.Close()
			var out strings.Builder
			err := run(context.Background(), []string{"--url", srv.URL, "--token", "koto_test", "--scenario", scenario,
				"--concurrency", "2", "--requests", "20", "--warmup", "0", "--json"}, &out, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if hits.Load() != 20 || wrong.Load() != 0 {
				t.Errorf("%d reads of %s, %d wrong requests", hits.Load(), suffix, wrong.Load())
			}
		})
	}
}
