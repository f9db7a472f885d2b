package web

import (
	"net/http"
	"net/url"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// mfaLoginSubmit checks the second factor. On success the session gets a
// new secret (the pending one is worthless from now on).
func (h *Handler) mfaLoginSubmit(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	next := r.PostFormValue("next")
	secret, u, err := h.Auth.VerifySecondFactor(r.Context(), h.sessionSecret(r), r.PostFormValue("code"), httpx.RequestID(r.Context()))
	if err != nil {
		ae, ok := apperr.As(err)
		if !ok || (ae.Kind != apperr.Invalid && ae.Kind != apperr.TooMany) {
			if apperr.Is(err, apperr.Unauthenticated) {
				h.setSession(w, "")
				http.Redirect(w, r, "/login?next="+url.QueryEscape(localPath(next, "/clients")), http.StatusSeeOther)
				return
			}
			h.fail(w, r, err)
			return
		}
		pg := h.newPage(r, "web.mfa.login.title")
		var errs formErrors
		if ae.Kind == apperr.TooMany {
			errs.add("code", pg.T(ae.Key))
		} else {
			errs.addAll(pg.p, ae.Fields, nil)
		}
		m := mfaLoginForm(pg, next, errs)
		m.Here = "/login/totp?next=" + url.QueryEscape(m.Next)
		m.Factors = h.pendingFactors(r)
		h.render(w, r, httpx.Status(err), "mfa_login", m)
		return
	}
	h.setSession(w, secret)
	target := localPath(next, "/clients")
	if u.MustChangePassword {
		target = "/account/password"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
