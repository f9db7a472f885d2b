package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/httpx"
)

// attachmentContent answers an attachment's content, only ever as a
// download: the detected type, a name the server chose, no sniffing, no
// caching. Every download is in the access log.
func (a *API) attachmentContent(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	at, content, err := a.Attachments.Content(r.Context(), actor, r.PathValue("id"), r.PathValue("attachmentId"))
	if err != nil {
		return err
	}
	httpx.ServeDownload(w, string(at.Type), at.FileName(), content)
	return nil
}
