package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/referral"
)

// referralCreate refers the client to a provider's service and returns to
// the client's referrals (referral.create).
func (h *Handler) referralCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := referralForm{Provider: r.PostFormValue("provider"), Service: r.PostFormValue("service"), Date: r.PostFormValue("date")}
	var v apperr.Validation
	date := parseDateField(&v, "date", in.Date)
	_, err := h.Referrals.Create(r.Context(), actor(r), id, referral.NewReferral{Provider: in.Provider, Service: in.Service, Date: date})
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		var errs formErrors
		p := h.catalog.Printer(language(r))
		errs.addAll(p, v.Fields, nil) // a typed date that does not parse, first
		errs.addAll(p, ae.Fields, nil)
		h.showReferrals(w, r, http.StatusUnprocessableEntity, errs, in)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/referrals", http.StatusSeeOther)
}
