package web

import (
	"context"
	"net/http"

	"koto/internal/access"
)

// mergeUndo undoes the unconfirmed merge into the record, restoring both
// records, and returns to the card.
func (h *Handler) mergeUndo(w http.ResponseWriter, r *http.Request) {
	h.mergeStep(w, r, h.Clients.UndoMerge)
}

// mergeStep runs a confirm or undo and returns to the card; a refusal
// the page can explain (own merge, none open) is shown with a way back.
func (h *Handler) mergeStep(w http.ResponseWriter, r *http.Request, step func(context.Context, access.Actor, string) error) {
	id := r.PathValue("id")
	if err := step(r.Context(), actor(r), id); err != nil {
		pg := h.newPage(r, "merge.title")
		pg.Here = "/clients/" + id
		h.mergeFailed(w, r, mergePage{page: pg}, err)
		return
	}
	http.Redirect(w, r, "/clients/"+id, http.StatusSeeOther)
}
