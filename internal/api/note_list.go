package api

import (
	"net/http"

	"koto/internal/access"
)

// listNotes answers a client's case notes, newest first. With ?purpose=
// (one of access.Purposes) a caller who may open sensitive notes gets
// their text too, and the access-log entry records the purpose.
func (a *API) listNotes(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	l, err := a.Notes.List(r.Context(), actor, r.PathValue("id"), r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	out := notesJSON{Items: make([]noteJSON, 0, len(l.Notes)), SensitiveOpened: l.Opened}
	for _, n := range l.Notes {
		out.Items = append(out.Items, noteOut(n))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
