package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/subjectrequest"
)

// actOnSubjectRequest performs the action of the path's last segment on
// a request — identity, extension, handler, delivered, withdrawn,
// decision — and answers 200 with the request. A decision before the
// identity is verified, on a closed request, or an erasure of a client on
// legal hold is 409; granting an erasure request erases the client and
// answers the kept record.
func (a *API) actOnSubjectRequest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in subjectRequestAction
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	svc, ctx, id := a.SubjectRequests, r.Context(), r.PathValue("requestId")
	var req subjectrequest.Request
	switch r.PathValue("action") {
	case "identity":
		req, err = svc.Verify(ctx, actor, id, val(in.Method))
	case "extension":
		req, err = svc.Extend(ctx, actor, id, subjectrequest.ExtensionInput{Until: val(in.Until), Reason: val(in.Reason), Informed: val(in.Informed)})
	case "handler":
		req, err = svc.Route(ctx, actor, id, val(in.Handler))
	case "delivered":
		req, err = svc.Deliver(ctx, actor, id)
	case "withdrawn":
		req, err = svc.Withdraw(ctx, actor, id)
	case "decision":
		req, err = svc.Decide(ctx, actor, id, subjectrequest.DecisionInput{Decision: val(in.Decision), Reason: val(in.Reason), Outcome: val(in.Outcome)})
	default:
		return apperr.ErrNotFound()
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, subjectRequestOut(req))
	return nil
}
