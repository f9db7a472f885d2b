package api

import (
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The hand-over contract over HTTP: an export is a document and a
// disclosure; an import is 201, the same document again 200 with the same
// client; a broken document is 422 naming the field by its path, nothing
// stored; a transfer is invisible to a third organisation and the client
// to the receiver until it accepts.
func TestHandoverAndTransferContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sender := h.user(t, "091", "sender", access.Supervisor)
		receiver := h.user(t, "049", "receiver", access.Supervisor)
		third := h.user(t, "564", "third", access.Supervisor)
		c := h.create(t, sender, person("1980-01-03", "Siirto", "Asiakas"))

		w := h.call(t, "GET", path(c.ID, "/handover")+"?recipient=TE-toimisto", sender, nil)
		want(t, w, http.StatusOK)
		doc := w.Body.String()
		if !strings.Contains(doc, `"firstNames":"Siirto"`) || w.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("export %s %v", doc, w.Header())
		}
		if n := h.count(t, `SELECT COUNT(*) FROM disclosures WHERE kind = 'handover' AND client_id = '`+c.ID+`'`); n != 1 {
			t.Errorf("%d handover disclosures", n)
		}

		broken := strings.Replace(doc, `"referrals":[]`, `"referrals":[{"provider":"x","service":"y","events":[{"status":"proposed","date":"2025-13-40"}]}]`, 1)
		w = h.call(t, "POST", Prefix+"/handover", receiver, broken)
		want(t, w, http.StatusUnprocessableEntity)
		if p := decodeProblem(t, w); len(p.Errors) == 0 || p.Errors[0].Field != "referrals[0].events[0].date" {
			t.Errorf("problem %+v", p)
		}
		w = h.call(t, "POST", Prefix+"/handover", receiver, doc)
		want(t, w, http.StatusCreated)
		first := decode[importedJSON](t, w)
		w = h.call(t, "POST", Prefix+"/handover", receiver, doc)
		want(t, w, http.StatusOK)
		if again := decode[importedJSON](t, w); again.ClientID != first.ClientID || again.Created {
			t.Errorf("replay %+v, first %+v", again, first)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM clients WHERE org_id = '`+h.actors["receiver"].OrgID+`'`); n != 1 {
			t.Errorf("receiver has %d clients", n)
		}

		// A transfer of another client.
		c2 := h.create(t, sender, person("1981-02-04", "Muuttaja", "Asiakas"))
		w = h.call(t, "POST", path(c2.ID, "/transfers"), sender, map[string]any{"to": "049"})
		want(t, w, http.StatusCreated)
		tr := decode[transferJSON](t, w)
		want(t, h.call(t, "GET", Prefix+"/transfers/"+tr.ID, third, nil), http.StatusNotFound)
		want(t, h.call(t, "POST", Prefix+"/transfers/"+tr.ID+"/acceptance", third, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", path(c2.ID, ""), receiver, nil), http.StatusNotFound)
		in := decode[transfersJSON](t, h.call(t, "GET", Prefix+"/transfers", receiver, nil))
		if len(in.Items) != 1 || in.Items[0].Direction != "incoming" || in.Items[0].ClientID != "" {
			t.Fatalf("receiver's transfers %+v", in)
		}
		w = h.call(t, "POST", Prefix+"/transfers/"+tr.ID+"/acceptance", receiver, nil)
		want(t, w, http.StatusOK)
		done := decode[transferJSON](t, w)
		want(t, h.call(t, "GET", path(done.NewClientID, ""), receiver, nil), http.StatusOK)
		want(t, h.call(t, "POST", Prefix+"/transfers/"+tr.ID+"/acceptance", receiver, nil), http.StatusConflict)
	})
}
