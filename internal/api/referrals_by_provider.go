package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/referral"
)

// referralsByProvider lists the organisation's referrals to the provider
// ?provider=CODE, optionally in ?status=: 200 with {"items": [...]}, each
// with the client's name and without events.
func (a *API) referralsByProvider(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	q := r.URL.Query()
	rs, err := a.Referrals.ByProvider(r.Context(), actor, q.Get("provider"), referral.Status(q.Get("status")))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": referralsOut(rs, false)})
	return nil
}
