package api

import (
	"net/http"

	"koto/internal/access"
)

// getDisclosure answers one of the client's disclosures with its content.
// PUT, PATCH and DELETE answer 405: disclosures are never changed.
func (a *API) getDisclosure(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	e, err := a.Disclosures.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("disclosureId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, disclosureOut(e, true))
	return nil
}
