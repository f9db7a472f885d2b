package web

import (
	"net/http"
	"strconv"

	"koto/internal/apperr"
	"koto/internal/client"
)

// clientUpdate saves the edit form. The posted version must still be the
// stored one; otherwise the form comes back with the typed values and a
// note that someone else changed the client.
func (h *Handler) clientUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := parseClientInput(r)
	version, _ := strconv.Atoi(in.Version)
	if version < 1 {
		version = -1 // a form without a version never overwrites blindly
	}
	pg := h.newPage(r, "web.client_edit.title")
	pg.Here = "/clients/" + id + "/edit"
	var rename func(string) string
	var dateErrs apperr.Validation
	var typed client.Details
	_, err := h.clients.Update(r.Context(), actor(r), id, version, func(d *client.Details, addressHidden bool) error {
		in.AddressHidden = addressHidden
		var fieldsets []int
		fieldsets, dateErrs = in.applyTo(d)
		rename = permitRenamer(fieldsets)
		typed = *d
		return dateErrs.Err()
	})
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id, http.StatusSeeOther)
		return
	}
	show := func(status int, errs formErrors, notice string) {
		f := h.clientForm(pg, in, errs)
		f.Action, f.Edit, f.ClientID, f.Notice = "/clients/"+id, true, id, notice
		h.render(w, r, status, "client_form", f)
	}
	if len(dateErrs.Fields) > 0 {
		show(http.StatusUnprocessableEntity, localValidation(pg, typed, dateErrs, rename), "")
		return
	}
	status, errs, notice, _, ok := formFailure(pg, err, rename)
	if !ok {
		h.failOrReason(w, r, err, "/clients/"+id+"/edit")
		return
	}
	show(status, errs, notice)
}
