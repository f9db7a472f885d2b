package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/authority"
	"koto/internal/gate"
	"koto/internal/httpx"
)

// authorityDecide records the decision of the form on one request and
// returns to the list. An invalid form, a decision by the user who
// registered the request and one on a decided request come back on the
// list with the error at the decision.
func (h *Handler) authorityDecide(w http.ResponseWriter, r *http.Request) {
	id, reqID := r.PathValue("id"), r.PathValue("requestId")
	in := authority.DecisionInput{Decision: r.PostFormValue("decision"), Reason: r.PostFormValue("reason")}
	_, err := h.Authority.Decide(r.Context(), actor(r), id, reqID, in)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, authorityPath(id), http.StatusSeeOther)
		return
	}
	pg := h.newPage(r, "authority.title")
	var errs formErrors
	ae, ok := apperr.As(err)
	switch msg, refused := decideRefusal(pg, err); {
	case ok && ae.Kind == apperr.Invalid:
		errs.addAll(pg.p, ae.Fields, nil)
	case refused && !gate.IsReasonRequired(err):
		errs.add("decision", msg)
	default:
		h.failOrReason(w, r, err, authorityPath(id))
		return
	}
	rs, lerr := h.Authority.List(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, authorityPath(id))
		return
	}
	pg.Here = authorityPath(id)
	h.render(w, r, httpx.Status(err), "authority", authorityModel(pg, actor(r), id, rs, authority.Input{}, formErrors{}, reqID, in, errs))
}
