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
	var dateErrs apperr.Validation
	var typed client.Details
	c, dups, err := h.Clients.UpdateChecked(r.Context(), actor(r), id, version, func(d *client.Details, addressHidden bool) error {
		in.AddressHidden = addressHidden
		dateErrs = in.applyTo(d)
		typed = *d
		return dateErrs.Err()
	})
	if err == nil && len(dups) > 0 {
		// Saved; the edit made the record look like others.
		h.savedDuplicates(w, r, c, dups)
		return
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/clients/"+id, http.StatusSeeOther)
		return
	}
	show := func(status int, errs formErrors, notice string) {
		f := h.clientForm(pg, in, errs)
		f.Action, f.Edit, f.ClientID, f.Notice = "/clients/"+id, true, id, notice
		f.MergeURL, f.MergeAsk = mergeOffer(actor(r), id, err)
		h.render(w, r, status, "client_form", f)
	}
	if len(dateErrs.Fields) > 0 {
		show(http.StatusUnprocessableEntity, localValidation(pg, typed, dateErrs, nil), "")
		return
	}
	status, errs, notice, _, ok := formFailure(pg, err, nil)
	if !ok {
		h.failOrReason(w, r, err, "/clients/"+id+"/edit")
		return
	}
	show(status, errs, notice)
}
