package api

import (
	"net/http"

	"koto/internal/access"
)

// listConsents answers a client's consents, newest first, with their
// withdrawals.
func (a *API) listConsents(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	cs, err := a.Consents.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	today := todayInFinland()
	out := consentsJSON{Items: make([]consentJSON, 0, len(cs))}
	for _, c := range cs {
		out.Items = append(out.Items, consentOut(c, today))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
