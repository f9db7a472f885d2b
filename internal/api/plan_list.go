package api

import (
	"net/http"

	"koto/internal/access"
)

// listPlans lists a client's plans, newest start first.
func (a *API) listPlans(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ps, err := a.Plans.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]planSummaryJSON, 0, len(ps))
	for _, p := range ps {
		out = append(out, planSummaryJSON(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}
