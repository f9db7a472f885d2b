package web

import (
	"net/http"
)

// disclosuresList shows a client's disclosure log, newest first.
func (h *Handler) disclosuresList(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	es, err := h.Disclosures.List(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/disclosures")
		return
	}
	pg := h.newPage(r, "disclosures.log.title")
	m := disclosuresPage{page: pg, ID: id}
	for _, e := range es {
		m.Rows = append(m.Rows, disclosureRowOf(pg, id, e))
	}
	h.render(w, r, http.StatusOK, "disclosures", m)
}
