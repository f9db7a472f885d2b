package web

import (
	"net/http"
)

// transfersList shows the organisation's incoming and outgoing transfer
// requests; an open incoming one has the forms to accept or refuse it.
func (h *Handler) transfersList(w http.ResponseWriter, r *http.Request) {
	ts, err := h.Handover.Transfers(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "moves.title")
	pg.Nav = "transfers"
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "transfers", transfersModel(pg, actor(r), ts))
}
