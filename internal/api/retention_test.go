package api

import (
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The legal-hold and retention contract: the DPO reads (held false), sets
// (200; a missing reason 422), sees the client on GET /retention with a
// preview as of a day, and clears it (204); a caseworker and another
// organisation's DPO get 404 on the hold, a caseworker 403 on /retention.
func TestRetentionHoldContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		dpo := h.user(t, "091", "dpo", access.DPO)
		dpoB := h.user(t, "049", "dpob", access.DPO)
		c := h.create(t, cw, person("1980-01-05", "Pidätys", "Asiakas"))
		hold := path(c.ID, "/retention-hold")

		w := h.call(t, "GET", hold, dpo, nil)
		want(t, w, http.StatusOK)
		if got := decodeAs[map[string]any](t, w); got["held"] != false {
			t.Fatalf("hold %v", got)
		}
		want(t, h.call(t, "PUT", hold, dpo, map[string]any{"reason": ""}), http.StatusUnprocessableEntity)
		w = h.call(t, "PUT", hold, dpo, map[string]any{"reason": "KHO 2026/123"})
		want(t, w, http.StatusOK)
		if got := decodeAs[map[string]any](t, w); got["held"] != true || got["reason"] != "KHO 2026/123" || got["setBy"] != "dpo" {
			t.Fatalf("set %v", got)
		}
		w = h.call(t, "GET", "/api/v1/retention?asOf=2060-01-01", dpo, nil)
		want(t, w, http.StatusOK)
		for _, s := range []string{`"clientId":"` + c.ID + `"`, `"class":"access_log"`, `"preview":{"asOf":"2060-01-01"`, "12 whole calendar years"} {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("retention lacks %s: %s", s, w.Body)
			}
		}
		want(t, h.call(t, "GET", "/api/v1/retention?asOf=tomorrow", dpo, nil), http.StatusUnprocessableEntity)

		want(t, h.call(t, "GET", hold, cw, nil), http.StatusNotFound)
		want(t, h.call(t, "DELETE", hold, cw, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", hold, dpoB, nil), http.StatusNotFound)
		want(t, h.call(t, "PUT", hold, dpoB, map[string]any{"reason": "X"}), http.StatusNotFound)
		want(t, h.call(t, "DELETE", hold, dpoB, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", "/api/v1/retention", cw, nil), http.StatusForbidden)

		want(t, h.call(t, "DELETE", hold, dpo, nil), http.StatusNoContent)
		w = h.call(t, "GET", hold, dpo, nil)
		if got := decodeAs[map[string]any](t, w); got["held"] != false {
			t.Fatalf("after clear %v", got)
		}
	})
}
