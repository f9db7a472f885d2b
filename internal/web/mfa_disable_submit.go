package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// mfaDisableSubmit turns the actor's second factor off after checking the
// password (refused for roles that require one).
func (h *Handler) mfaDisableSubmit(w http.ResponseWriter, r *http.Request) {
	err := h.Auth.DisableTOTP(r.Context(), actor(r), r.PostFormValue("password"))
	h.afterFactorChange(w, r, err, "disabled", nil)
}

// afterFactorChange answers a change of the own second factors: back to
// the page with done set, or the page again with the field errors (for
// example: a wrong password, an account locked after too many, or the
// last factor of a role that requires one); rename maps the service's
// field to the form's (nil keeps it).
func (h *Handler) afterFactorChange(w http.ResponseWriter, r *http.Request, err error, done string, rename func(string) string) {
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.TooMany) {
		st, serr := h.Auth.TOTP(r.Context(), actor(r))
		if serr != nil {
			h.fail(w, r, serr)
			return
		}
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, rename)
		h.render(w, r, httpx.Status(ae), "mfa_enrol", h.mfaEnrolModel(r, st, errs))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/totp?done="+done, http.StatusSeeOther)
}
