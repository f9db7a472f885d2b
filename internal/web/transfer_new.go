package web

import (
	"net/http"
)

// transferNew shows the form of a transfer request for the client.
func (h *Handler) transferNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	towns, err := h.Handover.Municipalities(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	pg := h.newPage(r, "moves.new.title")
	h.render(w, r, http.StatusOK, "transfer_form", transferFormModel(pg, id, towns, "", formErrors{}))
}
