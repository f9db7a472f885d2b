package api

import (
	"net/http"

	"koto/internal/access"
)

// listServices lists the organisation's service catalogue, the national
// list first: 200 with {"items": [...]}.
func (a *API) listServices(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ss, err := a.Referrals.Services(r.Context(), actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": servicesOut(ss)})
	return nil
}
