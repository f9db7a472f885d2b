package web

import (
	"net/http"

	"koto/internal/gate"
)

// noteAmendPage is the model of the amendment form: the note as written,
// with its earlier amendments, and the text of the new one.
type noteAmendPage struct {
	page
	ID      string
	Note    noteRow
	Purpose string // the purpose a sensitive note was opened for
	Errors  formErrors
	Text    field
}

// noteAmendForm shows a note and the form to amend it. A sensitive note
// opens only for the purpose in the query (from the list it was opened
// on); without one the page sends the user back to the list.
func (h *Handler) noteAmendForm(w http.ResponseWriter, r *http.Request) {
	h.showAmendForm(w, r, http.StatusOK, "", formErrors{})
}

// showAmendForm reads the note (one logged read) and shows the form with
// text and errs.
func (h *Handler) showAmendForm(w http.ResponseWriter, r *http.Request, status int, text string, errs formErrors) {
	id, noteID := r.PathValue("id"), r.PathValue("noteId")
	purpose := r.FormValue("purpose")
	n, err := h.Notes.Get(r.Context(), actor(r), id, noteID, purpose)
	if gate.IsPurposeRequired(err) {
		http.Redirect(w, r, "/clients/"+id+"/notes", http.StatusSeeOther)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/notes")
		return
	}
	if n.Hidden { // open it on the list first, for a purpose
		http.Redirect(w, r, "/clients/"+id+"/notes", http.StatusSeeOther)
		return
	}
	pg := h.newPage(r, "notes.amend.title")
	pg.Here = "/clients/" + id + "/notes"
	m := noteAmendPage{page: pg, ID: id, Note: noteRowOf(pg, id, n, purpose, false), Purpose: purpose, Errors: errs}
	m.Text = builder{p: pg.p, errs: errs}.text("text", "notes.amend.text", text).as("textarea").required().withHint(pg.T("notes.amend.hint"))
	m.Text.Rows = 5
	h.render(w, r, status, "note_amend", m)
}
