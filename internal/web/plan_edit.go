package web

import (
	"net/http"
)

// planEdit shows the revise form with the current version.
func (h *Handler) planEdit(w http.ResponseWriter, r *http.Request) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	p, err := h.Plans.Get(r.Context(), actor(r), id, planID)
	if err != nil {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	m := h.reviseForm(r, id, planID, p.Number, p.Content, nil, formErrors{})
	h.render(w, r, http.StatusOK, "plan_form", m)
}

func (h *Handler) reviseForm(r *http.Request, id, planID string, version int, c planContent, raw map[string]string, errs formErrors) planFormPage {
	m := h.planForm(r, id, c, raw, errs)
	m.Title, m.Revise, m.Version = m.T("plan.revise_title"), true, version
	m.Action, m.Cancel = plansPath(id, planID), plansPath(id, planID)
	m.Here = plansPath(id, planID, "edit")
	return m
}
