package web

import (
	"net/http"

	"koto/internal/client"
)

// reviewPage is the model of the supervisor's queue of stated reasons.
type reviewPage struct {
	page
	All       bool // reviewed reasons shown too
	ToggleURL string
	Rows      []reviewRow
}

type reviewRow struct {
	ID, At, User, ClientID, ClientName, Code, Text, Expires, ReviewedAt string
	Reviewed                                                            bool
	Own                                                                 bool // the reviewer's own: someone else reviews it
}

// reviewQueue lists the organisation's stated reasons for access and
// supervisors' self-assignments, unreviewed first; ?all=1 shows the
// reviewed ones too.
func (h *Handler) reviewQueue(w http.ResponseWriter, r *http.Request) {
	all := r.URL.Query().Get("all") == "1"
	reasons, err := h.Clients.ReviewQueue(r.Context(), actor(r), all)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "case.review.title")
	pg.Nav = "review"
	m := reviewPage{page: pg, All: all, ToggleURL: "/review?all=1"}
	if all {
		m.ToggleURL = "/review"
	}
	for _, rs := range reasons {
		row := reviewRow{ID: rs.ID, At: pg.Time(rs.CreatedAt), User: displayName(rs.DisplayName, rs.Username), ClientID: rs.ClientID, ClientName: rs.ClientName,
			Code: translated(pg, "case.reason_code."+rs.Code, rs.Code), Text: rs.Text, Expires: pg.Time(rs.ExpiresAt),
			Reviewed: rs.ReviewedAt != nil, Own: rs.UserID == actor(r).UserID}
		if rs.Kind == client.KindSelfAssignment {
			row.Expires = ""
		}
		if rs.ReviewedAt != nil {
			row.ReviewedAt = pg.Time(*rs.ReviewedAt)
		}
		m.Rows = append(m.Rows, row)
	}
	h.render(w, r, http.StatusOK, "review_queue", m)
}

// reviewMark marks one stated reason reviewed and returns to the queue.
func (h *Handler) reviewMark(w http.ResponseWriter, r *http.Request) {
	if err := h.Clients.MarkReviewed(r.Context(), actor(r), r.PathValue("reasonId")); err != nil {
		h.fail(w, r, err)
		return
	}
	back := "/review"
	if r.PostFormValue("all") == "1" {
		back += "?all=1"
	}
	http.Redirect(w, r, back+"#review-status", http.StatusSeeOther)
}
