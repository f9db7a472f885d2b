package web

import (
	"net/http"
	"strconv"
)

// permitEdit shows the form of one of a client's permits, with the
// client's version for optimistic locking.
func (h *Handler) permitEdit(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PathValue("id"), r.PathValue("pid")
	c, p, err := h.Clients.Permit(r.Context(), actor(r), id, pid)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/permits/"+pid+"/edit")
		return
	}
	pg := h.newPage(r, "web.permit.edit_title")
	in := permitInputOf(p)
	in.Version = strconv.Itoa(c.Version)
	f := permitForm(pg, id, in, formErrors{})
	f.ClientName, f.Action = c.FullName(), "/clients/"+id+"/permits/"+pid
	f.RemoveAction = f.Action + "/remove"
	h.showPermitForm(w, r, http.StatusOK, f)
}
