package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/consent"
	"koto/internal/httpx"
)

// consentCreate records the consent of the form and returns to the list;
// a form with errors comes back on the list with what was typed and each
// error at its field. The web form requires a channel, which the API
// leaves optional.
func (h *Handler) consentCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := consent.Input{Type: r.PostFormValue("type"), Scope: r.PostFormValue("scope"), Given: r.PostFormValue("given"),
		Channel: r.PostFormValue("channel")}
	var err error
	if in.Channel == "" {
		err = apperr.InvalidField("channel", "validation.required")
	} else {
		_, err = h.consents.Give(r.Context(), actor(r), id, in)
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
	cs, lerr := h.consents.List(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, "/clients/"+id+"/consents")
		return
	}
	pg := h.newPage(r, "consents.title")
	pg.Here = "/clients/" + id + "/consents"
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.render(w, r, httpx.Status(err), "consents", consentsModel(pg, actor(r), id, cs, in, errs))
}
