package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/consent"
)

// createConsent records a consent the client gave: 201 with the consent.
// Consents are never changed or deleted, so PUT, PATCH and DELETE on a
// consent answer 405; a withdrawal is recorded with createWithdrawal.
func (a *API) createConsent(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in consentInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	c, err := a.Consents.Give(r.Context(), actor, r.PathValue("id"), consent.Input{Type: val(in.Type), Given: val(in.Given),
		Scope: val(in.Scope), Channel: val(in.Channel), TextVersion: val(in.TextVersion)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, consentOut(c, todayInFinland()))
	return nil
}
