package web

import (
	"net/http"

	"koto/internal/i18n"
)

// languageSet stores the chosen UI language in a cookie for a year and
// returns to the page the switch was on.
func (h *Handler) languageSet(w http.ResponseWriter, r *http.Request) {
	if lang := r.PostFormValue("lang"); i18n.Supported(lang) {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: langMaxAge,
			HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/"), http.StatusSeeOther)
}
