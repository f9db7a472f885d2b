package api

import (
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The API's merge: warnings for a spelling of the same name on the same
// day, a 409 on a taken HETU that says a merge is possible, the merge, the
// 404 of problem type client-merged naming the survivor, four eyes on
// confirm, undo, and caseworkers refused.
func TestMergeAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "091", "sup", access.Supervisor)
		sup2 := h.user(t, "091", "sup2", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		h1 := synthetic(t, 1990, 1, 15, 901)
		a := h.create(t, sup, person(h1, "Muhammad", "Hassan"))
		b := h.create(t, cw, person("1990-01-15", "Mohammed", "Hasan"))
		if len(b.Warnings) != 1 || b.Warnings[0].Code != "possible_duplicate" || b.Warnings[0].ClientID != a.ID {
			t.Fatalf("warnings %+v", b.Warnings)
		}

		w := h.call(t, "PATCH", path(b.ID), cw, map[string]any{"hetu": h1})
		want(t, w, http.StatusConflict)
		if p := decodeProblem(t, w); !strings.Contains(p.Detail, "yhdistää") {
			t.Errorf("409 does not say a merge is possible: %q", p.Detail)
		}

		want(t, h.call(t, "POST", path(a.ID, "/merge"), cw, map[string]any{"with": b.ID}), http.StatusNotFound)
		want(t, h.call(t, "POST", path(a.ID, "/merge"), sup, map[string]any{"with": b.ID, "choices": map[string]any{"name": "sideways"}}), http.StatusUnprocessableEntity)
		w = h.call(t, "POST", path(a.ID, "/merge"), sup, map[string]any{"with": b.ID, "choices": map[string]any{"name": "merged"}})
		want(t, w, http.StatusOK)
		if m := decode[mergeJSON](t, w); m.State != "unconfirmed" || m.SurvivorID != a.ID || m.MergedID != b.ID {
			t.Fatalf("merge %+v", m)
		}
		got := decode[clientResp](t, h.call(t, "GET", path(a.ID), sup, nil))
		if got.FirstNames != "Mohammed" || got.HETU != h1 {
			t.Errorf("survivor %+v", got)
		}
		w = h.call(t, "GET", path(b.ID), sup, nil)
		want(t, w, http.StatusNotFound)
		if p := decodeProblem(t, w); p.Type != ProblemBase+"client-merged" || p.SurvivorID != a.ID {
			t.Errorf("merged id: problem %+v", p)
		}
		want(t, h.call(t, "POST", path(a.ID, "/merge/confirm"), sup, nil), http.StatusForbidden)
		want(t, h.call(t, "POST", path(a.ID, "/merge/undo"), sup2, nil), http.StatusNoContent)
		want(t, h.call(t, "GET", path(b.ID), sup, nil), http.StatusOK)
		want(t, h.call(t, "POST", path(a.ID, "/merge/confirm"), sup2, nil), http.StatusConflict)
		want(t, h.call(t, "POST", path(a.ID, "/merge"), sup, map[string]any{"with": b.ID}), http.StatusOK)
		want(t, h.call(t, "POST", path(a.ID, "/merge/confirm"), sup2, nil), http.StatusNoContent)
		want(t, h.call(t, "POST", path(a.ID, "/merge/undo"), sup2, nil), http.StatusConflict)
	})
}
