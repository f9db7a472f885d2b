package web

import "net/http"

// clientHETUReveal shows the card with the client's full HETU for this
// view (the card otherwise masks it). The reveal is its own access-log
// entry (client.hetu_reveal), the card view beside it another; reloading
// the card masks the HETU again.
func (h *Handler) clientHETUReveal(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	hetu, err := h.Clients.RevealHETU(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	h.showCardHETU(w, r, http.StatusOK, formErrors{}, hetu)
}
