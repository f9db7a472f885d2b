package web

import (
	"net/http"
	"time"

	"koto/internal/assessment"
	"koto/internal/client"
)

// assessmentNew shows the form of a new assessment with the legal window.
func (h *Handler) assessmentNew(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	win, err := h.Assessments.Window(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/assessments/new")
		return
	}
	pg := h.newPage(r, "assessment.new_title")
	m := assessmentForm(pg, id, assessment.Assessment{Kind: assessment.KindBasic, Date: client.Today(time.Now())}, nil, formErrors{})
	m.Window = newWindowView(pg, win)
	h.render(w, r, http.StatusOK, "assessment_form", m)
}
