package api

import (
	"net/http"

	"koto/internal/access"
)

// listAttachments answers a client's attachments, newest first, without
// their content.
func (a *API) listAttachments(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	as, err := a.Attachments.List(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := attachmentsJSON{Items: make([]attachmentJSON, 0, len(as))}
	for _, at := range as {
		out.Items = append(out.Items, attachmentOut(at))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
