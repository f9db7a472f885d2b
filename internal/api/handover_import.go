package api

import (
	"net/http"

	"koto/internal/access"
)

// importedJSON answers an import: the client the document made.
type importedJSON struct {
	ClientID string `json:"clientId"`
	Created  bool   `json:"created"`
}

// importHandover imports one koto-integration-records v1 document: 201
// with the new client, or 200 with the client an earlier import of the
// same document made (nothing new is stored). The document is validated
// whole before anything is stored; an invalid one is 422 with every
// invalid field by its path in the document.
func (a *API) importHandover(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	out, err := a.Handover.Import(r.Context(), actor, body)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if out.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, importedJSON{ClientID: out.ClientID, Created: out.Created})
	return nil
}
