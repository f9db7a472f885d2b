package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/consent"
)

// withdrawConsent records the withdrawal of a consent: 200 with the
// consent. The body is optional ({"date", "channel"}); without a date the
// withdrawal is dated today. It takes effect at once.
func (a *API) withdrawConsent(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	var in withdrawalInput
	if r.ContentLength != 0 {
		body, err := readBody(w, r, mediaJSON)
		if err != nil {
			return err
		}
		if err := decodeStrict(body, &in); err != nil {
			return err
		}
	}
	c, err := a.Consents.Withdraw(r.Context(), actor, r.PathValue("id"), r.PathValue("consentId"),
		consent.WithdrawalInput{Date: val(in.Date), Channel: val(in.Channel)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, consentOut(c, todayInFinland()))
	return nil
}
