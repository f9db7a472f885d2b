package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/assessment"
)

// putBackground records the background: 200 with it, 409 for a stale
// version.
func (a *API) putBackground(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in backgroundJSON
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	b, err := a.Assessments.SaveBackground(r.Context(), actor, r.PathValue("id"), assessment.Background{Education: in.Education, Work: in.Work,
		Literacy: assessment.Literacy(in.Literacy), OtherCompetences: in.OtherCompetences, TargetOccupation: in.TargetOccupation,
		UnemployedMonths: in.UnemployedMonths, Version: in.Version})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, backgroundOut(b))
	return nil
}
