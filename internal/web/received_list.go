package web

import (
	"net/http"
)

// receivedList is a provider's start page: the packages addressed to the
// user's organisation, newest first.
func (h *Handler) receivedList(w http.ResponseWriter, r *http.Request) {
	rs, err := h.Disclosures.Inbox(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "disclosures.received.title")
	pg.Nav = "received"
	m := receivedPage{page: pg}
	for _, x := range rs {
		m.Rows = append(m.Rows, receivedRow{ID: x.ID, At: pg.Time(x.At), From: x.FromName, Client: x.ClientName, URL: "/disclosures/" + x.ID})
	}
	h.render(w, r, http.StatusOK, "received", m)
}
