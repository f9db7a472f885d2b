package api

import (
	"net/http"

	"koto/internal/access"
)

// getPlanVersion answers version n of a plan exactly as it was saved,
// with the warnings it was given and their acknowledgements.
func (a *API) getPlanVersion(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	v, err := a.Plans.GetVersion(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"), planVersionParam(r, "n"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(v.Number))
	writeJSON(w, http.StatusOK, planVersionOut(a.printer(r), v))
	return nil
}
