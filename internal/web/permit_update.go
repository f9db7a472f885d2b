package web

import "net/http"

// permitUpdate saves the edit form of a permit. The posted version must
// still be the client's; otherwise the form comes back with the typed
// values and a note that someone else changed the client.
func (h *Handler) permitUpdate(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PathValue("id"), r.PathValue("pid")
	pg := h.newPage(r, "web.permit.edit_title")
	pg.Here = "/clients/" + id + "/permits/" + pid + "/edit"
	h.savePermit(w, r, pg, id, pid, parsePermitInput(r))
}
