package api

import (
	"net/http"

	"koto/internal/access"
)

// undoMerge undoes the unconfirmed merge into {id}, restoring both
// records: 204; 409 when none is open.
func (a *API) undoMerge(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if err := a.Clients.UndoMerge(r.Context(), actor, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
