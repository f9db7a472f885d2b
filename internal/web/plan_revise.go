package web

import (
	"net/http"
	"strconv"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/plan"
)

type planContent = plan.Content

// planRevise saves the form as the plan's next version; the form carries
// the version it was made from, so a plan changed meanwhile is not
// overwritten (the form comes back with a notice).
func (h *Handler) planRevise(w http.ResponseWriter, r *http.Request) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 1 {
		version = -1 // never overwrite blindly
	}
	c, raw, bad := planFromForm(r)
	if len(bad) > 0 {
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), bad, planField)
		m := h.reviseForm(r, id, planID, version, c, raw, errs)
		h.render(w, r, http.StatusUnprocessableEntity, "plan_form", m)
		return
	}
	_, err = h.Plans.Revise(r.Context(), actor(r), id, planID, version, c)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, plansPath(id, planID), http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || (ae.Kind != apperr.Invalid && ae.Kind != apperr.Conflict) {
		h.failOrReason(w, r, err, plansPath(id, planID))
		return
	}
	var errs formErrors
	errs.addAll(h.catalog.Printer(language(r)), ae.Fields, planField)
	m := h.reviseForm(r, id, planID, version, c, raw, errs)
	if len(ae.Fields) == 0 {
		m.Notice = m.T(ae.Key)
	}
	h.render(w, r, httpx.Status(err), "plan_form", m)
}
