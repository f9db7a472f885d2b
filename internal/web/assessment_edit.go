package web

import "net/http"

// assessmentEdit shows an assessment: the form while it is a draft, the
// record once completed.
func (h *Handler) assessmentEdit(w http.ResponseWriter, r *http.Request) {
	id, aid := r.PathValue("id"), r.PathValue("assessmentId")
	a, win, err := h.assess.Open(r.Context(), actor(r), id, aid)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/assessments/"+aid)
		return
	}
	pg := h.newPage(r, "assessment.edit_title")
	m := assessmentForm(pg, id, a, nil, formErrors{})
	m.Window = newWindowView(pg, win)
	if a.Status == "completed" {
		m.Completed, m.Items, m.CompletedAt = true, completedItems(pg, a), pg.Time(a.CompletedAt)
	}
	h.render(w, r, http.StatusOK, "assessment_form", m)
}
