package web

import (
	"net/http"

	"koto/internal/assessment"
)

// languageTestNew shows the form of a new test result with the window (the
// read that decides whether the client may be opened).
func (h *Handler) languageTestNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	win, err := h.Assessments.Window(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, assessmentPath(id)+"/language-tests/new")
		return
	}
	pg := h.newPage(r, "assessment.test.title")
	m := languageTestForm(pg, id, assessment.LanguageTest{Language: "fi"}, "", formErrors{})
	m.Window = newWindowView(pg, win)
	h.render(w, r, http.StatusOK, "language_test_form", m)
}
