package web

import "net/http"

// mergeConfirm confirms the unconfirmed merge into the record (another
// supervisor than the one who merged) and returns to the card.
func (h *Handler) mergeConfirm(w http.ResponseWriter, r *http.Request) {
	h.mergeStep(w, r, h.Clients.ConfirmMerge)
}
