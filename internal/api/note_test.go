package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

func decodeAs[T any](t *testing.T, w *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
		t.Fatalf("body %s: %v", w.Body, err)
	}
	return v
}

// The contract of case notes that outside tools rely on: create, list,
// amend, the 405s of a note that is never changed, 404 for another
// organisation's client or another client's note, sensitive text absent
// without the right and a purpose, log actions beginning with "note.".
func TestNotesContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		sub := h.user(t, "091", "sub", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		c := h.create(t, cw, person("1980-01-02", "Muistio", "Asiakas"))
		c2 := h.create(t, cw, person("1981-01-02", "Toinen", "Asiakas"))
		foreign := h.create(t, outsider, person("1982-01-02", "Vieras", "Asiakas"))

		w := h.call(t, "POST", path(c.ID, "/notes"), cw, map[string]any{"type": "counselling", "date": "2025-11-03", "text": "Ohjauskeskustelu.", "sensitive": false})
		want(t, w, http.StatusCreated)
		n := decodeAs[map[string]any](t, w)
		id, _ := n["id"].(string)
		if id == "" || n["type"] != "counselling" || n["date"] != "2025-11-03" || n["text"] != "Ohjauskeskustelu." || n["author"] != "cw" {
			t.Fatalf("created %v", n)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Error("a note without no-store")
		}
		w = h.call(t, "POST", path(c.ID, "/notes"), cw, map[string]any{"type": "home-visit", "date": "2025-11-04", "text": "Terveydentila.", "sensitive": true})
		want(t, w, http.StatusCreated)
		sid := decodeAs[map[string]any](t, w)["id"].(string)

		want(t, h.call(t, "POST", path(c.ID, "/notes/"+id+"/amendments"), cw, map[string]any{"text": "Korjaus."}), http.StatusCreated)
		want(t, h.call(t, "POST", path(c.ID, "/notes/"+sid+"/amendments"), cw, map[string]any{"text": "Lisäys."}), http.StatusCreated)

		type amendment struct {
			Text   *string `json:"text"`
			At     string  `json:"at"`
			Author string  `json:"author"`
		}
		type item struct {
			ID         string      `json:"id"`
			Type       string      `json:"type"`
			Date       string      `json:"date"`
			Text       *string     `json:"text"`
			Sensitive  bool        `json:"sensitive"`
			Author     string      `json:"author"`
			Amendments []amendment `json:"amendments"`
		}
		list := func(token, query string) []item {
			t.Helper()
			w := h.call(t, "GET", path(c.ID, "/notes"+query), token, nil)
			want(t, w, http.StatusOK)
			if strings.Contains(w.Body.String(), `"text":""`) {
				t.Errorf("hidden text as an empty string instead of absent: %s", w.Body)
			}
			return decodeAs[struct {
				Items []item `json:"items"`
			}](t, w).Items
		}
		// Newest first; the original kept under its amendment; the
		// sensitive note's text absent without a purpose.
		items := list(cw, "")
		if len(items) != 2 || items[0].ID != sid || items[1].ID != id {
			t.Fatalf("items %+v", items)
		}
		if items[1].Text == nil || *items[1].Text != "Ohjauskeskustelu." || len(items[1].Amendments) != 1 || *items[1].Amendments[0].Text != "Korjaus." || items[1].Amendments[0].At == "" {
			t.Errorf("amended note %+v", items[1])
		}
		if !items[0].Sensitive || items[0].Text != nil || len(items[0].Amendments) != 1 || items[0].Amendments[0].Text != nil {
			t.Errorf("sensitive note without a purpose %+v", items[0])
		}
		// With the right and a purpose: open, and the purpose logged.
		items = list(cw, "?purpose=client_meeting")
		if items[0].Text == nil || *items[0].Text != "Terveydentila." || *items[0].Amendments[0].Text != "Lisäys." {
			t.Errorf("sensitive note with a purpose %+v", items[0])
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'note.read' AND result = 'allowed' AND client_id = '`+c.ID+`' AND touched LIKE '%purpose:client_meeting%'`); n != 1 {
			t.Errorf("the purpose is logged %d times, want 1", n)
		}
		want(t, h.call(t, "GET", path(c.ID, "/notes?purpose=curiosity"), cw, nil), http.StatusUnprocessableEntity)
		// A supervisor (no relation) and a substitute by a stated reason
		// see that the sensitive note exists, not its text.
		want(t, h.call(t, "POST", path(c.ID, "/access-reasons"), sub, map[string]any{"reasonCode": "substitute", "text": "Sijaistan vastuuohjaajaa tämän viikon."}), http.StatusCreated)
		for _, token := range []string{sup, sub} {
			if items := list(token, "?purpose=assessment"); items[0].Text != nil || items[0].Amendments[0].Text != nil || items[1].Text == nil {
				t.Errorf("without the right: %+v", items)
			}
		}
		want(t, h.call(t, "POST", path(c.ID, "/notes/"+sid+"/amendments"), sub, map[string]any{"text": "x"}), http.StatusForbidden)

		// A note is never changed: 405 with Allow.
		for _, m := range []string{"PUT", "PATCH", "DELETE"} {
			w := h.call(t, m, path(c.ID, "/notes/"+id), cw, map[string]any{"text": "muutettu"})
			want(t, w, http.StatusMethodNotAllowed)
			if allow := w.Header().Get("Allow"); !strings.Contains(allow, "GET") || strings.Contains(allow, m) {
				t.Errorf("%s: Allow %q", m, allow)
			}
		}
		// Another organisation's client and another client's note: 404
		// like a missing one, and logged.
		for _, rq := range []struct{ method, path string }{
			{"GET", path(foreign.ID, "/notes")},
			{"POST", path(foreign.ID, "/notes")},
			{"GET", path(c2.ID, "/notes/"+id)},
			{"POST", path(c2.ID, "/notes/"+id+"/amendments")},
			{"GET", path(c.ID, "/notes/no-such-note")},
			{"GET", path("no-such-client", "/notes")},
		} {
			var body any
			if rq.method == "POST" {
				body = map[string]any{"type": "phone", "date": "2025-01-01", "text": "x"}
				if strings.HasSuffix(rq.path, "amendments") {
					body = map[string]any{"text": "x"}
				}
			}
			want(t, h.call(t, rq.method, rq.path, cw, body), http.StatusNotFound)
		}
		if h.deniedFor(t, access.NoteRead, foreign.ID) < 1 || h.deniedFor(t, access.NoteAmend, c2.ID) != 1 {
			t.Error("refusals not logged")
		}
		// Invalid input names the field; nothing is written.
		w = h.call(t, "POST", path(c.ID, "/notes"), cw, map[string]any{"type": "visit", "date": "3.11.2025", "text": ""})
		want(t, w, http.StatusUnprocessableEntity)
		fields := map[string]string{}
		for _, e := range decodeProblem(t, w).Errors {
			fields[e.Field] = e.Code
		}
		if fields["type"] != "validation.choice" || fields["date"] != "validation.date" || fields["text"] != "validation.required" {
			t.Errorf("field errors %v", fields)
		}
		if got := len(list(cw, "")); got != 2 {
			t.Errorf("%d notes after the refused ones, want 2", got)
		}
		for _, action := range []string{"note.create", "note.read", "note.amend"} {
			if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = '`+action+`' AND result = 'allowed' AND client_id = '`+c.ID+`'`); n < 1 {
				t.Errorf("%s not logged", action)
			}
		}
	})
}
