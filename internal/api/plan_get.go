package api

import (
	"net/http"

	"koto/internal/access"
)

// getPlan answers a plan's current version with the list of versions and
// the follow-up entries; the ETag is the version, for If-Match on PUT.
func (a *API) getPlan(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	p, err := a.Plans.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(p.Number))
	writeJSON(w, http.StatusOK, planOut(a.printer(r), p))
	return nil
}
