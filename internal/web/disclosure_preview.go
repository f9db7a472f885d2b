package web

import (
	"net/http"

	"koto/internal/disclosure"
)

// disclosurePreview shows the package to the provider of one of the
// client's referrals before it is recorded (disclosure.provider).
func (h *Handler) disclosurePreview(w http.ResponseWriter, r *http.Request) {
	h.showPreview(w, r, http.StatusOK, r.PathValue("referralId"), disclosure.FreeText{}, formErrors{})
}

// showPreview renders the preview with the free texts as typed and errs.
func (h *Handler) showPreview(w http.ResponseWriter, r *http.Request, status int, referralID string, free disclosure.FreeText, errs formErrors) {
	id := r.PathValue("id")
	pre, err := h.Disclosures.Preview(r.Context(), actor(r), id, referralID, free)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/referrals")
		return
	}
	pg := h.newPage(r, "disclosures.provider.title")
	content, _, err := disclosure.Seal(pre.Package)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	items, err := disclosure.Show(content, pg.T)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b := builder{p: pg.p, errs: errs}
	m := disclosurePreviewPage{page: pg, ID: id, ReferralID: pre.Referral.ID, Recipient: pre.Referral.ProviderCode,
		Provider: pre.Referral.ProviderName, Items: items, Errors: errs}
	for _, f := range []struct{ name, value string }{{"earlierStudyPlan", free.EarlierStudyPlan},
		{"continuationMeasures", free.ContinuationMeasures}, {"otherNecessary", free.OtherNecessary}} {
		fd := b.input("textarea", f.name, "disclosures.item."+f.name, f.value).withHint(pg.T("disclosures.provider.free_hint"))
		fd.Rows = 3
		m.Free = append(m.Free, fd)
	}
	h.render(w, r, status, "disclosure_preview", m)
}
