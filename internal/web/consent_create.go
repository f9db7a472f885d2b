package web

import (
	"errors"
	"net/http"

	"koto/internal/apperr"
	"koto/internal/attachment"
	"koto/internal/consent"
	"koto/internal/httpx"
)

// consentCreate records the consent of the form and returns to the list;
// a form with errors comes back on the list with what was typed and each
// error at its field. The web form requires a channel, which the API
// leaves optional. The form may carry the signed consent form (a
// multipart upload, "signedForm"): it is checked before the consent is
// recorded and then stored as the consent's attachment (ADR 32).
func (h *Handler) consentCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in, form, err := h.consentForm(w, r)
	if err == nil && in.Channel == "" {
		err = apperr.InvalidField("channel", "validation.required")
	}
	var c consent.Consent
	if err == nil {
		c, err = h.Consents.Give(r.Context(), actor(r), id, in)
	}
	if err == nil && form != nil {
		form.ConsentID = c.ID
		if _, err = h.Attachments.Upload(r.Context(), actor(r), id, *form); err != nil {
			// The consent is recorded; its form can be attached after.
			h.failOrReason(w, r, err, "/clients/"+id+"/consents")
			return
		}
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id+"/consents", http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, "/clients/"+id+"/consents")
		return
	}
	// The list is read (through the gate) before the form comes back, so
	// an invalid form tells nothing about a client the user may not open.
	cs, lerr := h.Consents.List(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, "/clients/"+id+"/consents")
		return
	}
	pg := h.newPage(r, "consents.title")
	pg.Here = "/clients/" + id + "/consents"
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, func(f string) string {
		if f == "file" {
			return "signedForm"
		}
		return f
	})
	status := httpx.Status(err)
	if errors.Is(err, errTooLarge) {
		status = http.StatusRequestEntityTooLarge
	}
	h.render(w, r, status, "consents", consentsModel(pg, actor(r), id, cs, in, h.Attachments.MaxBytes(), errs))
}

// errTooLarge marks a signed form over the size limit (413).
var errTooLarge = errors.New("web: upload too large")

// consentForm reads the consent form: url-encoded, or multipart with the
// signed form, which is then checked as a new attachment (its type and
// size; the client is checked when it is stored). form is nil when no
// signed form came with it.
func (h *Handler) consentForm(w http.ResponseWriter, r *http.Request) (consent.Input, *attachment.Input, error) {
	max := h.Attachments.MaxBytes()
	up, rerr := httpx.ReadUpload(w, r, "signedForm", max)
	if errors.Is(rerr, httpx.ErrNotMultipart) {
		return consent.Input{Type: r.PostFormValue("type"), Scope: r.PostFormValue("scope"), Given: r.PostFormValue("given"),
			Channel: r.PostFormValue("channel")}, nil, nil
	}
	in := consent.Input{Type: up.Fields["type"], Scope: up.Fields["scope"], Given: up.Fields["given"], Channel: up.Fields["channel"]}
	switch {
	case errors.Is(rerr, httpx.ErrUploadTooLarge):
		return in, nil, errors.Join(apperr.InvalidField("signedForm", "attachment.too_large", attachment.MiB(max)), errTooLarge)
	case rerr != nil:
		return in, nil, apperr.InvalidField("signedForm", "attachment.file_required")
	case up.Content == nil:
		return in, nil, nil
	}
	form := &attachment.Input{Category: attachment.SignedConsent, FileName: up.FileName, Content: up.Content}
	form.Normalize()
	if _, err := form.Validate(max); err != nil {
		return in, nil, err
	}
	return in, form, nil
}
