package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/due"
	"koto/internal/store/storetest"
)

// GET /api/v1/me/due lists what is due for the caller's own clients only:
// a colleague's client and another organisation's never appear, even
// when due; ?within= widens the window; the read is logged as
// timeline.due with the clients shown.
func TestMyDueAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		colleague := h.user(t, "091", "colleague", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		other := h.user(t, "430", "other", access.Caseworker)
		admin := h.user(t, "091", "adm", access.OrgAdmin)
		today := due.Today(time.Now())
		// Registered three years ago less 30 days: the assessment falls
		// due in 30 days, inside its 90-day warning window.
		registered := civil.DateOf(today.AddYears(-3).Time().AddDate(0, 0, 30)).String()
		mk := func(token, hetu, first, last string) string {
			body := person(hetu, first, last)
			body["municipalityRegistered"] = registered
			return h.create(t, token, body).ID
		}
		mine := mk(cw, synthetic(t, 1985, 2, 1, 941), "Oma", "Asiakas")
		theirs := mk(colleague, synthetic(t, 1985, 2, 2, 942), "Kollegan", "Asiakas")
		foreign := mk(other, synthetic(t, 1985, 2, 3, 943), "Vieras", "Kunta")
		if _, err := h.env.DB.RecomputeDue(context.Background()); err != nil {
			t.Fatal(err)
		}

		type list struct {
			Items []struct{ ClientID, Kind, Due string }
		}
		w := h.call(t, "GET", "/api/v1/me/due", cw, nil)
		want(t, w, http.StatusOK)
		if !strings.Contains(w.Body.String(), `"clientId"`) {
			t.Fatalf("wire names: %s", w.Body)
		}
		got := decode[list](t, w)
		dueOn := civil.DateOf(today.Time().AddDate(0, 0, 30)).String()
		if len(got.Items) != 1 || got.Items[0].ClientID != mine || got.Items[0].Kind != "assessment_due" || got.Items[0].Due != dueOn {
			t.Fatalf("own list %s", w.Body)
		}
		// The colleague's and the other organisation's clients never.
		for _, tok := range []string{colleague, other} {
			w := h.call(t, "GET", "/api/v1/me/due?within=3650", tok, nil)
			want(t, w, http.StatusOK)
			if strings.Contains(w.Body.String(), mine) {
				t.Fatalf("another caseworker sees my client: %s", w.Body)
			}
		}
		w = h.call(t, "GET", "/api/v1/me/due?within=3650", cw, nil)
		want(t, w, http.StatusOK)
		if b := w.Body.String(); strings.Contains(b, theirs) || strings.Contains(b, foreign) {
			t.Fatalf("not my clients listed: %s", b)
		}
		// A supervisor not assigned sees nothing of them either.
		w = h.call(t, "GET", "/api/v1/me/due?within=3650", sup, nil)
		want(t, w, http.StatusOK)
		if n := len(decode[list](t, w).Items); n != 0 {
			t.Fatalf("unassigned supervisor sees %d items", n)
		}
		// Once assigned, the client is the supervisor's own.
		h.assign(t, "sup", theirs, "sup")
		w = h.call(t, "GET", "/api/v1/me/due", sup, nil)
		if l := decode[list](t, w); len(l.Items) != 1 || l.Items[0].ClientID != theirs {
			t.Fatalf("assigned supervisor %s", w.Body)
		}

		// The window: nothing falls due within 29 days, the item within 30.
		w = h.call(t, "GET", "/api/v1/me/due?within=29", cw, nil)
		if n := len(decode[list](t, w).Items); n != 0 {
			t.Fatalf("within 29: %s", w.Body)
		}
		w = h.call(t, "GET", "/api/v1/me/due?within=30", cw, nil)
		if n := len(decode[list](t, w).Items); n != 1 {
			t.Fatalf("within 30: %s", w.Body)
		}
		for _, bad := range []string{"x", "-1", "99999"} {
			w := h.call(t, "GET", "/api/v1/me/due?within="+bad, cw, nil)
			want(t, w, http.StatusUnprocessableEntity)
			wantFieldProblem(t, w, "within", "due.validation.within", "")
		}
		want(t, h.call(t, "GET", "/api/v1/me/due", admin, nil), http.StatusForbidden)

		// Logged as timeline.due with the client shown.
		var shown string
		if err := h.env.DB.SQL().QueryRow(`SELECT shown FROM audit_entries WHERE action = 'timeline.due' AND user_id = '` +
			h.actors["cw"].UserID + `' ORDER BY at LIMIT 1`).Scan(&shown); err != nil {
			t.Fatal(err)
		}
		if shown != mine {
			t.Errorf("shown %q", shown)
		}
	})
}
