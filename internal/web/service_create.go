package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/services"
)

// serviceCreate adds a service to the organisation's own catalogue
// (referral.service_manage) and returns to the catalogue.
func (h *Handler) serviceCreate(w http.ResponseWriter, r *http.Request) {
	in := map[string]string{}
	for _, k := range []string{"code", "nameFi", "nameSv", "nameEn"} {
		in[k] = r.PostFormValue(k)
	}
	_, err := h.Referrals.AddService(r.Context(), actor(r), services.Kind{Code: in["code"],
		Names: map[string]string{"fi": in["nameFi"], "sv": in["nameSv"], "en": in["nameEn"]}})
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.Conflict) {
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, nil)
		h.showServices(w, r, httpx.Status(err), errs, in)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/services", http.StatusSeeOther)
}
