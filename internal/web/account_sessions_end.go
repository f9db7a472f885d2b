package web

import "net/http"

// accountSessionsEnd ends one of the actor's sessions; ending the current
// one logs out.
func (h *Handler) accountSessionsEnd(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_, cur, _ := h.Auth.Authenticate(r.Context(), h.sessionSecret(r), "")
	if err := h.Auth.EndMySession(r.Context(), actor(r), id); err != nil {
		h.fail(w, r, err)
		return
	}
	if cur != nil && cur.ID == id {
		h.setSession(w, "")
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account/sessions?done=1", http.StatusSeeOther)
}
