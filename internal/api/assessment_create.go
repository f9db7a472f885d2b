package api

import (
	"net/http"

	"koto/internal/access"
)

// createAssessment starts an assessment: 201 with it.
func (a *API) createAssessment(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in assessmentInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	x, err := a.Assessments.Create(r.Context(), actor, r.PathValue("id"), in.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, assessmentOut(x))
	return nil
}
