package api

import (
	"net/http"

	"koto/internal/access"
)

// clientAccessLog answers who accessed a client, newest first. A caller
// without audit.read_client gets the same 404 as for an unknown client.
func (a *API) clientAccessLog(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	entries, err := a.Clients.AccessLog(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsJSON[accessLogEntryJSON]{Items: accessLogOut(entries)})
	return nil
}
