package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/services"
)

// createService adds a service to the organisation's own catalogue: 201
// with the service; a taken code is 409.
func (a *API) createService(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in serviceInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	s, err := a.Referrals.AddService(r.Context(), actor, services.Kind{Code: in.Code, Names: in.Names})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, serviceOut(s))
	return nil
}
