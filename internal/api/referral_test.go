package api

import (
	"net/http"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The referral contract (issue 13): create → 201 proposed; steps → 201;
// an impossible step → 422 on status; the client's list with events; the
// per-provider list; another organisation's client and another client's
// referral → 404 like a missing one; reads logged as referral.*.
func TestReferralsAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		admin := h.user(t, "091", "adm", access.OrgAdmin)
		other := h.user(t, "430", "other", access.Caseworker)
		h.env.AddProvider(t, "opisto", "Kansanopisto")
		c := h.create(t, cw, person(synthetic(t, 1990, 1, 2, 901), "Lähe", "Tettävä"))
		c2 := h.create(t, cw, person(synthetic(t, 1990, 1, 3, 902), "Toinen", "Asiakas"))
		foreign := h.create(t, other, person(synthetic(t, 1990, 1, 4, 903), "Vieras", "Kunta"))

		type ref struct {
			ID     string   `json:"id"`
			Status string   `json:"status"`
			Next   []string `json:"next"`
			Events []struct {
				Status, Date, Reason string
			} `json:"events"`
			ClientName string `json:"clientName"`
		}
		w := h.call(t, "POST", path(c.ID, "/referrals"), cw, map[string]any{"provider": "opisto", "service": "integration-training", "date": "2026-03-01"})
		want(t, w, http.StatusCreated)
		r := decode[ref](t, w)
		if r.ID == "" || r.Status != "proposed" || len(r.Next) != 1 || r.Next[0] != "sent" {
			t.Fatalf("created %s", w.Body)
		}
		events := path(c.ID, "/referrals/", r.ID, "/events")
		w = h.call(t, "POST", events, cw, map[string]any{"status": "completed"})
		want(t, w, http.StatusUnprocessableEntity)
		wantFieldProblem(t, w, "status", "referral.step_impossible", "")
		want(t, h.call(t, "POST", events, cw, map[string]any{"status": "sent", "date": "2026-03-02"}), http.StatusCreated)
		w = h.call(t, "POST", events, cw, map[string]any{"status": "rejected", "date": "2026-03-03"})
		want(t, w, http.StatusUnprocessableEntity)
		wantFieldProblem(t, w, "reason", "validation.required", "")
		w = h.call(t, "POST", events, cw, map[string]any{"status": "accepted", "date": "2026-03-01"})
		want(t, w, http.StatusUnprocessableEntity)
		wantFieldProblem(t, w, "date", "referral.date_before_previous", "")
		want(t, h.call(t, "POST", events, cw, map[string]any{"status": "accepted"}), http.StatusCreated)

		w = h.call(t, "GET", path(c.ID, "/referrals"), cw, nil)
		want(t, w, http.StatusOK)
		list := decode[struct{ Items []ref }](t, w)
		if len(list.Items) != 1 || list.Items[0].Status != "accepted" || len(list.Items[0].Events) != 3 {
			t.Fatalf("list %s", w.Body)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'referral.read' AND client_id = '`+c.ID+`'`); n != 1 {
			t.Errorf("read logged %d times", n)
		}

		// Validation of the referral itself.
		w = h.call(t, "POST", path(c.ID, "/referrals"), cw, map[string]any{"provider": "091", "service": "nope", "date": "2026-03-01"})
		want(t, w, http.StatusUnprocessableEntity)
		wantFieldProblem(t, w, "provider", "referral.provider_unknown", "")
		wantFieldProblem(t, w, "service", "referral.service_unknown", "")

		// Per-provider list: supervisors; names the client.
		w = h.call(t, "GET", "/api/v1/referrals?provider=opisto&status=accepted", sup, nil)
		want(t, w, http.StatusOK)
		pl := decode[struct{ Items []ref }](t, w)
		if len(pl.Items) != 1 || pl.Items[0].ClientName != "Tettävä, Lähe" || pl.Items[0].Events != nil {
			t.Fatalf("per provider %s", w.Body)
		}
		want(t, h.call(t, "GET", "/api/v1/referrals?provider=opisto", cw, nil), http.StatusForbidden)
		w = h.call(t, "GET", "/api/v1/referrals?provider=opisto&status=bogus", sup, nil)
		want(t, w, http.StatusUnprocessableEntity)
		wantFieldProblem(t, w, "status", "validation.choice", "")

		// 404 exactly like a missing one.
		missing := h.call(t, "GET", path("no-such-client", "/referrals"), cw, nil)
		want(t, missing, http.StatusNotFound)
		sameAs(t, missing, h.call(t, "GET", path(foreign.ID, "/referrals"), cw, nil))
		want(t, h.call(t, "POST", path(foreign.ID, "/referrals"), sup, map[string]any{"provider": "opisto", "service": "self-study", "date": "2026-03-01"}), http.StatusNotFound)
		want(t, h.call(t, "POST", path(c2.ID, "/referrals/", r.ID, "/events"), cw, map[string]any{"status": "started"}), http.StatusNotFound)
		want(t, h.call(t, "GET", path(c.ID, "/referrals"), admin, nil), http.StatusNotFound)
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action LIKE 'referral.%' AND result = 'denied' AND client_id = '`+foreign.ID+`'`); n < 2 {
			t.Errorf("refusals on the foreign client logged %d times", n)
		}

		// The catalogue.
		w = h.call(t, "POST", "/api/v1/services", admin, map[string]any{"code": "job-club", "names": map[string]string{"fi": "Työnhakuklubi"}})
		want(t, w, http.StatusCreated)
		want(t, h.call(t, "POST", "/api/v1/services", admin, map[string]any{"code": "job-club", "names": map[string]string{"fi": "X"}}), http.StatusConflict)
		want(t, h.call(t, "POST", "/api/v1/services", cw, map[string]any{"code": "x-y", "names": map[string]string{"fi": "X"}}), http.StatusForbidden)
		w = h.call(t, "GET", "/api/v1/services", cw, nil)
		want(t, w, http.StatusOK)
		svcs := decode[struct {
			Items []struct {
				Code     string
				Names    map[string]string
				National bool
			}
		}](t, w)
		if len(svcs.Items) < 2 || svcs.Items[0].Code != "integration-training" || svcs.Items[0].Names["sv"] == "" || svcs.Items[len(svcs.Items)-1].Code != "job-club" {
			t.Errorf("services %s", w.Body)
		}
		w = h.call(t, "GET", "/api/v1/providers", cw, nil)
		want(t, w, http.StatusOK)
		if ps := decode[struct{ Items []providerJSON }](t, w); len(ps.Items) != 1 || ps.Items[0].Name != "Kansanopisto" {
			t.Errorf("providers %s", w.Body)
		}
	})
}
