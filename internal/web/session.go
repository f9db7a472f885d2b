package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/httpx"
	"koto/internal/i18n"
)

const (
	sessionCookie = "koto_session"
	langCookie    = "koto_lang"
	langMaxAge    = 365 * 24 * 60 * 60
)

// sessionCookieName is __Host-koto_session under TLS: the prefix makes the
// browser refuse the cookie unless it is Secure, host-only and Path=/.
func (h *Handler) sessionCookieName() string {
	if h.secure {
		return "__Host-" + sessionCookie
	}
	return sessionCookie
}

// sessionSecret returns the session secret from the request's cookie.
func (h *Handler) sessionSecret(r *http.Request) string {
	c, err := r.Cookie(h.sessionCookieName())
	if err != nil {
		return ""
	}
	return c.Value
}

// setSession sets (or, with secret "", clears) the session cookie. It has
// no Max-Age: the browser forgets it on exit and the server enforces the
// idle and absolute timeouts.
func (h *Handler) setSession(w http.ResponseWriter, secret string) {
	c := &http.Cookie{Name: h.sessionCookieName(), Value: secret, Path: "/",
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode}
	if secret == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// requireSession resolves the session cookie into an actor and checks the
// route's action. Without a valid session the browser is sent to the login
// page; an action the actor may not perform gives 404 for a client's pages
// and 403 elsewhere.
func (h *Handler) requireSession(rt httpx.Route, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		httpx.NoStore(w)
		actor, sess, err := h.Auth.Authenticate(r.Context(), h.sessionSecret(r), httpx.RequestID(r.Context()))
		if apperr.Is(err, apperr.Unauthenticated) {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			// A form posted after the session expired is kept for its
			// user, who returns to it after logging in (ADR 18).
			if r.Method == http.MethodPost {
				if back, kept := h.keepForm(w, r, rt); kept {
					target += "?next=" + url.QueryEscape(back)
				}
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		// A session still lacking a step opens only the page of that step
		// (and logout): the second-factor code, the change of a one-time
		// password, or enrolment.
		if target := stepPage(sess.Pending, rt.Pattern); target != "" {
			if r.Method == http.MethodGet && r.URL.Path != "/" && sess.Pending == auth.StepTOTP {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		// A user of an employment area may act for a municipality it
		// covers (chosen on /account/organisation); the choice is checked
		// against the coverage on every request.
		if c, err := r.Cookie(actForCookie); err == nil && c.Value != "" {
			acting, err := h.Orgs.ActAs(r.Context(), actor, c.Value)
			switch {
			case err == nil:
				actor = acting
			case apperr.Is(err, apperr.Forbidden):
				// The coverage was withdrawn (the refusal is logged once):
				// forget the choice; the user continues in the own
				// organisation.
				http.SetCookie(w, &http.Cookie{Name: actForCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
			default:
				h.fail(w, r, err)
				return
			}
		}
		ctx := context.WithValue(httpx.WithActor(r.Context(), actor), sessionKey{}, sessionTimes{h.sessionLeft(sess), sess.ExpiresAt})
		r = r.WithContext(ctx)
		if err := httpx.Refuse(r, h.Gate, actor, rt); err != nil {
			h.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// sessionKey holds, in a request's context, the session's sessionTimes.
type sessionKey struct{}

// sessionTimes are how long a session lasts without further activity
// (sessionLeft) and when it ends at the latest (the absolute timeout).
type sessionTimes struct {
	Left time.Duration
	Ends time.Time
}

// sessionLeft is how long sess lasts without activity after this request:
// the idle timeout from its last recorded activity (Authenticate records
// it at most once a minute, so a request within the minute does not move
// it), and never past the absolute timeout. The page tells the browser,
// which warns before it runs out.
func (h *Handler) sessionLeft(sess *auth.Session) time.Duration {
	now, seen := time.Now(), sess.LastSeenAt
	if now.Sub(seen) > time.Minute { // Authenticate has just recorded now
		seen = now
	}
	return min(seen.Add(h.Auth.Policy().SessionIdle).Sub(now), sess.ExpiresAt.Sub(now))
}

// sessionTimesOf returns the request's sessionTimes; ok is false outside
// a session.
func sessionTimesOf(r *http.Request) (sessionTimes, bool) {
	st, ok := r.Context().Value(sessionKey{}).(sessionTimes)
	return st, ok
}

// stepPage returns where a session with a pending step must go instead of
// the route pattern, or "" when the route is open to it: the page of the
// step and logout, nothing else.
func stepPage(step auth.Step, pattern string) string {
	if step == auth.StepNone || pattern == "POST /logout" {
		return ""
	}
	switch step {
	case auth.StepPassword:
		switch pattern {
		case "GET /account/password", "POST /account/password":
			return ""
		}
		return "/account/password"
	case auth.StepEnrol:
		switch pattern {
		case "GET /account/totp", "POST /account/totp", "POST /account/webauthn/begin", "POST /account/webauthn/finish":
			return ""
		}
		return "/account/totp"
	}
	return "/login/totp"
}

// localPath returns next when it is a path on this site, else fallback. It
// refuses "//host" and "/\host", which browsers treat as other sites.
func localPath(next, fallback string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}

// language picks the UI language: the koto_lang cookie, else the browser's
// Accept-Language, else Finnish.
func language(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}
