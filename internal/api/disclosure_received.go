package api

import (
	"net/http"

	"koto/internal/access"
)

// receivedDisclosures answers a provider's user the packages addressed to
// their organisation, newest first.
func (a *API) receivedDisclosures(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	rs, err := a.Disclosures.Inbox(r.Context(), actor)
	if err != nil {
		return err
	}
	out := receivedListJSON{Items: make([]receivedJSON, 0, len(rs))}
	for _, x := range rs {
		out.Items = append(out.Items, receivedOut(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// receivedDisclosure answers one package addressed to the caller's
// organisation; 404 for any other.
func (a *API) receivedDisclosure(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	p, err := a.Disclosures.Package(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, packageJSON{ID: p.ID, At: p.At, From: fromJSON{Code: p.FromCode, Name: p.FromName}, ContentHash: p.Hash, Package: p.Package})
	return nil
}
