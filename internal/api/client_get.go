package api

import (
	"net/http"

	"koto/internal/access"
)

// getClient answers one client. Unknown ids and clients of other
// organisations are the same 404.
func (a *API) getClient(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	c, err := a.Clients.Get(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c.Version))
	writeJSON(w, http.StatusOK, clientOut(c))
	return nil
}
