package web

import (
	"net/http"

	"koto/internal/assessment"
)

// languageTestCreate records a test result and returns to the overview.
func (h *Handler) languageTestCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	pg := h.newPage(r, "assessment.test.title")
	pg.Here = assessmentPath(id) + "/language-tests/new"
	var errs formErrors
	date := r.PostFormValue("date")
	in := assessment.LanguageTest{Kind: assessment.TestKind(r.PostFormValue("kind")), Language: r.PostFormValue("language"),
		Date: parseFormDate(pg, &errs, "date", date), Listening: assessment.Level(r.PostFormValue("listening")),
		Reading: assessment.Level(r.PostFormValue("reading")), Speaking: assessment.Level(r.PostFormValue("speaking")),
		Writing: assessment.Level(r.PostFormValue("writing")), Provider: r.PostFormValue("provider")}
	var err error
	if !errs.Any() {
		_, err = h.Assessments.AddLanguageTest(r.Context(), actor(r), id, in)
		if err == nil {
			h.flash(w, flashSaved)
			http.Redirect(w, r, assessmentPath(id)+"#h-language", http.StatusSeeOther)
			return
		}
	}
	status := http.StatusUnprocessableEntity
	if err != nil {
		var ok bool
		status, errs, _, _, ok = formFailure(pg, err, nil)
		if !ok {
			h.failOrReason(w, r, err, assessmentPath(id))
			return
		}
	}
	h.render(w, r, status, "language_test_form", languageTestForm(pg, id, in, date, errs))
}
