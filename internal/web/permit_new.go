package web

import "net/http"

// permitNew shows the empty permit form of a client.
func (h *Handler) permitNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	c, err := h.Clients.Get(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/permits/new")
		return
	}
	pg := h.newPage(r, "web.permit.new_title")
	f := permitForm(pg, id, permitInput{}, formErrors{})
	f.ClientName, f.Action = c.FullName(), "/clients/"+id+"/permits"
	h.showPermitForm(w, r, http.StatusOK, f)
}
