package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/subjectrequest"
)

// createSubjectRequest registers a data subject's request of the client:
// 201 with the request.
func (a *API) createSubjectRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in subjectRequestInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	req, err := a.SubjectRequests.Register(r.Context(), actor, r.PathValue("id"), subjectrequest.Input{Kind: val(in.Kind),
		Channel: val(in.Channel), Received: val(in.Received), Details: val(in.Details), Language: val(in.Language)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, subjectRequestOut(req))
	return nil
}
