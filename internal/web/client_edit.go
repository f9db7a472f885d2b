package web

import "net/http"

// clientEdit shows the edit form filled from the stored client, with its
// version for optimistic locking.
func (h *Handler) clientEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, err := h.Clients.Get(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/edit")
		return
	}
	pg := h.newPage(r, "web.client_edit.title")
	in := inputFromClient(c)
	kept, restored := h.restoreForm(w, r, "/clients/"+id+"/edit")
	if restored { // a form kept across an expired session, not yet saved
		in = clientInputFrom(kept)
		in.AddressHidden = c.AddressHidden
	}
	f := h.clientForm(pg, in, formErrors{})
	f.Action, f.Edit, f.ClientID, f.Restored = "/clients/"+id, true, id, restored
	h.render(w, r, http.StatusOK, "client_form", f)
}
