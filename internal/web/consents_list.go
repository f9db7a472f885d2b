package web

import (
	"net/http"

	"koto/internal/consent"
)

// consentsList shows a client's consents, newest first, with the form of
// a new consent.
func (h *Handler) consentsList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	cs, err := h.Consents.List(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/consents")
		return
	}
	pg := h.newPage(r, "consents.title")
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "consents", consentsModel(pg, actor(r), id, cs, consent.Input{}, h.Attachments.MaxBytes(), formErrors{}))
}
