package api

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// authenticated resolves the bearer token into an actor, marks the response
// as never cached (API answers hold personal data) and runs h, rendering its
// error as a problem. A missing, unknown, revoked or disabled user's token is
// 401 with WWW-Authenticate: Bearer.
func (a *API) authenticated(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.NoStore(w)
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			a.problem(w, r, apperr.New(apperr.Unauthenticated, "api.unauthenticated"))
			return
		}
		actor, err := a.auth.TokenActor(r.Context(), secret, httpx.RequestID(r.Context()))
		if err != nil {
			a.problem(w, r, err)
			return
		}
		r = r.WithContext(httpx.WithActor(r.Context(), actor))
		if err := h(w, r, actor); err != nil {
			a.problem(w, r, err)
		}
	})
}

// bearer extracts the token of an "Authorization: Bearer TOKEN" header. The
// scheme is case-insensitive (RFC 9110 11.1).
func bearer(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
