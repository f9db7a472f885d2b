package api

import (
	"net/http"

	"koto/internal/access"
)

// getBackground answers the client's background (version 0 when none).
func (a *API) getBackground(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	b, err := a.Assessments.Background(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, backgroundOut(b))
	return nil
}
