package web

import (
	"net/http"
	"slices"

	"koto/internal/civil"

	"koto/internal/plan"
)

// planNew shows the form for a new plan of a client the user may make
// one for. The query may preset the kind and start date (a completed
// assessment links here with its kind and planned plan date); anything
// else in it is ignored, and the form is validated on save as always.
func (h *Handler) planNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.Plans.NewForm(r.Context(), actor(r), id); err != nil {
		h.failOrReason(w, r, err, plansPath(id, "new"))
		return
	}
	c := plan.Content{Kind: plan.KindBasic}
	q := r.URL.Query()
	if k := q.Get("kind"); slices.Contains(plan.Kinds, k) {
		c.Kind = k
	}
	if d, err := civil.ParseDate(q.Get("startDate")); err == nil {
		c.StartDate = d
	}
	m := h.planForm(r, id, c, nil, formErrors{})
	h.render(w, r, http.StatusOK, "plan_form", m)
}
