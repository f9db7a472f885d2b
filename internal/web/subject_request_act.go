package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/subjectrequest"
)

// subjectRequestAct performs the form's action on a request — identity,
// extension, handler, delivered, withdrawn, decision — and returns to the
// request. A form with errors, and a refusal such as a decision before
// the identity is verified or an erasure of a client on legal hold, comes
// back on the page at that form with what was typed.
func (h *Handler) subjectRequestAct(w http.ResponseWriter, r *http.Request) {
	id, action := r.PathValue("requestId"), r.PathValue("action")
	in := subjectRequestForms{Action: action, Method: r.PostFormValue("method"), Handler: r.PostFormValue("handler"),
		Extension: subjectrequest.ExtensionInput{Until: r.PostFormValue("until"), Reason: r.PostFormValue("reason"), Informed: r.PostFormValue("informed")},
		Decision:  subjectrequest.DecisionInput{Decision: r.PostFormValue("decision"), Reason: r.PostFormValue("reason"), Outcome: r.PostFormValue("outcome")}}
	svc, ctx, a := h.SubjectRequests, r.Context(), actor(r)
	var err error
	switch action {
	case "identity":
		_, err = svc.Verify(ctx, a, id, in.Method)
	case "extension":
		_, err = svc.Extend(ctx, a, id, in.Extension)
	case "handler":
		_, err = svc.Route(ctx, a, id, in.Handler)
	case "delivered":
		_, err = svc.Deliver(ctx, a, id)
	case "withdrawn":
		_, err = svc.Withdraw(ctx, a, id)
	case "decision":
		_, err = svc.Decide(ctx, a, id, in.Decision)
	default:
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/subject-requests/"+id, http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || (ae.Kind != apperr.Invalid && ae.Kind != apperr.Conflict) {
		h.fail(w, r, err)
		return
	}
	v, gerr := svc.Get(ctx, a, id)
	if gerr != nil {
		h.fail(w, r, gerr)
		return
	}
	pg := h.newPage(r, "subjectrequest.request.title")
	pg.Here = "/subject-requests/" + id
	var errs formErrors
	if ae.Kind == apperr.Invalid {
		errs.addAll(pg.p, ae.Fields, nil)
	} else {
		field := map[string]string{"identity": "method", "extension": "until", "handler": "handler", "decision": "decision"}[action]
		if field == "" {
			field = "decision"
		}
		errs.add(field, pg.T(ae.Key))
	}
	h.render(w, r, httpx.Status(err), "subject_request", subjectRequestModel(pg, a, v, in, errs))
}
