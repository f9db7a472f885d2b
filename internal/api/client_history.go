package api

import (
	"net/http"

	"koto/internal/access"
)

// clientHistory answers the change history of a client, newest first.
// Values the caller may not see (the HETU; an address under protection,
// current or former) come as hidden, as the service decides for every
// surface.
func (a *API) clientHistory(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	changes, err := a.Clients.History(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]changeJSON, len(changes))
	for i, c := range changes {
		out[i] = changeJSON{At: c.At.UTC(), User: c.Username, Field: c.Field, Hidden: c.Hidden}
		if !c.Hidden {
			out[i].OldValue, out[i].NewValue = ptr(c.OldValue), ptr(c.NewValue)
		}
		if c.Field == "permits" && c.Legible {
			out[i].OldPermits, out[i].NewPermits = permitRecords(c.OldPermits), permitRecords(c.NewPermits)
		}
	}
	writeJSON(w, http.StatusOK, itemsJSON[changeJSON]{Items: out})
	return nil
}
