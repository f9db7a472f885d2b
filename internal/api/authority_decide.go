package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/authority"
)

// decideDisclosureRequest approves or refuses a request
// ({"decision": "approve"|"refuse", "reason"}): 200 with the request and
// its decision. The user who registered it may not decide it (403); a
// decided request is 409.
func (a *API) decideDisclosureRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in disclosureDecisionInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	req, err := a.Authority.Decide(r.Context(), actor, r.PathValue("id"), r.PathValue("requestId"),
		authority.DecisionInput{Decision: val(in.Decision), Reason: val(in.Reason)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, disclosureRequestOut(req))
	return nil
}
