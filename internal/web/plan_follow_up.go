package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/httpx"
)

// planFollowUp appends a follow-up entry (no new version) and returns to
// the plan; an invalid entry shows the plan again with the errors.
func (h *Handler) planFollowUp(w http.ResponseWriter, r *http.Request) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	rawDate, text := r.PostFormValue("date"), r.PostFormValue("text")
	var d civil.Date
	if s := strings.TrimSpace(rawDate); s != "" {
		var err error
		if d, err = civil.ParseDate(s); err != nil {
			d = civil.Date{Year: 1} // invalid: the service says so after authorizing
		}
	}
	_, err := h.Plans.AddFollowUp(r.Context(), actor(r), id, planID, d, text)
	if err == nil {
		http.Redirect(w, r, plansPath(id, planID)+"#follow-ups", http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, plansPath(id, planID))
		return
	}
	p, v, err := h.Plans.Show(r.Context(), actor(r), id, planID, 0)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := h.planModel(r, id, p, v)
	m.Here = plansPath(id, planID)
	m.Errors.addAll(m.p, ae.Fields, nil)
	m.setFollowUpForm(rawDate, text)
	h.render(w, r, httpx.Status(ae), "plan", m)
}
