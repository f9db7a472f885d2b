package web

import (
	"net/http"
)

// clientSectionEdit shows the edit page of one section of a client
// (identity, language, contacts, residence) filled from the stored client,
// with its version for optimistic locking. A form kept across an expired
// session for this user and page comes back instead, not yet saved.
func (h *Handler) clientSectionEdit(w http.ResponseWriter, r *http.Request) {
	id, section := r.PathValue("id"), r.PathValue("section")
	if _, ok := sectionLegendKeys[section]; !ok {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	here := "/clients/" + id + "/edit/" + section
	c, err := h.Clients.Get(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, here)
		return
	}
	pg := h.newPage(r, sectionLegendKeys[section])
	in := inputFromClient(c)
	kept, restored := h.restoreForm(w, r, here)
	if restored {
		in = clientInputFrom(kept)
		in.AddressHidden = c.AddressHidden
	}
	f := sectionForm(pg, id, section, in, formErrors{})
	f.Restored = restored
	h.render(w, r, http.StatusOK, "client_section", f)
}
