package web

import (
	"net/http"
	"strconv"
)

// planShow shows a plan's current version; planVersionShow an earlier
// version exactly as it was saved. One read, one log entry.
func (h *Handler) planShow(w http.ResponseWriter, r *http.Request) { h.planPageShow(w, r, 0) }

func (h *Handler) planVersionShow(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		n = -1
	}
	h.planPageShow(w, r, n)
}

func (h *Handler) planPageShow(w http.ResponseWriter, r *http.Request, n int) {
	id, planID := r.PathValue("id"), r.PathValue("planId")
	p, v, err := h.Plans.Show(r.Context(), actor(r), id, planID, n)
	if err != nil {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	h.render(w, r, http.StatusOK, "plan", h.planModel(r, id, p, v))
}
