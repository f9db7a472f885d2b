package web

import (
	"net/http"
	"strconv"

	"koto/internal/due"
)

// myDayPage is a caseworker's start page: their own clients and what is
// due for them today (items in their warning window).
type myDayPage struct {
	page
	Clients []myClientRow
	Items   []dueRow
	Within  int // the full list's default window (days)
	// Routed are the data subject's objections routed to the user
	// (ADR 39); the DPO records their outcome.
	Routed []routedRow
}

// routedRow is a request routed to the user.
type routedRow struct {
	ClientID, ClientName, Kind, Received, Deadline, Details string
	Overdue                                                 bool
}

type myClientRow struct {
	ID, Name, KotoID, BirthDate string
}

// dueRow is one item: the client's name, the kind in words, the date.
type dueRow struct {
	ClientID, ClientName, Kind, Due, Link string
	Overdue                               bool
}

// defaultWithin is the window of the full list without ?within.
const defaultWithin = 90

// myDay shows the caseworker's start page (timeline.due).
func (h *Handler) myDay(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "due.title")
	pg.Nav = "me"
	v, err := h.Due.Mine(r.Context(), actor(r), due.Filter{WithClients: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := myDayPage{page: pg, Within: defaultWithin, Items: dueRows(pg, v)}
	for _, c := range v.Clients {
		m.Clients = append(m.Clients, myClientRow{ID: c.ID, Name: clientName(pg, c.Name), KotoID: c.KotoID, BirthDate: pg.Date(c.BirthDate)})
	}
	if m.Routed, err = h.routedRows(r, pg); err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "my_day", m)
}

// myDuePage is the full list of what falls due within a window.
type myDuePage struct {
	page
	Within  field
	Items   []dueRow
	Windows []int
}

// myDue lists what falls due within ?within= days (default 90; overdue
// included) for the caseworker's own clients (timeline.due).
func (h *Handler) myDue(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "due.list_title")
	pg.Nav = "me"
	within := defaultWithin
	if n, err := strconv.Atoi(r.URL.Query().Get("within")); err == nil && n >= 0 && n <= due.MaxWithin {
		within = n
	}
	v, err := h.Due.Mine(r.Context(), actor(r), due.Filter{Within: &within, WithClients: true})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := builder{p: pg.p}
	m := myDuePage{page: pg, Items: dueRows(pg, v)}
	m.Within = b.input("select", "within", "due.within", strconv.Itoa(within))
	for _, n := range []int{7, 30, 90, 365} {
		m.Within.Options = append(m.Within.Options, option{Value: strconv.Itoa(n), Label: pg.T("due.within_days", n), Selected: n == within})
	}
	h.render(w, r, http.StatusOK, "my_due", m)
}

// dueRows turns the items into rows with the kind in words and a link to
// the part of the record the item is about.
func dueRows(pg page, v due.View) []dueRow {
	out := make([]dueRow, 0, len(v.Items))
	for _, it := range v.Items {
		out = append(out, dueRow{ClientID: it.ClientID, ClientName: clientName(pg, it.ClientName), Kind: pg.T("due.kind." + string(it.Kind)),
			Due: pg.Date(it.Due), Link: dueLink(it), Overdue: it.Due.Before(v.Today)})
	}
	return out
}

func clientName(pg page, name string) string {
	if name == "" || name == ", " {
		return pg.T("due.client_erased")
	}
	return name
}

// dueLink is the page of the record where the item is acted on.
func dueLink(it due.Row) string {
	base := "/clients/" + it.ClientID
	switch it.Kind {
	case due.AssessmentDue:
		return base + "/assessment"
	case due.PlanReview, due.PlanEnding:
		return base + "/plans/" + it.RefID
	case due.ReferralUnanswered, due.ReferralNotSent:
		return base + "/referrals"
	}
	return base
}
