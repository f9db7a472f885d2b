package api

import (
	"net/http"

	"koto/internal/access"
)

// listDisclosures answers the client's disclosure log, newest first,
// without content.
func (a *API) listDisclosures(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	es, err := a.Disclosures.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := disclosuresJSON{Items: make([]disclosureJSON, 0, len(es))}
	for _, e := range es {
		out.Items = append(out.Items, disclosureOut(e, false))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
