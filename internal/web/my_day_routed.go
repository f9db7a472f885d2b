package web

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/subjectrequest"
)

// routedRows are the open data subject's requests routed to the user
// (subject_request.routed); none for a user who may not have any.
func (h *Handler) routedRows(r *http.Request, pg page) ([]routedRow, error) {
	a := actor(r)
	if !a.Can(access.SubjectRequestRouted) {
		return nil, nil
	}
	rs, err := h.SubjectRequests.Routed(r.Context(), a)
	if err != nil {
		return nil, err
	}
	today := subjectrequest.Today(time.Now())
	var out []routedRow
	for _, req := range rs {
		out = append(out, routedRow{ClientID: req.ClientID, ClientName: req.ClientName, Kind: pg.T("subjectrequest.kind." + req.Kind),
			Received: pg.Date(req.Received), Deadline: pg.Date(req.Deadline()), Details: req.Details, Overdue: req.Overdue(today)})
	}
	return out, nil
}
