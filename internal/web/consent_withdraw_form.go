package web

import (
	"net/http"
	"time"

	"koto/internal/civil"
	"koto/internal/consent"
)

// consentWithdrawPage is the confirmation of a withdrawal: the consent,
// the day and the channel of the withdrawal.
type consentWithdrawPage struct {
	page
	ID      string
	Consent consentRow
	Errors  formErrors
	Fields  []field
}

// consentWithdrawForm asks the user to confirm the withdrawal of a
// consent, with its date (today by default) and channel.
func (h *Handler) consentWithdrawForm(w http.ResponseWriter, r *http.Request) {
	today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
	h.showWithdrawForm(w, r, http.StatusOK, consent.WithdrawalInput{Date: today}, formErrors{})
}

// showWithdrawForm reads the consent (one logged read) and shows the
// confirmation with in and errs.
func (h *Handler) showWithdrawForm(w http.ResponseWriter, r *http.Request, status int, in consent.WithdrawalInput, errs formErrors) {
	id, consentID := r.PathValue("id"), r.PathValue("consentId")
	c, err := h.Consents.Get(r.Context(), actor(r), id, consentID)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/consents")
		return
	}
	if c.Withdrawal != nil { // nothing to confirm: back to the list
		http.Redirect(w, r, "/clients/"+id+"/consents", http.StatusSeeOther)
		return
	}
	pg := h.newPage(r, "consents.withdraw.title")
	pg.Here = "/clients/" + id + "/consents"
	today := civil.DateOf(time.Now().In(civil.Helsinki))
	m := consentWithdrawPage{page: pg, ID: id, Consent: consentRowOf(pg, id, c, today, false, false), Errors: errs}
	b := builder{p: pg.p, errs: errs}
	m.Fields = []field{
		b.date("date", "consents.withdraw.date", in.Date).required(),
		b.choice("channel", "consents.field.channel", in.Channel, "consent.channel.", consent.Channels).required(),
	}
	h.render(w, r, status, "consent_withdraw", m)
}
