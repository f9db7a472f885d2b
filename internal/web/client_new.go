package web

import "net/http"

// clientNew shows the empty new-client form.
func (h *Handler) clientNew(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "web.client_new.title")
	pg.Nav = "new"
	var in clientInput
	kept, restored := h.restoreForm(w, r, "/clients/new")
	if restored { // a form kept across an expired session, not yet saved
		in = clientInputFrom(kept)
		in.Version, in.AddressHidden = "", false
	}
	f := h.clientForm(pg, in, formErrors{})
	f.Action, f.Restored = "/clients", restored
	h.render(w, r, http.StatusOK, "client_form", f)
}
