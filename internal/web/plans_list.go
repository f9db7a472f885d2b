package web

import (
	"net/http"

	"koto/internal/access"
)

// plansList shows a client's integration plans.
func (h *Handler) plansList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ps, err := h.Plans.List(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, plansPath(id))
		return
	}
	m := planListPage{page: h.newPage(r, "plan.list_title"), ClientID: id, CanCreate: actor(r).Can(access.PlanCreate)}
	for _, p := range ps {
		row := planRow{URL: plansPath(id, p.ID), Kind: m.T("plan.kind." + p.Kind), Period: dateText(p.StartDate) + " – " + dateText(p.EndDate), Version: p.Version}
		if !p.ClosedOn.IsZero() {
			row.Closed = dateText(p.ClosedOn)
		}
		m.Plans = append(m.Plans, row)
	}
	h.render(w, r, http.StatusOK, "plans", m)
}
