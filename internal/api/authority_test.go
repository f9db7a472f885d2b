package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// The contract of authority requests: a caseworker registers (201), a
// request without its provision is 422 with the Finnish message, the
// registrar may not decide it (403), another supervisor approves it (200,
// with the recorded disclosure's id), a second decision is 409, a request
// is never changed (405), another organisation's client or request is 404.
func TestDisclosureRequestsContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		sup2 := h.user(t, "091", "sup2", access.Supervisor)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		c := h.create(t, cw, person("1980-01-05", "Pyyntö", "Asiakas"))
		foreign := h.create(t, outsider, person("1982-01-05", "Vieras", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		body := map[string]any{"requester": "Kela, Helsingin toimisto", "provision": "Laki Kansaneläkelaitoksesta 731/2001 18 §",
			"received": today, "channel": "secure-email", "items": []string{"card", "plans"}}

		w := h.call(t, "POST", path(c.ID, "/disclosure-requests"), cw, body)
		want(t, w, http.StatusCreated)
		got := decodeAs[map[string]any](t, w)
		id, _ := got["id"].(string)
		if id == "" || got["status"] != "open" || got["provision"] != body["provision"] || got["registeredBy"] != "cw" {
			t.Fatalf("created %v", got)
		}

		noProvision := map[string]any{}
		for k, v := range body {
			noProvision[k] = v
		}
		delete(noProvision, "provision")
		w = h.call(t, "POST", path(c.ID, "/disclosure-requests"), cw, noProvision, "Accept-Language", "fi")
		want(t, w, http.StatusUnprocessableEntity)
		if !strings.Contains(w.Body.String(), "Nimeä säännös, johon pyyntö perustuu.") || !strings.Contains(w.Body.String(), `"field":"provision"`) {
			t.Errorf("missing provision: %s", w.Body)
		}

		decide := func(token, reqID string, body map[string]any) *httptest.ResponseRecorder {
			return h.call(t, "POST", path(c.ID, "/disclosure-requests/"+reqID+"/decision"), token, body)
		}
		// Four eyes: a supervisor's own request is refused to them.
		w = h.call(t, "POST", path(c.ID, "/disclosure-requests"), sup, body)
		want(t, w, http.StatusCreated)
		own := decodeAs[map[string]any](t, w)["id"].(string)
		want(t, decide(sup, own, map[string]any{"decision": "approve"}), http.StatusForbidden)
		want(t, decide(cw, id, map[string]any{"decision": "approve"}), http.StatusNotFound)
		want(t, decide(sup2, own, map[string]any{"decision": "refuse"}), http.StatusUnprocessableEntity)

		w = decide(sup, id, map[string]any{"decision": "approve"})
		want(t, w, http.StatusOK)
		got = decodeAs[map[string]any](t, w)
		dec, _ := got["decision"].(map[string]any)
		if got["status"] != "approved" || dec == nil || dec["disclosureId"] == "" || dec["decidedBy"] != "sup" {
			t.Fatalf("approved %v", got)
		}
		want(t, decide(sup2, id, map[string]any{"decision": "refuse", "reason": "Myöhässä."}), http.StatusConflict)

		w = h.call(t, "GET", path(c.ID, "/disclosure-requests"), cw, nil)
		want(t, w, http.StatusOK)
		if items := decodeAs[struct {
			Items []map[string]any `json:"items"`
		}](t, w).Items; len(items) != 2 {
			t.Fatalf("items %v", items)
		}
		want(t, h.call(t, "GET", path(c.ID, "/disclosure-requests/"+id), cw, nil), http.StatusOK)
		for _, m := range []string{"PUT", "PATCH", "DELETE"} {
			want(t, h.call(t, m, path(c.ID, "/disclosure-requests/"+id), sup, body), http.StatusMethodNotAllowed)
		}

		// Another organisation: its client, and the own request under it.
		want(t, h.call(t, "GET", path(foreign.ID, "/disclosure-requests"), sup, nil), http.StatusNotFound)
		want(t, h.call(t, "POST", path(foreign.ID, "/disclosure-requests"), sup, body), http.StatusNotFound)
		want(t, h.call(t, "GET", path(foreign.ID, "/disclosure-requests/"+id), outsider, nil), http.StatusNotFound)
		want(t, h.call(t, "POST", path(foreign.ID, "/disclosure-requests/"+own+"/decision"), outsider, map[string]any{"decision": "approve"}), http.StatusNotFound)
	})
}
