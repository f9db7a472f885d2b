package api

import (
	"net/http"

	"koto/internal/access"
)

// getConsent answers one consent of the client. PUT, PATCH and DELETE
// answer 405: consents are never changed.
func (a *API) getConsent(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	c, err := a.Consents.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("consentId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, consentOut(c, todayInFinland()))
	return nil
}
