package api

import (
	"net/http"

	"koto/internal/access"
)

// listDisclosureRequests answers a client's authority requests, newest
// first, with their decisions.
func (a *API) listDisclosureRequests(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	rs, err := a.Authority.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := disclosureRequestsJSON{Items: make([]disclosureRequestJSON, 0, len(rs))}
	for _, req := range rs {
		out.Items = append(out.Items, disclosureRequestOut(req))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
