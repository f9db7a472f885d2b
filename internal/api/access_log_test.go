package api

import (
	"context"
	"net/http"
	"testing"

	"koto/internal/access"
	"koto/internal/org"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// The access log of a client tells a search or list that showed the
// client ("kind": "search") and a user acting for the organisation ("via":
// the home organisation's code) — the interface outside tools rely on.
func TestAccessLogKindAndVia(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "240", "sup", access.Supervisor)
		cw := h.user(t, "240", "cw", access.Caseworker)
		ctx := context.Background()
		ta, err := h.env.Orgs.Add(ctx, testenv.System, org.Org{Code: "TA-1", Name: "Työllisyysalue", Kind: org.EmploymentArea})
		if err != nil {
			t.Fatal(err)
		}
		h.env.OrgByCode[ta.Code] = ta
		if err := h.env.Orgs.Cover(ctx, testenv.System, "TA-1", "240", []access.Role{access.Caseworker}); err != nil {
			t.Fatal(err)
		}
		area := h.user(t, "TA-1", "area", access.Caseworker)

		// The area's caseworker registers the client for the municipality
		// (and so becomes responsible), then opens it.
		w := h.call(t, "POST", "/api/v1/clients", area, person("1970-07-07", "Loki", "Näkyvä"), ActingOrganisationHeader, "240")
		want(t, w, http.StatusCreated)
		c := decode[clientResp](t, w)
		want(t, h.call(t, "GET", path(c.ID), area, nil, ActingOrganisationHeader, "240"), http.StatusOK)
		want(t, h.call(t, "POST", "/api/v1/clients/search", sup, map[string]any{"q": "Näkyvä"}), http.StatusOK)
		want(t, h.call(t, "GET", "/api/v1/clients", cw, nil), http.StatusOK)

		w = h.call(t, "GET", path(c.ID, "/access-log"), sup, nil)
		want(t, w, http.StatusOK)
		log := decode[itemsJSON[accessLogEntryJSON]](t, w).Items
		kinds := map[string]string{}
		var via string
		for _, e := range log {
			if e.Kind != "" {
				kinds[e.Action] = e.Kind
			}
			if e.User == "area" && e.Action == "client.read" {
				via = e.Via
			}
		}
		if kinds["client.search"] != "search" || kinds["client.list"] != "search" {
			t.Errorf("appearances %v, want the search and the list with kind search", kinds)
		}
		if via != "TA-1" {
			t.Errorf("the area user's read has via %q, want TA-1", via)
		}
		for _, e := range log {
			if e.Kind == "" && e.ClientID != c.ID {
				t.Errorf("an entry of another client without kind: %+v", e)
			}
		}
	})
}
