package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/note"
)

// createNote writes a case note: 201 with the note and Location.
func (a *API) createNote(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in noteInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	n, err := a.Notes.Create(r.Context(), actor, id, note.Input{Type: val(in.Type), Date: val(in.Date), Text: val(in.Text), Sensitive: val(in.Sensitive)})
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/clients/"+id+"/notes/"+n.ID)
	writeJSON(w, http.StatusCreated, noteOut(n))
	return nil
}
