package api

import (
	"net/http"

	"koto/internal/access"
)

// listTransfers answers the organisation's incoming and outgoing transfer
// requests, newest first.
func (a *API) listTransfers(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ts, err := a.Handover.Transfers(r.Context(), actor)
	if err != nil {
		return err
	}
	out := transfersJSON{Items: make([]transferJSON, 0, len(ts))}
	for _, t := range ts {
		out.Items = append(out.Items, transferOut(t, actor.OrgID))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// getTransfer answers one request the organisation is a party to.
func (a *API) getTransfer(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	t, err := a.Handover.Transfer(r.Context(), actor, r.PathValue("transferId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, transferOut(t, actor.OrgID))
	return nil
}
