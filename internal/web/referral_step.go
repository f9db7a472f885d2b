package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/referral"
)

// referralStep records the next step of a client's referral — the button
// pressed names it — and returns to the client's referrals
// (referral.update). An impossible step (a page left open while someone
// else moved the referral on) shows the page again with the error.
func (h *Handler) referralStep(w http.ResponseWriter, r *http.Request) {
	id, rid := r.PathValue("id"), r.PathValue("referralId")
	in := referralForm{StepOf: rid, StepDate: r.PostFormValue("date"), StepReason: r.PostFormValue("reason")}
	var v apperr.Validation
	date := parseDateField(&v, "date", in.StepDate)
	if err := v.Err(); err != nil {
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), v.Fields, func(f string) string { return stepField(rid, f) })
		h.showReferrals(w, r, http.StatusUnprocessableEntity, errs, in)
		return
	}
	_, err := h.Referrals.AddStep(r.Context(), actor(r), id, rid, referral.Step{Status: referral.Status(r.PostFormValue("status")), Date: date, Reason: in.StepReason})
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.Conflict) {
		var errs formErrors
		p := h.catalog.Printer(language(r))
		errs.addAll(p, ae.Fields, func(f string) string { return stepField(rid, f) })
		if !errs.Any() {
			errs.add(stepField(rid, "status"), p.T(ae.Key))
		}
		h.showReferrals(w, r, httpx.Status(err), errs, in)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/referrals", http.StatusSeeOther)
}
