package web

import (
	"net/http"
	"net/url"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/httpx"
)

// loginSubmit checks the credentials and starts a new session (a new token
// every time, so a planted cookie is worthless). Every failure shows the
// same message, whether or not the user exists.
func (h *Handler) loginSubmit(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	username, next := r.PostFormValue("username"), r.PostFormValue("next")
	secret, u, err := h.Auth.Login(r.Context(), username, r.PostFormValue("password"), httpx.ClientIP(r),
		access.ChannelUI, httpx.RequestID(r.Context()))
	if err != nil {
		ae, ok := apperr.As(err)
		if !ok || (ae.Kind != apperr.Unauthenticated && ae.Kind != apperr.TooMany) {
			h.fail(w, r, err)
			return
		}
		pg := h.newPage(r, "web.login.title")
		pg.Here = "/login?next=" + url.QueryEscape(localPath(next, "/"))
		m := h.loginForm(pg, username, next, pg.T(ae.Key))
		m.Kept = h.hasKeptForm(r)
		h.render(w, r, httpx.Status(err), "login", m)
		return
	}
	h.setSession(w, secret)
	target := localPath(next, "/")
	switch h.Auth.StepAfterLogin(u) {
	case auth.StepTOTP:
		target = "/login/totp?next=" + url.QueryEscape(target)
	case auth.StepPassword:
		target = "/account/password"
	case auth.StepEnrol:
		target = "/account/totp"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
