package api

import (
	"net/http"

	"koto/internal/access"
)

// getAssessment answers one assessment of the client; another client's is 404.
func (a *API) getAssessment(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	x, err := a.Assessments.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("assessmentId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, assessmentOut(x))
	return nil
}
