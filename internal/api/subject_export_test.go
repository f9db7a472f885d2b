package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/authority"
	"koto/internal/civil"
	"koto/internal/store/storetest"
	"koto/internal/subject"
)

// The access report: the DPO gets every kind of record as a key
// (sensitive notes opened, consents, the access log without staff names);
// everyone else — the client's own caseworker, a supervisor, another
// organisation's DPO — gets 404 like a missing client, logged as denied;
// the DPO's export is logged with the data subject's right as purpose.
func TestSubjectExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		boss := h.user(t, "091", "boss", access.Supervisor)
		dpo := h.user(t, "091", "dpo", access.DPO)
		otherDPO := h.user(t, "049", "dpo2", access.DPO)
		c := h.create(t, cw, person("1980-01-05", "Rekisteröity", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		want(t, h.call(t, "POST", path(c.ID, "/notes"), cw, map[string]any{"type": "home-visit", "date": "2025-11-04", "text": "Terveydentila kirjattu.", "sensitive": true}), http.StatusCreated)
		want(t, h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today}), http.StatusCreated)

		// An authority's request, decided: in the report with its
		// requester, provision, items and status.
		ctx := context.Background()
		req, err := h.env.Authority.Register(ctx, h.actors["cw"], c.ID, authority.Input{Requester: "Maahanmuuttovirasto, lupayksikkö",
			Provision: "Ulkomaalaislaki 301/2004 130 §", Received: "2025-01-02", Channel: "letter", Items: []string{authority.ItemCard}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.env.Authority.Decide(ctx, h.actors["boss"], c.ID, req.ID, authority.DecisionInput{Decision: authority.Refuse, Reason: "Ei lainmukaista perustetta."}); err != nil {
			t.Fatal(err)
		}

		w := h.call(t, "GET", path(c.ID, "/export"), dpo, nil)
		want(t, w, http.StatusOK)
		for _, s := range []string{`"disclosureRequests":[{`, "Maahanmuuttovirasto, lupayksikkö", "Ulkomaalaislaki 301/2004 130 §", `"status":"refused"`,
			"Ei lainmukaista perustetta.", `"attachments":[]`, `"transfers":[]`, `"handoverReceipts":[]`, `"retentionHold":null`} {
			if !strings.Contains(w.Body.String(), s) {
				t.Errorf("report lacks %s", s)
			}
		}
		var got map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		for table, key := range subject.Tables {
			if _, ok := got[key]; !ok {
				t.Errorf("table %s: report key %q missing", table, key)
			}
		}
		body := w.Body.String()
		for _, s := range []string{"Terveydentila kirjattu.", "Rekisteröity", `"e-service"`, `"client.create"`} {
			if !strings.Contains(body, s) {
				t.Errorf("report lacks %s", s)
			}
		}
		var log []map[string]any
		if err := json.Unmarshal(got["accessLog"], &log); err != nil || len(log) == 0 {
			t.Fatalf("accessLog %s: %v", got["accessLog"], err)
		}
		for _, e := range log {
			if _, ok := e["user"]; ok || strings.Contains(string(got["accessLog"]), `"cw"`) {
				t.Fatalf("access log names staff: %v", e)
			}
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'subject.export' AND result = 'allowed' AND touched LIKE '%purpose:data_subject_access%'`); n != 1 {
			t.Errorf("exports logged with purpose: %d", n)
		}

		// The attack: anyone but the organisation's DPO gets 404, logged.
		for _, tok := range []string{cw, boss, otherDPO} {
			want(t, h.call(t, "GET", path(c.ID, "/export"), tok, nil), http.StatusNotFound)
			want(t, h.call(t, "GET", path(c.ID, "/portability"), tok, nil), http.StatusNotFound)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'subject.export' AND result = 'denied'`); n < 6 {
			t.Errorf("refused exports logged: %d", n)
		}

		w = h.call(t, "GET", path(c.ID, "/portability"), dpo, nil)
		want(t, w, http.StatusOK)
		var port map[string]json.RawMessage
		if err := json.Unmarshal(w.Body.Bytes(), &port); err != nil {
			t.Fatal(err)
		}
		keys := []string{}
		for k := range port {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, []string{"background", "consents", "generated", "identity"}) || !strings.Contains(string(port["identity"]), "Rekisteröity") {
			t.Errorf("portability %s", w.Body.String())
		}
		if strings.Contains(string(port["identity"]), "Terveydentila") {
			t.Errorf("portability carries notes")
		}
	})
}
