package api

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The timeline and overview contract: newest first, limit and before,
// never a note's text, 404 for another organisation's client, and log
// entries whose actions begin with timeline. and client.overview.
func TestTimelineContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		h.env.AddProvider(t, "OPISTO", "Opisto")
		cw := h.user(t, "091", "cw", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		c := h.create(t, cw, person("1980-01-02", "Aika", "Jana"))

		want(t, h.call(t, "POST", path(c.ID, "/notes"), cw, map[string]any{"type": "home-visit", "date": "2025-11-04", "text": "Salaisuus-Qwerty.", "sensitive": true}), http.StatusCreated)
		want(t, h.call(t, "POST", path(c.ID, "/plans"), cw, map[string]any{"kind": "basic", "startDate": "2025-11-05", "endDate": "2026-06-30", "goals": []string{"Kieli"}}), http.StatusCreated)
		w := h.call(t, "POST", path(c.ID, "/referrals"), cw, map[string]any{"provider": "OPISTO", "service": "integration-training", "date": "2025-11-06"})
		want(t, w, http.StatusCreated)

		type event struct{ At, Kind, ID, Summary, Code string }
		type items struct{ Items []event }
		w = h.call(t, "GET", path(c.ID, "/timeline"), cw, nil)
		want(t, w, http.StatusOK)
		all := decode[items](t, w).Items
		var kinds []string
		for _, e := range all {
			kinds = append(kinds, e.Kind)
			if e.At == "" || e.ID == "" || e.Summary == "" {
				t.Errorf("incomplete event %+v", e)
			}
		}
		if len(kinds) != 4 || kinds[0] != "referral.proposed" || kinds[1] != "plan.created" || kinds[2] != "note" || kinds[3] != "registration" {
			t.Fatalf("kinds %v", kinds)
		}
		if body := w.Body.String(); strings.Contains(body, "Qwerty") || strings.Contains(body, "home-visit") {
			t.Errorf("the sensitive note shows more than its kind and date: %s", body)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'timeline.read' AND result = 'allowed' AND client_id = '`+c.ID+`'`); n != 1 {
			t.Errorf("%d timeline.read entries, want 1", n)
		}

		w = h.call(t, "GET", path(c.ID, "/timeline?limit=2"), cw, nil)
		want(t, w, http.StatusOK)
		page := decode[items](t, w).Items
		if len(page) != 2 || page[1].Kind != "plan.created" {
			t.Fatalf("first page %+v", page)
		}
		w = h.call(t, "GET", path(c.ID, "/timeline?limit=2&before="+url.QueryEscape(page[1].At)), cw, nil)
		want(t, w, http.StatusOK)
		if next := decode[items](t, w).Items; len(next) != 2 || next[0].Kind != "note" || next[1].Kind != "registration" {
			t.Errorf("second page %+v", next)
		}
		for _, q := range []string{"?limit=0", "?limit=201", "?limit=x", "?before=yesterday"} {
			want(t, h.call(t, "GET", path(c.ID, "/timeline"+q), cw, nil), http.StatusBadRequest)
		}

		w = h.call(t, "GET", path(c.ID, "/overview"), cw, nil)
		want(t, w, http.StatusOK)
		type overview struct {
			Client    map[string]any   `json:"client"`
			Plan      map[string]any   `json:"plan"`
			Referrals []map[string]any `json:"referrals"`
			Timeline  []event          `json:"timeline"`
		}
		o := decode[overview](t, w)
		if o.Client["id"] != c.ID || o.Plan == nil || o.Plan["version"] != float64(1) || len(o.Referrals) != 1 || len(o.Timeline) != 4 {
			t.Errorf("overview %+v", o)
		}
		got := h.call(t, "GET", path(c.ID), cw, nil).Body.String()
		if want := decodeAs[map[string]any](t, h.call(t, "GET", path(c.ID), cw, nil)); want["hetu"] != o.Client["hetu"] || want["lastName"] != o.Client["lastName"] {
			t.Errorf("overview client %v differs from GET client %s", o.Client, got)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'client.overview' AND result = 'allowed' AND client_id = '`+c.ID+`'`); n != 1 {
			t.Errorf("%d client.overview entries, want 1", n)
		}

		// Another organisation's client answers 404 like a missing one.
		for _, p := range []string{"/timeline", "/overview"} {
			want(t, h.call(t, "GET", path(c.ID, p), outsider, nil), http.StatusNotFound)
			want(t, h.call(t, "GET", path("no-such-client", p), outsider, nil), http.StatusNotFound)
		}
	})
}
