package api

import (
	"net/http"

	"koto/internal/access"
)

// confirmMerge makes the unconfirmed merge into {id} final: 204; 403 for
// the supervisor who merged (four eyes), 409 when none is open.
func (a *API) confirmMerge(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if err := a.Clients.ConfirmMerge(r.Context(), actor, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
