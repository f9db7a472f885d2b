package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/referral"
)

// createReferral refers a client to a provider's service: 201 with the
// referral, status proposed.
func (a *API) createReferral(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in referralInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	ref, err := a.Referrals.Create(r.Context(), actor, r.PathValue("id"), referral.NewReferral{Provider: in.Provider, Service: in.Service, Date: in.Date})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, referralOut(ref, true))
	return nil
}
