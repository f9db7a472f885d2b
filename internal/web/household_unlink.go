package web

import "net/http"

// householdUnlink removes a household link of this client.
func (h *Handler) householdUnlink(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.Placements.Unlink(r.Context(), actor(r), id, r.PathValue("linkId")); err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/placement")
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/placement#h-household", http.StatusSeeOther)
}
