package web

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"net/http"
	"net/url"
	"time"

	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/httpx"
	"koto/internal/store"
)

// A form posted after its session expired is kept, so the typing is not
// lost (ADR 18): sealed in the database for savedFormTTL, bound to the
// former session's user and to a random token in a cookie of this
// browser, and given back once, when that user has logged in again and
// opens the form's page.
const (
	savedFormCookie  = "koto_saved_form"
	savedFormTTL     = 30 * time.Minute
	maxSavedFormSize = 64 << 10
)

// SavedForms keeps forms across an expired session (store.SavedFormStore).
type SavedForms interface {
	SessionOwner(ctx context.Context, tokenHash string) (userID, orgID string, err error)
	Save(ctx context.Context, f store.SavedForm, ttl time.Duration) error
	Take(ctx context.Context, id, orgID, userID, path string) ([]byte, error)
}

// keptFormPage returns the page a route's form returns to when it is kept,
// or "" for routes whose forms are not kept (passwords, codes and the
// like never are).
func keptFormPage(pattern string, r *http.Request) string {
	id := url.PathEscape(r.PathValue("id"))
	switch pattern {
	case "POST /clients":
		return "/clients/new"
	case "POST /clients/{id}":
		return "/clients/" + id + "/edit"
	case "POST /clients/{id}/edit/{section}":
		if _, ok := sectionLegendKeys[r.PathValue("section")]; ok {
			return "/clients/" + id + "/edit/" + r.PathValue("section")
		}
	}
	return ""
}

// savedFormCookieName is __Host- prefixed under TLS, like the session's.
func (h *Handler) savedFormCookieName() string {
	if h.secure {
		return "__Host-" + savedFormCookie
	}
	return savedFormCookie
}

// sameOrigin reports whether the browser says the request comes from a
// page of this site. It is stricter than the cross-origin protection in
// front of every route, which lets requests without the headers through
// (API clients): a form is kept only for a browser that names this site.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "":
		o, err := url.Parse(r.Header.Get("Origin"))
		return err == nil && o.Host != "" && o.Host == r.Host
	}
	return false
}

// keepForm keeps the form of a POST that arrived without a valid session
// and returns the page to return to after login. It keeps nothing (and
// returns false) unless the route's form is one that is kept, the request
// comes from this site, and its session cookie names a session that
// existed — the form belongs to that session's user and to no one else.
// The form's values are never written to the application log.
func (h *Handler) keepForm(w http.ResponseWriter, r *http.Request, rt httpx.Route) (string, bool) {
	back := keptFormPage(rt.Pattern, r)
	secret := h.sessionSecret(r)
	if h.savedForms == nil || back == "" || secret == "" || !sameOrigin(r) {
		return "", false
	}
	userID, orgID, err := h.savedForms.SessionOwner(r.Context(), auth.HashSecret(secret))
	if err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			httpx.LogError(h.log, r, err)
		}
		return "", false
	}
	if err := r.ParseForm(); err != nil {
		return "", false
	}
	payload := []byte(r.PostForm.Encode())
	if len(payload) > maxSavedFormSize {
		return "", false
	}
	token := make([]byte, 32)
	_, _ = rand.Read(token)
	value := base64.RawURLEncoding.EncodeToString(token)
	f := store.SavedForm{ID: auth.HashSecret(value), OrgID: orgID, UserID: userID, Path: back, Payload: payload}
	if err := h.savedForms.Save(r.Context(), f, savedFormTTL); err != nil {
		httpx.LogError(h.log, r, err)
		return "", false
	}
	http.SetCookie(w, &http.Cookie{Name: h.savedFormCookieName(), Value: value, Path: "/", MaxAge: int(savedFormTTL / time.Second),
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	return back, true
}

// hasKeptForm reports whether this browser holds a kept form (for the
// login page's notice).
func (h *Handler) hasKeptForm(r *http.Request) bool {
	c, err := r.Cookie(h.savedFormCookieName())
	return err == nil && c.Value != ""
}

// restoreForm returns the values of the form kept for the request's actor
// at path, once: the kept form is deleted and the cookie cleared. A form
// of another user (who logged in on the same browser), of another page,
// or an expired one gives nothing.
func (h *Handler) restoreForm(w http.ResponseWriter, r *http.Request, path string) (url.Values, bool) {
	c, err := r.Cookie(h.savedFormCookieName())
	if h.savedForms == nil || err != nil || c.Value == "" {
		return nil, false
	}
	a := actor(r)
	org := a.OrgID
	if a.HomeOrgID != "" { // acting for another organisation: the form is the user's own
		org = a.HomeOrgID
	}
	payload, err := h.savedForms.Take(r.Context(), auth.HashSecret(c.Value), org, a.UserID, path)
	if err != nil {
		if !apperr.Is(err, apperr.NotFound) {
			httpx.LogError(h.log, r, err)
		}
		return nil, false
	}
	http.SetCookie(w, &http.Cookie{Name: h.savedFormCookieName(), Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	values, err := url.ParseQuery(string(payload))
	if err != nil {
		return nil, false
	}
	return values, true
}
