package web

import (
	"net/http"

	"koto/internal/assessment"
)

// assessmentCreate starts an assessment from the form and opens it.
func (h *Handler) assessmentCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	pg := h.newPage(r, "assessment.new_title")
	pg.Here = "/clients/" + id + "/assessments/new"
	var errs formErrors
	in, dates := parseAssessment(pg, r, &errs)
	if !errs.Any() {
		a, err := h.Assessments.Create(r.Context(), actor(r), id, in)
		if err == nil {
			h.flash(w, flashSaved)
			http.Redirect(w, r, "/clients/"+id+"/assessments/"+a.ID, http.StatusSeeOther)
			return
		}
		h.assessmentFormFailed(w, r, pg, id, in, dates, err)
		return
	}
	m := assessmentForm(pg, id, in, dates, errs)
	h.render(w, r, http.StatusUnprocessableEntity, "assessment_form", m)
}

// assessmentFormFailed shows the form again with the service's errors, or
// the error page for errors a form cannot show.
func (h *Handler) assessmentFormFailed(w http.ResponseWriter, r *http.Request, pg page, id string, in assessment.Assessment, dates map[string]string, err error) {
	status, errs, notice, _, ok := formFailure(pg, err, nil)
	if !ok {
		h.failOrReason(w, r, err, assessmentPath(id))
		return
	}
	m := assessmentForm(pg, id, in, dates, errs)
	m.Notice = notice
	h.render(w, r, status, "assessment_form", m)
}
