package web

import (
	"net/http"

	"koto/internal/apperr"
)

// mfaEnrolSubmit confirms enrolment with a code from the app and shows the
// recovery codes once. The current session counts as verified.
func (h *Handler) mfaEnrolSubmit(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	codes, err := h.Auth.ConfirmTOTP(r.Context(), a, r.PostFormValue("code"), h.sessionSecret(r))
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.Conflict) {
		st, err := h.Auth.TOTP(r.Context(), a)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		var errs formErrors
		m := h.mfaEnrolModel(r, st, errs)
		if ae.Kind == apperr.Conflict {
			errs.add("code", m.T(ae.Key))
		} else {
			errs.addAll(m.p, ae.Fields, nil)
		}
		h.render(w, r, http.StatusUnprocessableEntity, "mfa_enrol", h.mfaEnrolModel(r, st, errs))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	st, err := h.Auth.TOTP(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := h.mfaEnrolModel(r, st, formErrors{})
	m.RecoveryCodes, m.Done = codes, m.T("web.mfa.enabled")
	h.render(w, r, http.StatusOK, "mfa_enrol", m)
}
