package web

import (
	"net/http"
)

// transferAccept accepts the request and opens the client it brought in.
func (h *Handler) transferAccept(w http.ResponseWriter, r *http.Request) {
	t, err := h.Handover.Accept(r.Context(), actor(r), r.PathValue("transferId"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+t.NewClientID, http.StatusSeeOther)
}

// transferRefuse refuses the request with the reason chosen and returns
// to the list.
func (h *Handler) transferRefuse(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Handover.Refuse(r.Context(), actor(r), r.PathValue("transferId"), r.PostFormValue("reason")); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/transfers", http.StatusSeeOther)
}
