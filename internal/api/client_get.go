package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/gate"
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
	// The gate notes the restriction during the read itself: one read,
	// one log entry.
	ctx, obs := gate.Observe(r.Context())
	c, err := a.Clients.Get(ctx, actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	_, restricted := obs.Restricted(c.ID)
	w.Header().Set("ETag", etag(c.Version))
	writeJSON(w, http.StatusOK, clientWithRestriction{clientJSON: clientOut(c), Restricted: restricted})
	return nil
}
