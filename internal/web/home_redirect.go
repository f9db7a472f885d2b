package web

import "net/http"

// homeRedirect sends the front page to the client list.
func (h *Handler) homeRedirect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "/clients", http.StatusSeeOther)
}
