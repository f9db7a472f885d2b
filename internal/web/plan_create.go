package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// planCreate saves a new plan and shows it with the warnings the rules
// gave.
func (h *Handler) planCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, raw, bad := planFromForm(r)
	v, err := h.Plans.Create(r.Context(), actor(r), id, c)
	if err == nil && len(bad) == 0 {
		http.Redirect(w, r, plansPath(id, v.PlanID), http.StatusSeeOther)
		return
	}
	if len(bad) > 0 && err == nil {
		// Unreachable in practice: a date that did not parse is empty,
		// and the plan's required dates then fail validation.
		err = &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: bad}
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	var errs formErrors
	errs.addAll(h.catalog.Printer(language(r)), append(bad, ae.Fields...), planField)
	m := h.planForm(r, id, c, raw, errs)
	m.Here = plansPath(id, "new")
	h.render(w, r, httpx.Status(err), "plan_form", m)
}
