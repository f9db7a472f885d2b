package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/authority"
)

// createDisclosureRequest registers an authority's request for the
// client's data: 201 with the request. A request without the provision
// the authority relies on is 422 (authority.provision_required).
func (a *API) createDisclosureRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in disclosureRequestInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	req, err := a.Authority.Register(r.Context(), actor, r.PathValue("id"), authority.Input{Requester: val(in.Requester),
		Provision: val(in.Provision), Received: val(in.Received), Channel: val(in.Channel), Items: in.Items})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, disclosureRequestOut(req))
	return nil
}
