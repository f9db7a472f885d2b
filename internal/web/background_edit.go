package web

import "net/http"

// backgroundEdit shows the background form with what is recorded.
func (h *Handler) backgroundEdit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	b, err := h.Assessments.Background(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, assessmentPath(id)+"/background")
		return
	}
	h.render(w, r, http.StatusOK, "background_form", backgroundForm(h.newPage(r, "assessment.background.title"), id, b, formErrors{}))
}
