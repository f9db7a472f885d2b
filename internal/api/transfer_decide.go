package api

import (
	"net/http"

	"koto/internal/access"
)

// acceptTransfer accepts a request addressed to the organisation: the
// records are imported and the answer names the new client.
func (a *API) acceptTransfer(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	t, err := a.Handover.Accept(r.Context(), actor, r.PathValue("transferId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transferOut(t, actor.OrgID))
	return nil
}

// refuseTransfer refuses a request addressed to the organisation with
// {"reason": CODE}.
func (a *API) refuseTransfer(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in refusalInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t, err := a.Handover.Refuse(r.Context(), actor, r.PathValue("transferId"), val(in.Reason))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transferOut(t, actor.OrgID))
	return nil
}
