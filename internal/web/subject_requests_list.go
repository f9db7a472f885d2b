package web

import (
	"net/http"
	"slices"
	"time"

	"koto/internal/subjectrequest"
)

// subjectRequestsPage lists the organisation's requests with a filter by
// status and kind.
type subjectRequestsPage struct {
	page
	Rows         []subjectRequestRow
	Status, Kind field
}

// subjectRequestsList shows every request (subject_request.read).
func (h *Handler) subjectRequestsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := subjectrequest.Filter{Status: q.Get("status"), Kind: q.Get("kind")}
	if f.Status != "open" && !slices.Contains(subjectrequest.Statuses, f.Status) {
		f.Status = ""
	}
	if !slices.Contains(subjectrequest.Kinds, f.Kind) {
		f.Kind = ""
	}
	rs, err := h.SubjectRequests.List(r.Context(), actor(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "subjectrequest.list.title")
	pg.Nav = "subject-requests"
	b := builder{p: pg.p}
	m := subjectRequestsPage{page: pg, Rows: subjectRequestRows(pg, rs, time.Now()),
		Status: b.choice("status", "subjectrequest.field.status", f.Status, "subjectrequest.status.", append([]string{"open"}, subjectrequest.Statuses...)),
		Kind:   b.choice("kind", "subjectrequest.field.kind", f.Kind, "subjectrequest.kind.", subjectrequest.Kinds)}
	h.render(w, r, http.StatusOK, "subject_requests", m)
}
