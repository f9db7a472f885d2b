package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/store/storetest"
)

// deniedFor counts the denied access-log entries of action on a client.
func (h *harness) deniedFor(t *testing.T, action access.Action, clientID string) int {
	t.Helper()
	return h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND action = '`+string(action)+
		`' AND client_id = '`+clientID+`'`)
}

type reviewItem struct {
	Kind string `json:"kind"`
	reasonJSON
	UserID     string     `json:"userId"`
	Username   string     `json:"username"`
	ClientName string     `json:"clientName"`
	ReviewedAt *time.Time `json:"reviewedAt"`
}

func TestReasonRequiredAndReasonFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "091", "sup", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		cw2 := h.user(t, "091", "cw2", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker)
		outsiderSup := h.user(t, "049", "outsider_sup", access.Supervisor)
		c := h.create(t, sup, person("1977-07-07", "Test", "Person"))

		// The creator, holding the caseworker role, is responsible.
		mine := h.create(t, cw, person("1978-08-08", "Own", "Client"))
		want(t, h.call(t, "GET", path(mine.ID), cw, nil), http.StatusOK)

		t.Run("reading without relation asks for a reason", func(t *testing.T) {
			before := h.deniedFor(t, access.ClientRead, c.ID)
			for _, rq := range []struct {
				method, suffix string
				body           any
			}{
				{"GET", "", nil},
				{"PATCH", "", map[string]any{"phone": "+358 9 1"}},
				{"GET", "/history", nil},
				{"GET", "/assignments", nil},
				{"GET", "/sensitive?purpose=assessment", nil},
				{"PUT", "/sensitive", map[string]any{"health": "x", "version": 0}},
			} {
				wantReasonRequired(t, h.call(t, rq.method, path(c.ID, rq.suffix), cw, rq.body), c.ID)
			}
			// GET, history and assignments are client.read.
			if got := h.deniedFor(t, access.ClientRead, c.ID); got != before+3 {
				t.Errorf("denied client.read entries %d → %d, want +3", before, got)
			}
			n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND client_id = '`+c.ID+
				`' AND touched LIKE '%reason_required%' AND username = 'cw'`)
			if n != 6 {
				t.Errorf("%d denied reason_required entries, want 6", n)
			}
			w := h.call(t, "GET", path(c.ID), cw, nil, "Accept-Language", "en")
			if p := decodeProblem(t, w); p.Title != "Reason for access required" || !strings.Contains(p.Detail, "POST") {
				t.Errorf("English problem %+v", p)
			}
			// The supervisor reads every client of the organisation.
			want(t, h.call(t, "GET", path(c.ID), sup, nil), http.StatusOK)
		})

		t.Run("invalid reasons", func(t *testing.T) {
			field := func(body any, status int, field string) {
				t.Helper()
				w := h.call(t, "POST", path(c.ID, "/access-reasons"), cw, body)
				want(t, w, status)
				if p := decodeProblem(t, w); field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != field || p.Errors[0].Message == p.Errors[0].Code) {
					t.Errorf("problem %+v, want field %s", p, field)
				}
			}
			field(map[string]any{"reasonCode": "curiosity", "text": "just looking around the register"}, 422, "reasonCode")
			field(map[string]any{"reasonCode": "other", "text": "x"}, 422, "text")
			field(map[string]any{"reasonCode": "other", "text": "nineteen characters"}, 422, "text")
			field(map[string]any{"reasonCode": "other", "text": "   "}, 422, "text")
			field(map[string]any{"reasonCode": "other"}, 422, "text")
			field(map[string]any{"reasonCode": 1, "text": "a long enough explanation"}, 422, "reasonCode")
			field(`{"reasonCode": "other", "text": "x", "why": "y"}`, 400, "")
			want(t, h.call(t, "POST", path("no-such-client", "/access-reasons"), cw, map[string]any{"reasonCode": "other", "text": "x"}), 404)
			want(t, h.call(t, "POST", path(c.ID, "/access-reasons"), outsider, map[string]any{"reasonCode": "other", "text": "x"}), 404)
			wantReasonRequired(t, h.call(t, "GET", path(c.ID), cw, nil), c.ID)
			if n := h.count(t, `SELECT COUNT(*) FROM access_reasons`); n != 0 {
				t.Fatalf("%d reasons stored by refused requests", n)
			}
		})

		var reason reasonJSON
		t.Run("a reason opens the client for a while", func(t *testing.T) {
			start := time.Now()
			w := h.call(t, "POST", path(c.ID, "/access-reasons"), cw, map[string]any{"reasonCode": "substitute", "text": "  Sijaistan Virtasta viikon ajan  "})
			want(t, w, http.StatusCreated)
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Error("no no-store")
			}
			reason = decode[reasonJSON](t, w)
			if reason.ID == "" || reason.ClientID != c.ID || reason.ReasonCode != "substitute" || reason.Text != "Sijaistan Virtasta viikon ajan" {
				t.Fatalf("reason %+v", reason)
			}
			if d := reason.ExpiresAt.Sub(reason.CreatedAt); d != client.ReasonDuration {
				t.Errorf("open for %v, want %v", d, client.ReasonDuration)
			}
			if reason.CreatedAt.Before(start.Add(-time.Minute)) || reason.ExpiresAt.Before(start.Add(client.ReasonDuration-time.Minute)) ||
				reason.ExpiresAt.Location() != time.UTC {
				t.Errorf("times %v – %v", reason.CreatedAt, reason.ExpiresAt)
			}
			want(t, h.call(t, "GET", path(c.ID), cw, nil), http.StatusOK)
			want(t, h.call(t, "PATCH", path(c.ID), cw, map[string]any{"phone": "+358 9 2"}), http.StatusOK)
			want(t, h.call(t, "GET", path(c.ID, "/history"), cw, nil), http.StatusOK)
			want(t, h.call(t, "GET", path(c.ID, "/sensitive?purpose=client_meeting"), cw, nil), http.StatusOK)
			// The reason is the caller's own.
			wantReasonRequired(t, h.call(t, "GET", path(c.ID), cw2, nil), c.ID)
		})

		t.Run("review queue", func(t *testing.T) {
			queue := func(query string) []reviewItem {
				t.Helper()
				w := h.call(t, "GET", "/api/v1/access-reasons"+query, sup, nil)
				want(t, w, http.StatusOK)
				return decode[itemsJSON[reviewItem]](t, w).Items
			}
			items := queue("")
			if len(items) != 1 || items[0].ID != reason.ID || items[0].Username != "cw" || items[0].UserID != h.actors["cw"].UserID ||
				items[0].ClientName != "Test Person" || items[0].ClientID != c.ID || items[0].ReviewedAt != nil ||
				items[0].Text != "Sijaistan Virtasta viikon ajan" || !items[0].ExpiresAt.Equal(reason.ExpiresAt) {
				t.Fatalf("queue %+v", items)
			}
			want(t, h.call(t, "GET", "/api/v1/access-reasons?all=maybe", sup, nil), http.StatusBadRequest)
			want(t, h.call(t, "GET", "/api/v1/access-reasons", cw, nil), http.StatusForbidden)
			want(t, h.call(t, "POST", "/api/v1/access-reasons/"+reason.ID+"/review", cw, nil), http.StatusForbidden)
			want(t, h.call(t, "POST", "/api/v1/access-reasons/"+reason.ID+"/review", outsiderSup, nil), http.StatusNotFound)
			want(t, h.call(t, "POST", "/api/v1/access-reasons/no-such-reason/review", sup, nil), http.StatusNotFound)
			if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND action = 'access_reason.review' AND username = 'cw'`); n != 2 {
				t.Errorf("%d denied review attempts logged, want 2", n)
			}

			want(t, h.call(t, "POST", "/api/v1/access-reasons/"+reason.ID+"/review", sup, nil), http.StatusNoContent)
			want(t, h.call(t, "POST", "/api/v1/access-reasons/"+reason.ID+"/review", sup, nil), http.StatusNoContent)
			if items := queue("?all=false"); len(items) != 0 {
				t.Fatalf("reviewed reason still queued: %+v", items)
			}
			items = queue("?all=true")
			if len(items) != 1 || items[0].ReviewedAt == nil {
				t.Fatalf("all %+v", items)
			}
			// Reviewing does not end the access; expiry does.
			want(t, h.call(t, "GET", path(c.ID), cw, nil), http.StatusOK)

			// Nobody clears their own reason: a supervisor who states one
			// is refused (403) reviewing it, and the refusal is logged.
			w := h.call(t, "POST", path(c.ID, "/access-reasons"), sup, map[string]any{"reasonCode": "other", "text": "Tarkistan tiedot valituksen vuoksi."})
			want(t, w, http.StatusCreated)
			own := decode[reasonJSON](t, w)
			want(t, h.call(t, "POST", "/api/v1/access-reasons/"+own.ID+"/review", sup, nil), http.StatusForbidden)
			if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND action = 'access_reason.review' AND username = 'sup' AND client_id = '`+c.ID+`'`); n != 1 {
				t.Errorf("%d refused self-reviews logged, want 1", n)
			}
			if items := queue(""); len(items) != 1 || items[0].ID != own.ID || items[0].Kind != "reason" || items[0].ReviewedAt != nil {
				t.Fatalf("the supervisor's own reason is not waiting for someone else: %+v", items)
			}
		})
	})
}

