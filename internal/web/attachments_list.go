package web

import (
	"net/http"

	"koto/internal/attachment"
)

// attachmentsList shows a client's attachments with the upload form;
// ?consent= links the upload to a consent of the client (from the consents
// page) and chooses the category of a signed consent form.
func (h *Handler) attachmentsList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	as, err := h.Attachments.List(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, attachmentsPath(id))
		return
	}
	var in attachment.Input
	if c := r.URL.Query().Get("consent"); c != "" {
		in.ConsentID, in.Category = c, attachment.SignedConsent
	}
	pg := h.newPage(r, "attachments.title")
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "attachments", attachmentsModel(pg, actor(r), id, as, in, h.Attachments.MaxBytes(), formErrors{}))
}
