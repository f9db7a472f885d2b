package api

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// ActingOrganisationHeader names the municipality an employment-area user
// acts for.
const ActingOrganisationHeader = "X-Koto-Organisation"

// authenticated resolves the bearer token into an actor, marks the response
// as never cached (API answers hold personal data) and runs h, rendering its
// error as a problem. A missing, unknown, revoked or disabled user's token is
// 401 with WWW-Authenticate: Bearer.
//
// A caller whose roles never allow the route's action is refused before
// the handler reads anything (so no body or query validation answers for
// them), the refusal is logged as denied, and the answer is the one the
// services give: 404 on a client's routes, 403 elsewhere (httpx.Refuse).
// Whether the caller may act on one particular client (need-to-know) is
// still the service's decision.
func (a *API) authenticated(rt httpx.Route, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.NoStore(w)
		secret, ok := bearer(r.Header.Get("Authorization"))
		if !ok {
			a.problem(w, r, apperr.New(apperr.Unauthenticated, "api.unauthenticated"))
			return
		}
		actor, err := a.Auth.TokenActor(r.Context(), secret, httpx.RequestID(r.Context()))
		if err != nil {
			a.problem(w, r, err)
			return
		}
		// A user of an employment area acts for a covered municipality by
		// naming it (its code) in this header.
		if code := r.Header.Get(ActingOrganisationHeader); code != "" {
			if actor, err = a.Orgs.ActAs(r.Context(), actor, code); err != nil {
				a.problem(w, r, err)
				return
			}
		}
		r = r.WithContext(httpx.WithActor(r.Context(), actor))
		if err := httpx.Refuse(r, a.Gate, actor, rt); err != nil {
			a.problem(w, r, err)
			return
		}
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
