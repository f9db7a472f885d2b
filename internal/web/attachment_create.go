package web

import (
	"errors"
	"net/http"

	"koto/internal/apperr"
	"koto/internal/attachment"
	"koto/internal/httpx"
)

// attachmentCreate stores the uploaded attachment and returns to the list.
// A form with errors — a type not accepted, a file over the limit (413) —
// comes back on the list with the other fields as typed and the error at
// the file.
func (h *Handler) attachmentCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	max := h.Attachments.MaxBytes()
	up, rerr := httpx.ReadUpload(w, r, "file", max)
	in := attachment.Input{Category: up.Fields["category"], ConsentID: up.Fields["consentId"], Title: up.Fields["title"],
		Description: up.Fields["description"], FileName: up.FileName, Content: up.Content}
	var err error
	status := http.StatusUnprocessableEntity
	switch {
	case errors.Is(rerr, httpx.ErrUploadTooLarge):
		err, status = apperr.InvalidField("file", "attachment.too_large", attachment.MiB(max)), http.StatusRequestEntityTooLarge
	case rerr != nil:
		err = apperr.InvalidField("file", "attachment.file_required")
	default:
		_, err = h.Attachments.Upload(r.Context(), actor(r), id, in)
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, attachmentsPath(id), http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, attachmentsPath(id))
		return
	}
	// The list is read (through the gate) before the form comes back, so
	// an invalid form tells nothing about a client the user may not open.
	as, lerr := h.Attachments.List(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, attachmentsPath(id))
		return
	}
	pg := h.newPage(r, "attachments.title")
	pg.Here = attachmentsPath(id)
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.render(w, r, status, "attachments", attachmentsModel(pg, actor(r), id, as, in, max, errs))
}
