package api

import (
	"net/http"
	"strings"

	"koto/internal/access"
)

// clientHistory answers the change history of a client, newest first.
//
// The values of address fields are withheld from callers without the right
// to see a protected address: the history does not say whether the client
// was protected when the change was made, and a turvakielto address must
// not leak through it.
func (a *API) clientHistory(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	changes, err := a.clients.History(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	maySeeAddress := actor.Can(access.ClientReadProtectedAddress)
	out := make([]changeJSON, len(changes))
	for i, c := range changes {
		out[i] = changeJSON{At: c.At.UTC(), User: c.Username, Field: c.Field}
		if c.Encrypted || (!maySeeAddress && strings.HasPrefix(c.Field, "address.")) {
			out[i].Hidden = true
			continue
		}
		out[i].OldValue, out[i].NewValue = ptr(c.OldValue), ptr(c.NewValue)
	}
	writeJSON(w, http.StatusOK, itemsJSON[changeJSON]{Items: out})
	return nil
}
