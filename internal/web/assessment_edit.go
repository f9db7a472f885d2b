package web

import (
	"net/http"
	"net/url"

	"koto/internal/access"
)

// assessmentEdit shows an assessment: the form while it is a draft, the
// record once completed.
func (h *Handler) assessmentEdit(w http.ResponseWriter, r *http.Request) {
	id, aid := r.PathValue("id"), r.PathValue("assessmentId")
	a, win, err := h.Assessments.Open(r.Context(), actor(r), id, aid)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/assessments/"+aid)
		return
	}
	pg := h.newPage(r, "assessment.edit_title")
	m := assessmentForm(pg, id, a, nil, formErrors{})
	m.Window = newWindowView(pg, win)
	if a.Status == "completed" {
		m.Completed, m.Items, m.CompletedAt = true, completedItems(pg, a), pg.Time(a.CompletedAt)
		if actor(r).Can(access.PlanCreate) && a.PlanNeeded != "no" {
			q := url.Values{"kind": {string(a.Kind)}}
			if !a.PlannedPlanDate.IsZero() {
				q.Set("startDate", a.PlannedPlanDate.String())
			}
			m.PlanURL = plansPath(id, "new") + "?" + q.Encode()
		}
	}
	h.render(w, r, http.StatusOK, "assessment_form", m)
}
