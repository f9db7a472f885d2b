package web

import "net/http"

// assessmentUpdate saves a draft, or completes it, and shows it again.
func (h *Handler) assessmentUpdate(w http.ResponseWriter, r *http.Request) {
	id, aid := r.PathValue("id"), r.PathValue("assessmentId")
	pg := h.newPage(r, "assessment.edit_title")
	pg.Here = "/clients/" + id + "/assessments/" + aid
	var errs formErrors
	in, dates := parseAssessment(pg, r, &errs)
	in.ID = aid
	if errs.Any() {
		h.render(w, r, http.StatusUnprocessableEntity, "assessment_form", assessmentForm(pg, id, in, dates, errs))
		return
	}
	if _, err := h.Assessments.Update(r.Context(), actor(r), id, aid, in); err != nil {
		h.assessmentFormFailed(w, r, pg, id, in, dates, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/assessments/"+aid, http.StatusSeeOther)
}
