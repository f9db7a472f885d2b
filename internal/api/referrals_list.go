package api

import (
	"net/http"

	"koto/internal/access"
)

// listReferrals lists a client's referrals with their events, newest
// first: 200 with {"items": [...]}.
func (a *API) listReferrals(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ov, err := a.Referrals.ClientReferrals(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": referralsOut(ov.Referrals, true)})
	return nil
}
