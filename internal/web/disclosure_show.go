package web

import (
	"net/http"

	"koto/internal/disclosure"
)

// disclosureShow shows one recorded disclosure with its content as it
// was disclosed.
func (h *Handler) disclosureShow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	e, err := h.Disclosures.Get(r.Context(), actor(r), id, r.PathValue("disclosureId"))
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/disclosures")
		return
	}
	pg := h.newPage(r, "disclosures.show.title")
	items, err := disclosure.Show(e.Content, pg.T)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "disclosure", disclosurePage{page: pg, ID: id, Row: disclosureRowOf(pg, id, e), Items: items})
}