func TestAssignments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "091", "sup", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		h.user(t, "049", "outsider", access.Caseworker)
		outsiderSup := h.user(t, "049", "outsider_sup", access.Supervisor)
		c := h.create(t, sup, person("1966-06-06", "Test", "Person"))
		cwID := h.actors["cw"].UserID
		list := func(token string) []assignmentJSON {
			t.Helper()
			w := h.call(t, "GET", path(c.ID, "/assignments"), token, nil)
			want(t, w, http.StatusOK)
			if !strings.Contains(w.Body.String(), `"items":[`) {
				t.Fatalf("items not an array: %s", w.Body)
			}
			return decode[itemsJSON[assignmentJSON]](t, w).Items
		}

		if got := list(sup); len(got) != 0 {
			t.Fatalf("a supervisor's client has assignments %+v", got)
		}
		wantReasonRequired(t, h.call(t, "GET", path(c.ID), cw, nil), c.ID)

		// A caseworker may not assign, not even themselves.
		before := h.deniedFor(t, access.ClientAssign, c.ID)
		want(t, h.call(t, "PUT", path(c.ID, "/assignments/", cwID), cw, nil), http.StatusNotFound)
		want(t, h.call(t, "DELETE", path(c.ID, "/assignments/", cwID), cw, nil), http.StatusNotFound)
		if got := h.deniedFor(t, access.ClientAssign, c.ID); got != before+2 {
			t.Errorf("denied client.assign entries %d → %d, want +2", before, got)
		}
		// A supervisor of another organisation finds no such client.
		want(t, h.call(t, "PUT", path(c.ID, "/assignments/", h.actors["outsider"].UserID), outsiderSup, nil), http.StatusNotFound)

		start := time.Now()
		w := h.call(t, "PUT", path(c.ID, "/assignments/", cwID), sup, nil)
		want(t, w, http.StatusNoContent)
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Error("no no-store")
		}
		want(t, h.call(t, "PUT", path(c.ID, "/assignments/", cwID), sup, nil), http.StatusNoContent) // idempotent
		got := list(sup)
		if len(got) != 1 || got[0].UserID != cwID || got[0].Username != "cw" || got[0].AssignedAt.Before(start.Add(-time.Minute)) {
			t.Fatalf("assignments %+v", got)
		}
		want(t, h.call(t, "GET", path(c.ID), cw, nil), http.StatusOK)
		if got := list(cw); len(got) != 1 {
			t.Fatalf("caseworker sees %+v", got)
		}

		for _, userID := range []string{"no-such-user", h.actors["outsider"].UserID} {
			w := h.call(t, "PUT", path(c.ID, "/assignments/", userID), sup, nil)
			want(t, w, http.StatusUnprocessableEntity)
			if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "userId" || p.Errors[0].Message == p.Errors[0].Code {
				t.Fatalf("problem %+v", p)
			}
		}

		w = h.call(t, "DELETE", path(c.ID, "/assignments/", cwID), sup, nil)
		want(t, w, http.StatusNoContent)
		want(t, h.call(t, "DELETE", path(c.ID, "/assignments/", cwID), sup, nil), http.StatusNoContent)
		if got := list(sup); len(got) != 0 {
			t.Fatalf("after unassign %+v", got)
		}
		wantReasonRequired(t, h.call(t, "GET", path(c.ID), cw, nil), c.ID)

		// Assigning and unassigning are in the access log.
		for _, touched := range []string{"assign:" + cwID, "unassign:" + cwID} {
			if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'allowed' AND action = 'client.assign' AND client_id = '`+c.ID+
				`' AND touched = '`+touched+`'`); n == 0 {
				t.Errorf("no allowed client.assign entry %s", touched)
			}
		}
	})
}

