package api

import (
	"net/http"

	"koto/internal/access"
)

// amendNote adds an amendment to a case note, which stays as written:
// 201 with the amendment. Notes are never changed or deleted, so PUT,
// PATCH and DELETE on a note answer 405.
func (a *API) amendNote(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in amendmentInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	am, err := a.Notes.Amend(r.Context(), actor, r.PathValue("id"), r.PathValue("noteId"), val(in.Text))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, amendmentOut(am))
	return nil
}
