package api

import (
	"net/http"

	"koto/internal/access"
)

// getDisclosureRequest answers one authority request of the client. PUT,
// PATCH and DELETE answer 405: requests are never changed.
func (a *API) getDisclosureRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	req, err := a.Authority.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("requestId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, disclosureRequestOut(req))
	return nil
}
