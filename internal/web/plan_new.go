package web

import (
	"net/http"

	"koto/internal/plan"
)

// planNew shows the form for a new plan of a client the user may make
// one for.
func (h *Handler) planNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.plans.NewForm(r.Context(), actor(r), id); err != nil {
		h.failOrReason(w, r, err, plansPath(id, "new"))
		return
	}
	m := h.planForm(r, id, plan.Content{Kind: plan.KindBasic}, nil, formErrors{})
	h.render(w, r, http.StatusOK, "plan_form", m)
}
