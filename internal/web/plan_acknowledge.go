package web

import (
	"net/http"
	"strconv"
)

// planAcknowledge records that the user has seen a warning of a version
// and returns to that version's page.
func (h *Handler) planAcknowledge(w http.ResponseWriter, r *http.Request) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		n = -1
	}
	if err := h.Plans.Acknowledge(r.Context(), actor(r), id, planID, n, r.PathValue("code")); err != nil {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	back := plansPath(id, planID)
	if r.PostFormValue("current") != "1" {
		back = plansPath(id, planID, "versions", strconv.Itoa(n))
	}
	http.Redirect(w, r, back+"#warnings", http.StatusSeeOther)
}
