package web

import (
	"net/http"
	"net/url"

	"koto/internal/auth"
	"koto/internal/httpx"
)

// mfaLoginPage is the model of the second-factor form after the password.
type mfaLoginPage struct {
	page
	Errors formErrors
	Next   string
	Code   field
	// Factors are the second factors the user has: the TOTP form or the
	// security key button (or both) is shown.
	Factors auth.Factors
}

func mfaLoginForm(pg page, next string, errs formErrors) mfaLoginPage {
	b := builder{p: pg.p, errs: errs}
	return mfaLoginPage{page: pg, Errors: errs, Next: localPath(next, "/"),
		Code: b.text("code", "web.mfa.login.code", "").autocomplete("one-time-code").withHint(pg.T("web.mfa.login.code_hint")).required()}
}

// mfaLoginShow asks for the TOTP or recovery code of a session that has
// passed the password. Without such a session it goes back to the login
// page (or on, when the session needs nothing more).
func (h *Handler) mfaLoginShow(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	next := r.URL.Query().Get("next")
	if target := h.mfaLoginElsewhere(r, next); target != "" {
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	pg := h.newPage(r, "web.mfa.login.title")
	m := mfaLoginForm(pg, next, formErrors{})
	m.Here = "/login/totp?next=" + url.QueryEscape(m.Next)
	m.Factors = h.pendingFactors(r)
	h.render(w, r, http.StatusOK, "mfa_login", m)
}

// mfaLoginElsewhere says where a request for /login/totp belongs when its
// session is not waiting for a second factor ("" when it is).
func (h *Handler) mfaLoginElsewhere(r *http.Request, next string) string {
	_, sess, err := h.Auth.Authenticate(r.Context(), h.sessionSecret(r), httpx.RequestID(r.Context()))
	switch {
	case err != nil:
		return "/login?next=" + url.QueryEscape(localPath(next, "/"))
	case sess.Pending == auth.StepTOTP:
		return ""
	case sess.Pending == auth.StepEnrol:
		return "/account/totp"
	}
	return localPath(next, "/")
}

// pendingFactors says which second factors the session's user has; the
// TOTP form when that cannot be told (it explains itself on submit).
func (h *Handler) pendingFactors(r *http.Request) auth.Factors {
	f, err := h.Auth.PendingFactors(r.Context(), h.sessionSecret(r))
	if err != nil || (!f.TOTP && !f.WebAuthn) {
		return auth.Factors{TOTP: true}
	}
	return f
}
