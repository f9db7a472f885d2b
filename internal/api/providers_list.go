package api

import (
	"net/http"

	"koto/internal/access"
)

// listProviders lists the service providers referrals may name: 200 with
// {"items": [...]}.
func (a *API) listProviders(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ps, err := a.Referrals.Providers(r.Context(), actor)
	if err != nil {
		return err
	}
	items := make([]providerJSON, len(ps))
	for i, p := range ps {
		items[i] = providerJSON{Code: p.Code, Name: p.Name}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
