package web

import "net/http"

// logoutSubmit ends the session on the server and clears the cookie.
func (h *Handler) logoutSubmit(w http.ResponseWriter, r *http.Request) {
	if err := h.Auth.Logout(r.Context(), actor(r), h.sessionSecret(r)); err != nil {
		h.fail(w, r, err)
		return
	}
	h.setSession(w, "")
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
