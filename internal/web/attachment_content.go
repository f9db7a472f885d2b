package web

import (
	"net/http"

	"koto/internal/httpx"
)

// attachmentContent downloads an attachment: always as a file to save,
// with the type detected at upload and a name the server chose; the
// download is in the access log.
func (h *Handler) attachmentContent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, content, err := h.Attachments.Content(r.Context(), actor(r), id, r.PathValue("attachmentId"))
	if err != nil {
		h.failOrReason(w, r, err, attachmentsPath(id))
		return
	}
	httpx.ServeDownload(w, string(a.Type), a.FileName(), content)
}
