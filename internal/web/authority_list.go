package web

import (
	"net/http"

	"koto/internal/authority"
)

// authorityList shows a client's data requests from authorities, newest
// first, with the forms to register and decide them.
func (h *Handler) authorityList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	rs, err := h.Authority.List(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, authorityPath(id))
		return
	}
	pg := h.newPage(r, "authority.title")
	h.clearFlash(w, r)
	h.render(w, r, http.StatusOK, "authority", authorityModel(pg, actor(r), id, rs, authority.Input{}, formErrors{}, "", authority.DecisionInput{}, formErrors{}))
}

// authorityPath is the page of a client's data requests.
func authorityPath(clientID string) string { return "/clients/" + clientID + "/disclosure-requests" }
