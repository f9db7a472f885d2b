package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/disclosure"
)

// createDisclosure records the 18-item package to the provider of one of
// the client's referrals: 201 with the disclosure (id, items disclosed,
// contentHash). Disclosures are never changed, so PUT, PATCH and DELETE
// on one answer 405.
func (a *API) createDisclosure(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in disclosureInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	d, err := a.Disclosures.Disclose(r.Context(), actor, r.PathValue("id"), disclosure.ProviderInput{Recipient: val(in.Recipient),
		Basis: val(in.Basis), ReferralID: val(in.ReferralID), FreeText: disclosure.FreeText{EarlierStudyPlan: val(in.EarlierStudyPlan),
			ContinuationMeasures: val(in.ContinuationMeasures), OtherNecessary: val(in.OtherNecessary)}})
	if err != nil {
		return err
	}
	name := actor.DisplayName
	if name == "" {
		name = actor.Username
	}
	writeJSON(w, http.StatusCreated, disclosureOut(disclosure.Entry{Disclosure: d, RecipientCode: val(in.Recipient), UserName: name}, false))
	return nil
}
