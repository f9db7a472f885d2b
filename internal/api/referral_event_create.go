package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/referral"
)

// createReferralEvent records the next step of a client's referral: 201
// with the referral; an impossible step is 422 on status.
func (a *API) createReferralEvent(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in referralEventInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	ref, err := a.Referrals.AddStep(r.Context(), actor, r.PathValue("id"), r.PathValue("referralId"),
		referral.Step{Status: referral.Status(in.Status), Date: in.Date, Reason: in.Reason})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, referralOut(ref, true))
	return nil
}
