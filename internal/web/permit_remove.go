package web

import (
	"net/http"
	"strconv"
	"strings"
)

// permitRemove removes one of a client's permits (the change history
// keeps it) and returns to the card. A stale version shows the card's
// edit form of the permit again with the conflict.
func (h *Handler) permitRemove(w http.ResponseWriter, r *http.Request) {
	id, pid := r.PathValue("id"), r.PathValue("pid")
	version := atoiOr(strings.TrimSpace(r.PostFormValue("version")), -1)
	if err := h.Clients.RemovePermit(r.Context(), actor(r), id, version, pid); err != nil {
		pg := h.newPage(r, "web.permit.edit_title")
		pg.Here = "/clients/" + id + "/permits/" + pid + "/edit"
		status, _, notice, _, ok := formFailure(pg, err, nil)
		if !ok {
			h.failOrReason(w, r, err, "/clients/"+id)
			return
		}
		c, p, err := h.Clients.Permit(r.Context(), actor(r), id, pid)
		if err != nil {
			h.failOrReason(w, r, err, "/clients/"+id)
			return
		}
		in := permitInputOf(p)
		in.Version = strconv.Itoa(c.Version)
		f := permitForm(pg, id, in, formErrors{})
		f.ClientName, f.Notice, f.Action = c.FullName(), notice, "/clients/"+id+"/permits/"+pid
		f.RemoveAction = f.Action + "/remove"
		h.showPermitForm(w, r, status, f)
		return
	}
	http.Redirect(w, r, "/clients/"+id+"#h-permits", http.StatusSeeOther)
}
