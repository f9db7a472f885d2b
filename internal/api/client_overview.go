package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/overview"
)

// overviewJSON is a client's overview: the client as GET /clients/{id}
// answers it, the current plan (null when none), the open referrals and
// the latest timeline events.
type overviewJSON struct {
	Client    clientJSON          `json:"client"`
	Plan      *planJSON           `json:"plan"`
	Referrals []referralJSON      `json:"referrals"`
	Timeline  []timelineEventJSON `json:"timeline"`
}

// clientOverview answers the overview in one read with one access-log
// entry. Unknown ids and clients of other organisations are the same 404.
func (a *API) clientOverview(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	o, err := a.Overview.Get(r.Context(), actor, r.PathValue("id"), overview.ForAPI)
	if err != nil {
		return err
	}
	out := overviewJSON{Client: clientOut(o.Card.Client), Referrals: referralsOut(o.Referrals, false), Timeline: timelineOut(o.Timeline)}
	if out.Referrals == nil {
		out.Referrals = []referralJSON{}
	}
	if o.Plan != nil {
		p := planVersionOut(a.printer(r), *o.Plan)
		out.Plan = &p
	}
	w.Header().Set("ETag", etag(o.Card.Version))
	writeJSON(w, http.StatusOK, out)
	return nil
}
