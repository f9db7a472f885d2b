package web

import (
	"net/http"
)

// householdLink links another client (by Koto id) to this one as one
// household; a use of both clients. A Koto id that names no client the
// user may use is a message on the form.
func (h *Handler) householdLink(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	kind := r.PostFormValue("kind")
	if _, err := h.Placements.Link(r.Context(), actor(r), id, r.PostFormValue("otherId"), kind); err != nil {
		h.showPlacementError(w, r, id, err, nil, kind)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/placement#h-household", http.StatusSeeOther)
}
