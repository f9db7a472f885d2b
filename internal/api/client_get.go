package api

import (
	"net/http"

	"koto/internal/access"
)

// clientWithRestriction is a client as GET /clients/{id} answers it:
// the client and whether its processing is restricted (ADR 40).
type clientWithRestriction struct {
	clientJSON
	Restricted bool `json:"restricted"`
}

// getClient answers one client with its restriction status. Unknown ids
// and clients of other organisations are the same 404.
func (a *API) getClient(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	c, err := a.Clients.Get(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	st, err := a.Restrictions.Status(r.Context(), actor, c.ID)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(c.Version))
	writeJSON(w, http.StatusOK, clientWithRestriction{clientJSON: clientOut(c), Restricted: st.Restricted})
	return nil
}
