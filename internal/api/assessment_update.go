package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
)

// updateAssessment replaces a draft (or completes it with status
// "completed"): 200, 409 for a completed one or a stale version.
func (a *API) updateAssessment(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in assessmentInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return apperr.InvalidField("version", "validation.required")
	}
	x, err := a.Assessments.Update(r.Context(), actor, r.PathValue("id"), r.PathValue("assessmentId"), in.domain())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, assessmentOut(x))
	return nil
}
