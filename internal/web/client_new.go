package web

import "net/http"

// clientNew shows the empty new-client form.
func (h *Handler) clientNew(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "web.client_new.title")
	pg.Nav = "new"
	f := h.clientForm(pg, clientInput{}, formErrors{})
	f.Action = "/clients"
	h.render(w, r, http.StatusOK, "client_form", f)
}
