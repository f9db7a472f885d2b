package web

import "net/http"

// backgroundUpdate saves the background form and returns to the overview;
// a form with errors comes back with what was typed.
func (h *Handler) backgroundUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := parseBackground(r)
	if _, err := h.Assessments.SaveBackground(r.Context(), actor(r), id, in); err != nil {
		pg := h.newPage(r, "assessment.background.title")
		pg.Here = assessmentPath(id) + "/background"
		status, errs, notice, _, ok := formFailure(pg, err, nil)
		if !ok {
			h.failOrReason(w, r, err, assessmentPath(id))
			return
		}
		m := backgroundForm(pg, id, in, errs)
		m.Notice = notice
		h.render(w, r, status, "background_form", m)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, assessmentPath(id)+"#h-background", http.StatusSeeOther)
}
