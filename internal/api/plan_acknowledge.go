package api

import (
	"net/http"

	"koto/internal/access"
)

// acknowledgePlanWarning records that the caller has seen warning {code}
// of version {n}: 204. Acknowledging again changes nothing.
func (a *API) acknowledgePlanWarning(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	err := a.Plans.Acknowledge(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"), planVersionParam(r, "n"), r.PathValue("code"))
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
