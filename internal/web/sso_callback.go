package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// ssoCallback completes single sign-on: the relying party verifies the
// provider's answer, auth decides whether and as whom the person may log
// in. Every failure goes back to the login page with a general message;
// the cause is logged.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	if h.sso == nil {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	flow, ok := h.flowFrom(r)
	h.setSSOFlow(w, "") // single use
	if !ok {
		http.Redirect(w, r, "/login?sso=failed", http.StatusSeeOther)
		return
	}
	q := r.URL.Query()
	id, err := h.sso.Finish(r.Context(), flow, q.Get("state"), q.Get("code"), q.Get("error"))
	if err != nil {
		h.log.Warn("single sign-on failed", "request_id", httpx.RequestID(r.Context()), "err", err)
		http.Redirect(w, r, "/login?sso=failed", http.StatusSeeOther)
		return
	}
	secret, _, err := h.Auth.SSOLogin(r.Context(), id, httpx.RequestID(r.Context()))
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Unauthenticated {
		code := "denied"
		if ae.Key == "sso.mfa_required" {
			code = "mfa"
		}
		http.Redirect(w, r, "/login?sso="+code, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.setSession(w, secret)
	http.Redirect(w, r, "/clients", http.StatusSeeOther)
}
