package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/disclosure"
	"koto/internal/httpx"
)

// disclosureCreate records the package of the preview form and shows the
// recorded disclosure; a form with errors comes back as the preview.
func (h *Handler) disclosureCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := disclosure.ProviderInput{Recipient: r.PostFormValue("recipient"), Basis: disclosure.BasisIntegrationAct86,
		ReferralID: r.PostFormValue("referralId"), FreeText: disclosure.FreeText{EarlierStudyPlan: r.PostFormValue("earlierStudyPlan"),
			ContinuationMeasures: r.PostFormValue("continuationMeasures"), OtherNecessary: r.PostFormValue("otherNecessary")}}
	d, err := h.Disclosures.Disclose(r.Context(), actor(r), id, in)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id+"/disclosures/"+d.ID, http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid || in.ReferralID == "" {
		h.failOrReason(w, r, err, "/clients/"+id+"/referrals")
		return
	}
	pg := h.newPage(r, "disclosures.provider.title")
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.showPreview(w, r, httpx.Status(err), in.ReferralID, in.FreeText, errs)
}
