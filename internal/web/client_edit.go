package web

import "net/http"

// clientEdit shows the edit form filled from the stored client, with its
// version for optimistic locking.
func (h *Handler) clientEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, err := h.clients.Get(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/edit")
		return
	}
	pg := h.newPage(r, "web.client_edit.title")
	f := h.clientForm(pg, inputFromClient(c), formErrors{})
	f.Action, f.Edit, f.ClientID = "/clients/"+id, true, id
	h.render(w, r, http.StatusOK, "client_form", f)
}
