package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/subjectrequest"
)

// listSubjectRequests answers the organisation's data subject's requests
// (?status=open|received|…&kind=…), open ones first by deadline.
func (a *API) listSubjectRequests(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	q := r.URL.Query()
	rs, err := a.SubjectRequests.List(r.Context(), actor, subjectrequest.Filter{Status: q.Get("status"), Kind: q.Get("kind")})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, subjectRequestList{Items: subjectRequestsOut(rs)})
	return nil
}

// clientSubjectRequests answers one client's requests.
func (a *API) clientSubjectRequests(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	rs, err := a.SubjectRequests.ForClient(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, subjectRequestList{Items: subjectRequestsOut(rs)})
	return nil
}

// getSubjectRequest answers one request (or the kept record of one).
func (a *API) getSubjectRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	v, err := a.SubjectRequests.Get(r.Context(), actor, r.PathValue("requestId"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, subjectRequestOut(v.Request))
	return nil
}
