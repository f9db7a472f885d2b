package web

import (
	"net/http"
	"strconv"

	"koto/internal/apperr"
	"koto/internal/client"
)

// clientSectionUpdate saves one section of a client: only that section's
// fields change, through the client service's update with its version
// check. Errors, and a change someone else saved meanwhile, bring the page
// back with the typed values; success goes to the card with a
// confirmation.
func (h *Handler) clientSectionUpdate(w http.ResponseWriter, r *http.Request) {
	id, section := r.PathValue("id"), r.PathValue("section")
	if _, ok := sectionLegendKeys[section]; !ok {
		h.errorPage(w, r, http.StatusNotFound)
		return
	}
	here := "/clients/" + id + "/edit/" + section
	in := parseClientInput(r)
	version, _ := strconv.Atoi(in.Version)
	if version < 1 {
		version = -1 // a form without a version never overwrites blindly
	}
	pg := h.newPage(r, sectionLegendKeys[section])
	pg.Here = here
	var dateErrs apperr.Validation
	var typed client.Details
	c, dups, err := h.Clients.UpdateChecked(r.Context(), actor(r), id, version, func(d *client.Details, addressHidden bool) error {
		in.AddressHidden = addressHidden
		in.applySection(section, d, &dateErrs)
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
		f := sectionForm(pg, id, section, in, errs)
		f.Notice = notice
		f.MergeURL, f.MergeAsk = mergeOffer(actor(r), id, err)
		h.render(w, r, status, "client_section", f)
	}
	if len(dateErrs.Fields) > 0 {
		show(http.StatusUnprocessableEntity, localValidation(pg, typed, dateErrs, nil), "")
		return
	}
	status, errs, notice, _, ok := formFailure(pg, err, nil)
	if !ok {
		h.failOrReason(w, r, err, here)
		return
	}
	if apperr.Is(err, apperr.Conflict) && len(errs.items) == 0 {
		// Someone saved the client meanwhile: the typed values stay, and
		// the form now carries the current version, so saving again
		// (after a look at the card) is a deliberate overwrite.
		if c, gerr := h.Clients.Get(r.Context(), actor(r), id); gerr == nil {
			in.Version = strconv.Itoa(c.Version)
			notice = pg.T("forms.conflict")
		}
	}
	show(status, errs, notice)
}
