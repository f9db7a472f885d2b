package api

import (
	"errors"
	"net/http"

	"koto/internal/access"
	"koto/internal/attachment"
	"koto/internal/httpx"
)

// createAttachment stores an attachment sent as multipart/form-data (the
// file in "file"; "category", optional "consentId", "title",
// "description"): 201 with its metadata. The type is decided by the
// content; a file over the limit is 413, one of a type not accepted 422.
// Attachments are never changed or deleted through the API (405).
func (a *API) createAttachment(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	max := a.Attachments.MaxBytes()
	up, err := httpx.ReadUpload(w, r, "file", max)
	switch {
	case errors.Is(err, httpx.ErrNotMultipart):
		return &requestError{status: http.StatusUnsupportedMediaType, key: "api.content_type", args: []any{"multipart/form-data"}}
	case errors.Is(err, httpx.ErrUploadTooLarge):
		return &requestError{status: http.StatusRequestEntityTooLarge, key: "attachment.too_large", args: []any{attachment.MiB(max)}}
	case err != nil:
		return badRequest("api.body_read")
	}
	at, err := a.Attachments.Upload(r.Context(), actor, r.PathValue("id"), attachment.Input{Category: up.Fields["category"],
		ConsentID: up.Fields["consentId"], Title: up.Fields["title"], Description: up.Fields["description"],
		FileName: up.FileName, Content: up.Content})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, attachmentOut(at))
	return nil
}
