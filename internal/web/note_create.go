package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/gate"
	"koto/internal/httpx"
	"koto/internal/note"
)

// noteCreate writes a new note from the form and returns to the list; a
// form with errors comes back on the list with what was typed and each
// error at its field.
func (h *Handler) noteCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := note.Input{Type: r.PostFormValue("type"), Date: r.PostFormValue("date"), Text: r.PostFormValue("text"),
		Sensitive: r.PostFormValue("sensitive") == "1"}
	_, err := h.Notes.Create(r.Context(), actor(r), id, in)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id+"/notes", http.StatusSeeOther)
		return
	}
	// The service validates after authorizing: an invalid form is about a
	// client the user may open. Nothing was written; the list is read
	// again to show the form in its place.
	ae, ok := apperr.As(err)
	if !ok || (ae.Kind != apperr.Invalid && !gate.IsRestricted(err)) {
		h.failOrReason(w, r, err, "/clients/"+id+"/notes")
		return
	}
	l, lerr := h.Notes.List(r.Context(), actor(r), id, "")
	if lerr != nil {
		h.failOrReason(w, r, lerr, "/clients/"+id+"/notes")
		return
	}
	pg := h.newPage(r, "notes.title")
	pg.Here = "/clients/" + id + "/notes"
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	if gate.IsRestricted(err) { // the processing is restricted (ADR 40): the typed note stays
		errs.add("text", pg.T(ae.Key))
	}
	h.render(w, r, httpx.Status(err), "notes", notesModel(pg, actor(r), id, l, "", in, errs))
}
