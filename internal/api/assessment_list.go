package api

import (
	"net/http"

	"koto/internal/access"
)

// listAssessments answers the client's assessments with the legal window.
func (a *API) listAssessments(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	list, win, err := a.Assessments.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := assessmentListJSON{Window: windowOut(win), Assessments: make([]assessmentJSON, 0, len(list))}
	for _, x := range list {
		out.Assessments = append(out.Assessments, assessmentOut(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
