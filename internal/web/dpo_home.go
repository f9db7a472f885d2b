package web

import (
	"net/http"
	"time"

	"koto/internal/civil"
	"koto/internal/subjectrequest"
)

// dpoPage is the data-protection officer's workspace: the open requests
// by deadline (overdue ones marked in words), counts, and the ways to the
// DPO's other work.
type dpoPage struct {
	page
	Rows                        []subjectRequestRow
	OpenCount, Overdue, DueWeek int
}

// dpoHome shows the workspace (subject_request.read).
func (h *Handler) dpoHome(w http.ResponseWriter, r *http.Request) {
	rs, err := h.SubjectRequests.List(r.Context(), actor(r), subjectrequest.Filter{Status: "open"})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "subjectrequest.dpo.title")
	pg.Nav = "dpo"
	now := time.Now()
	m := dpoPage{page: pg, Rows: subjectRequestRows(pg, rs, now), OpenCount: len(rs)}
	today := subjectrequest.Today(now)
	week := civilAddDays(today, 7)
	for _, req := range rs {
		switch {
		case req.Overdue(today):
			m.Overdue++
		case !req.Deadline().After(week):
			m.DueWeek++
		}
	}
	h.render(w, r, http.StatusOK, "dpo_home", m)
}

// civilAddDays is d plus n days.
func civilAddDays(d civil.Date, n int) civil.Date {
	return civil.DateOf(d.Time().AddDate(0, 0, n))
}
