package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/consent"
	"koto/internal/httpx"
)

// consentWithdraw records the confirmed withdrawal and returns to the
// list, where the consent shows as withdrawn; a form with errors comes
// back on the confirmation.
func (h *Handler) consentWithdraw(w http.ResponseWriter, r *http.Request) {
	id, consentID := r.PathValue("id"), r.PathValue("consentId")
	in := consent.WithdrawalInput{Date: r.PostFormValue("date"), Channel: r.PostFormValue("channel")}
	var err error
	switch {
	case in.Date == "":
		err = apperr.InvalidField("date", "validation.required")
	case in.Channel == "":
		err = apperr.InvalidField("channel", "validation.required")
	default:
		_, err = h.Consents.Withdraw(r.Context(), actor(r), id, consentID, in)
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id+"/consents#consent-"+consentID, http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, "/clients/"+id+"/consents")
		return
	}
	pg := h.newPage(r, "consents.withdraw.title")
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.showWithdrawForm(w, r, httpx.Status(err), in, errs)
}
