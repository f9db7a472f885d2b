package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/disclosure"
	"koto/internal/referral"
	"koto/internal/store/storetest"
)

// The contract of disclosures that outside tools rely on (issue 14): POST
// 201 with id, items and contentHash; the log's {"items": [{"id", "at",
// "recipient", "basis", "items", "user"}]}; 405 on a disclosure; a
// provider user's GET /disclosures and GET /disclosures/{id} whose package
// has only the 18 keys; and the attacks: another provider's package,
// client routes for a provider user, another municipality, a referral of
// another client or to another provider.
func TestDisclosuresContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		h := newHarness(t, engine)
		h.env.AddProvider(t, "opisto", "Kansanopisto")
		h.env.AddProvider(t, "toinen", "Toinen opisto")
		cw := h.user(t, "091", "cw", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		prov := h.user(t, "opisto", "tuottaja", access.Provider)
		prov2 := h.user(t, "toinen", "tuottaja2", access.Provider)
		c := h.create(t, cw, person("1980-01-04", "Luovutus", "Asiakas"))
		other := h.create(t, cw, person("1981-01-04", "Toinen", "Asiakas"))
		sent := func(clientID, provider string) string {
			r, err := h.env.Referrals.Create(ctx, h.actors["cw"], clientID, referral.NewReferral{Provider: provider, Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := h.env.Referrals.AddStep(ctx, h.actors["cw"], clientID, r.ID, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2026, Month: 3, Day: 2}}); err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		ref, otherRef, ref2 := sent(c.ID, "opisto"), sent(other.ID, "opisto"), sent(c.ID, "toinen")

		w := h.call(t, "POST", path(c.ID, "/disclosures"), cw, map[string]any{"recipient": "opisto", "basis": "integration-act-86", "referralId": ref,
			"otherNecessary": "Tulkki."})
		want(t, w, http.StatusCreated)
		got := decodeAs[map[string]any](t, w)
		id, _ := got["id"].(string)
		hash, _ := got["contentHash"].(string)
		items, _ := got["items"].([]any)
		if id == "" || !strings.HasPrefix(hash, "sha256:") || len(hash) != 71 || len(items) == 0 || items[len(items)-1] != "otherNecessary" || got["recipient"] != "opisto" {
			t.Fatalf("created %v", got)
		}

		w = h.call(t, "GET", path(c.ID, "/disclosures"), cw, nil)
		want(t, w, http.StatusOK)
		log := decodeAs[struct {
			Items []map[string]any `json:"items"`
		}](t, w).Items
		if len(log) != 1 {
			t.Fatalf("log %v", log)
		}
		for _, k := range []string{"id", "at", "recipient", "basis", "items", "user"} {
			if _, ok := log[0][k]; !ok {
				t.Errorf("log entry lacks %s: %v", k, log[0])
			}
		}
		if log[0]["basis"] != "integration-act-86" || log[0]["recipient"] != "opisto" || log[0]["content"] != nil {
			t.Errorf("log entry %v", log[0])
		}
		w = h.call(t, "GET", path(c.ID, "/disclosures/"+id), cw, nil)
		want(t, w, http.StatusOK)
		one := decodeAs[struct {
			Content     json.RawMessage `json:"content"`
			ContentHash string          `json:"contentHash"`
		}](t, w)
		if disclosure.Hash(one.Content) != one.ContentHash || one.ContentHash != hash {
			t.Errorf("content does not match its hash: %s", one.Content)
		}
		for _, m := range []string{"PUT", "PATCH", "DELETE"} {
			want(t, h.call(t, m, path(c.ID, "/disclosures/"+id), cw, map[string]any{"recipient": "x"}), http.StatusMethodNotAllowed)
		}

		// The provider user sees exactly that package.
		w = h.call(t, "GET", "/api/v1/disclosures", prov, nil)
		want(t, w, http.StatusOK)
		inbox := decodeAs[struct {
			Items []map[string]any `json:"items"`
		}](t, w).Items
		if len(inbox) != 1 || inbox[0]["id"] != id || inbox[0]["client"] != "Asiakas, Luovutus" {
			t.Fatalf("inbox %v", inbox)
		}
		w = h.call(t, "GET", "/api/v1/disclosures/"+id, prov, nil)
		want(t, w, http.StatusOK)
		pkg := decodeAs[struct {
			ID      string                     `json:"id"`
			At      string                     `json:"at"`
			Package map[string]json.RawMessage `json:"package"`
		}](t, w)
		var keys []string
		for k := range pkg.Package {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		wantKeys := slices.Clone(disclosure.ItemKeys)
		slices.Sort(wantKeys)
		if pkg.ID != id || pkg.At == "" || !slices.Equal(keys, wantKeys) {
			t.Errorf("package keys %v", keys)
		}

		// Attacks.
		want(t, h.call(t, "GET", "/api/v1/disclosures/"+id, prov2, nil), http.StatusNotFound)
		if w := h.call(t, "GET", "/api/v1/disclosures", prov2, nil); !strings.Contains(w.Body.String(), `"items":[]`) {
			t.Errorf("other provider's inbox %s", w.Body)
		}
		want(t, h.call(t, "GET", "/api/v1/disclosures", cw, nil), http.StatusForbidden)
		for _, p := range []string{"", "/disclosures", "/disclosures/" + id, "/referrals", "/overview", "/plans", "/timeline"} {
			want(t, h.call(t, "GET", path(c.ID, p), prov, nil), http.StatusNotFound)
		}
		want(t, h.call(t, "GET", path(c.ID, "/disclosures"), outsider, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", path(c.ID, "/disclosures/"+id), outsider, nil), http.StatusNotFound)
		want(t, h.call(t, "POST", path(c.ID, "/disclosures"), outsider, map[string]any{"recipient": "opisto", "referralId": ref}), http.StatusNotFound)
		want(t, h.call(t, "POST", path(c.ID, "/disclosures"), cw, map[string]any{"recipient": "opisto", "referralId": otherRef}), http.StatusNotFound)
		want(t, h.call(t, "POST", path(c.ID, "/disclosures"), cw, map[string]any{"recipient": "opisto", "referralId": ref2}), http.StatusUnprocessableEntity)
		want(t, h.call(t, "POST", path(c.ID, "/disclosures"), cw, map[string]any{"recipient": "opisto", "basis": "consent", "referralId": ref}), http.StatusUnprocessableEntity)
		want(t, h.call(t, "GET", path(other.ID, "/disclosures/"+id), cw, nil), http.StatusNotFound)
	})
}
