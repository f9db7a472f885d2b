package web

import (
	"net/http"

	"koto/internal/apperr"
)

// mfaDisableSubmit turns the actor's second factor off after checking the
// password (refused for roles that require one).
func (h *Handler) mfaDisableSubmit(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	err := h.auth.DisableTOTP(r.Context(), a, r.PostFormValue("password"))
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		st, err := h.auth.TOTP(r.Context(), a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, nil)
		h.render(w, r, http.StatusUnprocessableEntity, "mfa_enrol", h.mfaEnrolModel(r, st, errs))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/totp?done=disabled", http.StatusSeeOther)
}
