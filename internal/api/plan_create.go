package api

import (
	"net/http"

	"koto/internal/access"
)

// createPlan makes a plan: 201 with its version 1 and the rule warnings
// (code, message in the caller's language, law). Warnings never refuse.
func (a *API) createPlan(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in planInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	c, err := in.content()
	if err != nil {
		return err
	}
	v, err := a.Plans.Create(r.Context(), actor, r.PathValue("id"), c)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(v.Number))
	w.Header().Set("Location", Prefix+"/clients/"+v.ClientID+"/plans/"+v.PlanID)
	writeJSON(w, http.StatusCreated, planVersionOut(a.printer(r), v))
	return nil
}
