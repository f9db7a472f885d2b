package web

import (
	"encoding/json"
	"net/http"
	"time"

	"koto/internal/civil"
)

// subjectPortability sends the art. 20 portable copy of a client as a JSON
// download (subject.export: the DPO): the same document as the API's
// GET /api/v1/clients/{id}/portability, built by internal/subject and
// logged the same way by Subjects.Portability (purpose
// data_subject_portability).
func (h *Handler) subjectPortability(w http.ResponseWriter, r *http.Request) {
	pr, err := h.Subjects.Portability(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	b, err := json.Marshal(pr.Document(civil.DateOf(time.Now().In(civil.Helsinki))))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	sendDownload(w, "application/json", "portability.json", append(b, '\n'))
}
