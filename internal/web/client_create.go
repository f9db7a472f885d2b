package web

import (
	"net/http"

	"koto/internal/client"
)

// clientCreate registers a new client from the form. It first refuses
// possible duplicates and shows them; the caseworker may then confirm and
// resubmit. Success redirects to the new card.
func (h *Handler) clientCreate(w http.ResponseWriter, r *http.Request) {
	in := parseClientInput(r)
	in.Version, in.AddressHidden = "", false
	pg := h.newPage(r, "web.client_new.title")
	pg.Nav, pg.Here = "new", "/clients/new"
	var d client.Details
	dateErrs := in.applyTo(&d)
	show := func(status int, errs formErrors, notice string, dups []dupRow) {
		f := h.clientForm(pg, in, errs)
		f.Action, f.Notice, f.Duplicates = "/clients", notice, dups
		h.render(w, r, status, "client_form", f)
	}
	if len(dateErrs.Fields) > 0 {
		show(http.StatusUnprocessableEntity, localValidation(pg, d, dateErrs, nil), "", nil)
		return
	}
	c, _, err := h.Clients.Create(r.Context(), actor(r), d, client.CreateOptions{RefuseDuplicates: !in.ConfirmDuplicate})
	if err != nil {
		status, errs, notice, dups, ok := formFailure(pg, err, nil)
		if !ok {
			h.fail(w, r, err)
			return
		}
		show(status, errs, notice, dups)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+c.ID, http.StatusSeeOther)
}
