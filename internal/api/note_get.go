package api

import (
	"net/http"

	"koto/internal/access"
)

// getNote answers one case note of the client, opened as listNotes does.
// A note of another client is the same 404 as a missing one.
func (a *API) getNote(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	n, err := a.Notes.Get(r.Context(), actor, r.PathValue("id"), r.PathValue("noteId"), r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, noteOut(n))
	return nil
}
