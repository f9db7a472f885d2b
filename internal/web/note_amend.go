package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// noteAmend adds the amendment of the form and returns to the list, where
// it shows under the original; a form with errors comes back with the
// text typed.
func (h *Handler) noteAmend(w http.ResponseWriter, r *http.Request) {
	id, noteID := r.PathValue("id"), r.PathValue("noteId")
	text := r.PostFormValue("text")
	_, err := h.Notes.Amend(r.Context(), actor(r), id, noteID, text)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id+"/notes#note-"+noteID, http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, "/clients/"+id+"/notes")
		return
	}
	pg := h.newPage(r, "notes.amend.title")
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.showAmendForm(w, r, httpx.Status(err), text, errs)
}
