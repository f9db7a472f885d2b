package api

import (
	"net/http"

	"koto/internal/access"
)

// requestTransfer records the request to transfer the client to the
// municipality {"to": CODE}: 201 with the request.
func (a *API) requestTransfer(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in transferInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t, err := a.Handover.Request(r.Context(), actor, r.PathValue("id"), val(in.To))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, transferOut(t, actor.OrgID))
	return nil
}
