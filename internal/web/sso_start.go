package web

import (
	"net/http"
	"time"

	"koto/internal/auth/oidc"
	"koto/internal/httpx"
)

const ssoCookie = "koto_sso"

// ssoCookieName is __Host-koto_sso under TLS (see sessionCookieName).
func (h *Handler) ssoCookieName() string {
	if h.secure {
		return "__Host-" + ssoCookie
	}
	return ssoCookie
}

// ssoStart sends the browser to the organisation's identity provider. The
// flow's state, nonce and PKCE verifier stay in a short-lived HttpOnly
// cookie until the callback. SameSite=Lax lets it travel on the provider's
// top-level redirect back.
func (h *Handler) ssoStart(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	if h.sso == nil {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	target, flow, err := h.sso.Start(r.Context())
	if err != nil {
		h.log.Error("single sign-on unavailable", "request_id", httpx.RequestID(r.Context()), "err", err)
		http.Redirect(w, r, "/login?sso=unavailable", http.StatusSeeOther)
		return
	}
	h.setSSOFlow(w, flow.Encode())
	http.Redirect(w, r, target, http.StatusFound)
}

func (h *Handler) setSSOFlow(w http.ResponseWriter, value string) {
	c := &http.Cookie{Name: h.ssoCookieName(), Value: value, Path: "/", HttpOnly: true, Secure: h.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: int((10 * time.Minute).Seconds())}
	if value == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// ssoMessage is the login page's message after a failed single sign-on.
func ssoMessage(pg page, code string) string {
	switch code {
	case "failed":
		return pg.T("sso.failed")
	case "denied":
		return pg.T("sso.not_allowed")
	case "mfa":
		return pg.T("sso.mfa_required")
	case "unavailable":
		return pg.T("sso.unavailable")
	}
	return ""
}

// flowFrom reads the flow cookie.
func (h *Handler) flowFrom(r *http.Request) (oidc.Flow, bool) {
	c, err := r.Cookie(h.ssoCookieName())
	if err != nil {
		return oidc.Flow{}, false
	}
	return oidc.DecodeFlow(c.Value)
}
