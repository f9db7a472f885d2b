package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/disclosure"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// The organisation's disclosure log over the API: pages with a cursor,
// names beside codes, CSV in two spellings with cells neutralised against
// formula injection, 403 for a caseworker, nothing of another
// organisation's.
func TestDisclosureLogAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		dpo := h.user(t, "091", "dpo", access.DPO)
		otherDPO := h.user(t, "049", "dpo.b", access.DPO)
		prov := h.env.AddProvider(t, "P91", "Opisto Yhdeksän")
		c := h.create(t, cw, person("1980-01-03", "Loki", "Asiakas"))
		a := h.actors["cw"]
		for i := range 3 {
			d := disclosure.Disclosure{ID: store.NewID(), ClientID: c.ID, Kind: disclosure.KindProvider, RecipientOrgID: prov.ID,
				Basis: disclosure.BasisIntegrationAct86, Items: []string{"names"}, Channel: disclosure.ChannelKoto,
				DisclosedBy: a.UserID, DisclosedUsername: a.Username, CreatedAt: time.Now().UTC().Add(time.Duration(i) * time.Millisecond)}
			if i == 2 {
				d.Kind, d.RecipientOrgID, d.Recipient, d.Basis, d.BasisDetail = disclosure.KindAuthority, "", "-2+3 Poliisi", disclosure.BasisLaw, "=cmd|' /C calc'!A0"
			}
			var err error
			if d.Content, d.ContentHash, err = disclosure.Seal(map[string]string{"names": "Loki Asiakas"}); err != nil {
				t.Fatal(err)
			}
			if err := h.env.DB.InOrgTx(context.Background(), a.OrgID, func(tx *store.Tx) error { return tx.InsertDisclosure(a.OrgID, &d) }); err != nil {
				t.Fatal(err)
			}
		}

		w := h.call(t, "GET", "/api/v1/disclosure-log?limit=2", dpo, nil)
		want(t, w, http.StatusOK)
		pg := decodeAs[disclosureLogJSON](t, w)
		if len(pg.Items) != 2 || pg.Next == "" || pg.Items[0].Kind != "authority" || pg.Items[1].RecipientName != "Opisto Yhdeksän" ||
			pg.Items[1].Recipient != "P91" || pg.Items[0].ClientName != "Asiakas, Loki" || pg.Items[0].UserName == "" {
			t.Fatalf("first page %+v", pg)
		}
		w = h.call(t, "GET", "/api/v1/disclosure-log?limit=2&cursor="+pg.Next, dpo, nil)
		want(t, w, http.StatusOK)
		if pg2 := decodeAs[disclosureLogJSON](t, w); len(pg2.Items) != 1 || pg2.Next != "" {
			t.Fatalf("second page %+v", pg2)
		}
		want(t, h.call(t, "GET", "/api/v1/disclosure-log?kind=gossip", dpo, nil), http.StatusUnprocessableEntity)
		want(t, h.call(t, "GET", "/api/v1/disclosure-log", cw, nil), http.StatusForbidden)

		for _, p := range []string{"/api/v1/disclosure-log?format=csv", "/api/v1/disclosure-log.csv"} {
			w := h.call(t, "GET", p, dpo, nil, "Accept-Language", "en")
			want(t, w, http.StatusOK)
			body := w.Body.String()
			if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") || !strings.Contains(body, "To a service provider") ||
				!strings.Contains(body, "'-2+3 Poliisi") || !strings.Contains(body, "Opisto Yhdeksän") || strings.Count(body, "\r\n") != 4 {
				t.Errorf("%s: %s\n%s", p, w.Header().Get("Content-Type"), body)
			}
		}
		w = h.call(t, "GET", "/api/v1/disclosure-log.csv", otherDPO, nil)
		want(t, w, http.StatusOK)
		if strings.Contains(w.Body.String(), "Loki") {
			t.Error("another organisation's officer read the log")
		}
	})
}
