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

// The contract of the data subject's requests: the DPO registers (201,
// deadline one month on), a caseworker may not (404), a decision before
// the identity is verified is 409, an extension beyond three months is
// 422, granting an erasure erases the client (its card 404) and answers
// the kept record, another organisation's request is 404.
func TestSubjectRequestsContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		dpo := h.user(t, "091", "dpo", access.DPO)
		outsider := h.user(t, "049", "outsider", access.DPO)
		c := h.create(t, cw, person("1980-01-06", "Pyytäjä", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki))
		body := map[string]any{"kind": "access", "channel": "email", "received": today.String(), "details": "Kaikki tietoni."}

		want(t, h.call(t, "POST", path(c.ID, "/subject-requests"), cw, body), http.StatusNotFound)
		w := h.call(t, "POST", path(c.ID, "/subject-requests"), dpo, body)
		want(t, w, http.StatusCreated)
		got := decodeAs[map[string]any](t, w)
		id, _ := got["id"].(string)
		if id == "" || got["due"] != today.AddMonths(1).String() || got["status"] != "received" || got["clientId"] != c.ID {
			t.Fatalf("created %v", got)
		}
		act := func(token, reqID, action string, b map[string]any) int {
			return h.call(t, "POST", Prefix+"/subject-requests/"+reqID+"/"+action, token, b).Code
		}
		if code := act(dpo, id, "decision", map[string]any{"decision": "granted"}); code != http.StatusConflict {
			t.Errorf("decision before identity: %d", code)
		}
		if code := act(sup, id, "identity", map[string]any{"method": "id_document"}); code != http.StatusForbidden {
			t.Errorf("supervisor verified: %d", code)
		}
		if code := act(outsider, id, "identity", map[string]any{"method": "id_document"}); code != http.StatusNotFound {
			t.Errorf("other organisation's DPO verified: %d", code)
		}
		want(t, h.call(t, "GET", Prefix+"/subject-requests/"+id, outsider, nil), http.StatusNotFound)
		if code := act(dpo, id, "identity", map[string]any{"method": "id_document"}); code != http.StatusOK {
			t.Fatalf("identity: %d", code)
		}
		late := civil.DateOf(today.AddMonths(3).Time().AddDate(0, 0, 1))
		if code := act(dpo, id, "extension", map[string]any{"until": late.String(), "reason": "Laaja", "informed": today.String()}); code != http.StatusUnprocessableEntity {
			t.Errorf("extension beyond 3 months: %d", code)
		}
		if code := act(dpo, id, "nonsense", map[string]any{}); code != http.StatusNotFound {
			t.Errorf("unknown action: %d", code)
		}

		// Erasure: verified, granted → the client is gone, the record kept.
		w = h.call(t, "POST", path(c.ID, "/subject-requests"), dpo, map[string]any{"kind": "erasure", "channel": "letter", "received": today.String()})
		want(t, w, http.StatusCreated)
		er := decodeAs[map[string]any](t, w)["id"].(string)
		act(dpo, er, "identity", map[string]any{"method": "strong_auth"})
		w = h.call(t, "POST", Prefix+"/subject-requests/"+er+"/decision", dpo, map[string]any{"decision": "granted"})
		want(t, w, http.StatusOK)
		if got := decodeAs[map[string]any](t, w); got["kept"] != true || got["status"] != "completed" || got["clientId"] != nil {
			t.Fatalf("erased %v", got)
		}
		want(t, h.call(t, "GET", path(c.ID, ""), sup, nil), http.StatusNotFound)
		w = h.call(t, "GET", Prefix+"/subject-requests?kind=erasure", dpo, nil)
		want(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"kept":true`) || strings.Contains(w.Body.String(), "Pyytäjä") || strings.Contains(w.Body.String(), "Kaikki tietoni") {
			t.Errorf("list after erasure: %s", w.Body)
		}
	})
}
