package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// The contract of consents that outside tools rely on: give (201 with
// id), list ({"items"}), withdraw (200, optional body), the 405s of a
// consent that is never changed, 404 for another organisation's client,
// log actions beginning with "consent.".
func TestConsentsContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		c := h.create(t, cw, person("1980-01-03", "Suostumus", "Asiakas"))
		foreign := h.create(t, outsider, person("1982-01-03", "Vieras", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()

		w := h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today})
		want(t, w, http.StatusCreated)
		got := decodeAs[map[string]any](t, w)
		id, _ := got["id"].(string)
		if id == "" || got["type"] != "e-service" || got["given"] != today || got["textVersion"] != "2026-01" || got["active"] != true {
			t.Fatalf("created %v", got)
		}
		w = h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "disclosure-named-party", "given": today,
			"scope": "opisto", "channel": "paper", "textVersion": "2026-01"})
		want(t, w, http.StatusCreated)
		want(t, h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "disclosure-named-party", "given": today}), http.StatusUnprocessableEntity)
		want(t, h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today, "extra": 1}), http.StatusBadRequest)

		// Withdrawal without a body, then again: 409.
		w = h.call(t, "POST", path(c.ID, "/consents/"+id+"/withdrawal"), cw, nil)
		want(t, w, http.StatusOK)
		got = decodeAs[map[string]any](t, w)
		if wd, _ := got["withdrawal"].(map[string]any); wd == nil || wd["date"] != today || got["active"] != false {
			t.Fatalf("withdrawn %v", got)
		}
		want(t, h.call(t, "POST", path(c.ID, "/consents/"+id+"/withdrawal"), cw, map[string]any{"date": today, "channel": "phone"}), http.StatusConflict)

		w = h.call(t, "GET", path(c.ID, "/consents"), cw, nil)
		want(t, w, http.StatusOK)
		items := decodeAs[struct {
			Items []map[string]any `json:"items"`
		}](t, w).Items
		if len(items) != 2 {
			t.Fatalf("items %v", items)
		}

		// A consent is never changed: 405.
		for _, m := range []string{"PUT", "PATCH", "DELETE"} {
			want(t, h.call(t, m, path(c.ID, "/consents/"+id), cw, map[string]any{"type": "e-service"}), http.StatusMethodNotAllowed)
		}
		// Another organisation's client: 404 like a missing one.
		want(t, h.call(t, "GET", path(foreign.ID, "/consents"), cw, nil), http.StatusNotFound)
		want(t, h.call(t, "POST", path(foreign.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today}), http.StatusNotFound)
		want(t, h.call(t, "POST", path(foreign.ID, "/consents/"+id+"/withdrawal"), cw, nil), http.StatusNotFound)
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'consent.%' AND result = 'allowed'`); n < 4 {
			t.Errorf("consent uses logged: %d", n)
		}
	})
}

// The attack through the API: a note on a client whose integration period
// has ended is refused (409, consent required) until the client consents
// to processing after it, and again at once when the consent is withdrawn.
func TestCaseworkAfterServiceEndNeedsConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		c := h.create(t, cw, person("1980-01-04", "Paattynyt", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		end := civil.DateOf(time.Now().In(civil.Helsinki).AddDate(0, 0, -3)).String()
		want(t, h.call(t, "PATCH", path(c.ID), cw, map[string]any{"serviceEnd": end, "serviceEndReason": "employed"}), http.StatusOK)

		note := map[string]any{"type": "phone", "date": today, "text": "Puhelu."}
		w := h.call(t, "POST", path(c.ID, "/notes"), cw, note)
		want(t, w, http.StatusConflict)
		if !strings.Contains(w.Body.String(), "kotoutumisaika on päättynyt") {
			t.Errorf("refusal does not say why: %s", w.Body)
		}
		w = h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "after-integration-period", "given": today})
		want(t, w, http.StatusCreated)
		id := decodeAs[map[string]any](t, w)["id"].(string)
		want(t, h.call(t, "POST", path(c.ID, "/notes"), cw, note), http.StatusCreated)
		want(t, h.call(t, "POST", path(c.ID, "/consents/"+id+"/withdrawal"), cw, nil), http.StatusOK)
		want(t, h.call(t, "POST", path(c.ID, "/notes"), cw, note), http.StatusConflict)
	})
}
