package web

import (
	"net/http"

	"koto/internal/gate"
	"koto/internal/note"
)

// notesList shows a client's case notes, newest first, with the form of
// a new note. ?purpose= opens sensitive notes for a user who may open
// them; the service logs the view with the purpose. The purpose is no
// personal data, so it may travel in the query.
func (h *Handler) notesList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	purpose := r.URL.Query().Get("purpose")
	l, err := h.Notes.List(r.Context(), actor(r), id, purpose)
	if gate.IsPurposeRequired(err) { // not one of the purposes: start again without
		http.Redirect(w, r, "/clients/"+id+"/notes", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/notes")
		return
	}
	pg := h.newPage(r, "notes.title")
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "notes", notesModel(pg, actor(r), id, l, purpose, note.Input{}, formErrors{}))
}