func TestSensitive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "091", "sup", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		cw2 := h.user(t, "091", "cw2", access.Caseworker)
		fin := h.user(t, "091", "fin", access.Finance)
		outsider := h.user(t, "049", "outsider", access.Supervisor)
		c := h.create(t, sup, person("1955-05-05", "Test", "Person"))
		h.assign(t, "sup", c.ID, "cw")
		get := func(token, purpose string) *httptest.ResponseRecorder {
			return h.call(t, "GET", path(c.ID, "/sensitive?purpose="+purpose), token, nil)
		}

		w := get(cw, "assessment")
		want(t, w, http.StatusOK)
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Error("no no-store")
		}
		if !strings.Contains(w.Body.String(), `"updatedAt":null`) {
			t.Errorf("empty data %s", w.Body)
		}
		if s := decode[sensitiveJSON](t, w); s.Version != 0 || s.Health != "" || s.UpdatedAt != nil {
			t.Fatalf("empty data %+v", s)
		}
		for _, purpose := range []string{"", "curiosity"} {
			w := get(cw, purpose)
			want(t, w, http.StatusUnprocessableEntity)
			if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "purpose" {
				t.Fatalf("problem %+v", p)
			}
		}

		put := func(token string, body any) *httptest.ResponseRecorder {
			return h.call(t, "PUT", path(c.ID, "/sensitive"), token, body)
		}
		data := map[string]any{"health": "Diabetes", "workAbility": "Osittainen", "functionalAbility": "Hyvä", "version": 0}
		// Recording needs a purpose too (it answers with the data).
		w = put(cw, data)
		want(t, w, http.StatusUnprocessableEntity)
		if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Field != "purpose" {
			t.Fatalf("problem %+v", p)
		}
		data["purpose"] = "assessment"
		w = put(cw, data)
		want(t, w, http.StatusOK)
		s := decode[sensitiveJSON](t, w)
		if s.Version != 1 || s.Health != "Diabetes" || s.WorkAbility != "Osittainen" || s.FunctionalAbility != "Hyvä" || s.UpdatedAt == nil {
			t.Fatalf("saved %+v", s)
		}
		want(t, put(cw, data), http.StatusConflict) // version 0 is stale now
		want(t, put(cw, map[string]any{"health": "x", "purpose": "assessment"}), http.StatusUnprocessableEntity)
		want(t, put(cw, `{"health": "x", "version": 1, "diagnosis": "y", "purpose": "assessment"}`), http.StatusBadRequest)
		want(t, put(cw, map[string]any{"health": strings.Repeat("x", 4001), "version": 1, "purpose": "assessment"}), http.StatusUnprocessableEntity)
		w = get(cw, "integration_plan")
		want(t, w, http.StatusOK)
		if got := decode[sensitiveJSON](t, w); got.Version != 1 || got.Health != "Diabetes" {
			t.Fatalf("read back %+v", got)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE result = 'allowed' AND action = 'client.read_sensitive' AND touched = 'sensitive,purpose:integration_plan'`); n != 1 {
			t.Errorf("%d views logged with their purpose, want 1", n)
		}

		// Without a relation: a caseworker and even the supervisor need a
		// reason; finance never; another organisation finds nothing.
		before := h.deniedFor(t, access.ClientReadSensitive, c.ID)
		wantReasonRequired(t, get(cw2, "assessment"), c.ID)
		wantReasonRequired(t, put(cw2, map[string]any{"health": "x", "version": 1, "purpose": "assessment"}), c.ID)
		want(t, h.call(t, "GET", path(c.ID), sup, nil), http.StatusOK)
		wantReasonRequired(t, get(sup, "assessment"), c.ID)
		want(t, get(fin, "assessment"), http.StatusNotFound)
		want(t, put(fin, map[string]any{"health": "x", "version": 1, "purpose": "assessment"}), http.StatusNotFound)
		want(t, get(outsider, "assessment"), http.StatusNotFound)
		// Four refusals; the outsider's is in the holder's log as well.
		if got := h.deniedFor(t, access.ClientReadSensitive, c.ID); got != before+5 {
			t.Errorf("denied client.read_sensitive entries %d → %d, want +5", before, got)
		}
		if n := h.deniedFor(t, access.ClientUpdateSensitive, c.ID); n != 2 {
			t.Errorf("denied client.update_sensitive entries %d, want 2", n)
		}
		for _, tok := range []string{cw2, sup, fin, outsider} {
			if b := get(tok, "assessment").Body.String(); strings.Contains(b, "Diabetes") {
				t.Fatalf("leak: %s", b)
			}
		}

		// A stated reason opens it.
		want(t, h.call(t, "POST", path(c.ID, "/access-reasons"), cw2, map[string]any{"reasonCode": "service_coordination", "text": "Palveluohjaus: yhteinen tapaaminen"}), http.StatusCreated)
		w = get(cw2, "service_referral")
		want(t, w, http.StatusOK)
		if got := decode[sensitiveJSON](t, w); got.Health != "Diabetes" {
			t.Fatalf("with a reason %+v", got)
		}
		w = put(cw2, map[string]any{"health": "Diabetes tyyppi 2", "version": 1, "purpose": "service_referral"})
		want(t, w, http.StatusOK)
		if got := decode[sensitiveJSON](t, w); got.Version != 2 || got.WorkAbility != "" {
			t.Fatalf("PUT replaces all fields: %+v", got)
		}
		// Health data is kept in versions: the first one is still there,
		// with the purpose each was recorded for.
		if n := h.count(t, `SELECT COUNT(*) FROM client_sensitive_versions WHERE client_id = '`+c.ID+`'`); n != 2 {
			t.Errorf("%d versions kept, want 2", n)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM client_sensitive_versions WHERE client_id = '`+c.ID+`' AND version = 2 AND purpose = 'service_referral'`); n != 1 {
			t.Error("the version does not record its purpose")
		}
	})
}
