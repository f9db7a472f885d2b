package web

import "net/http"

// permitCreate adds a permit from the form and returns to the card; a
// form with errors comes back with what was typed and each error at its
// field.
func (h *Handler) permitCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := parsePermitInput(r)
	in.Version = ""
	pg := h.newPage(r, "web.permit.new_title")
	pg.Here = "/clients/" + id + "/permits/new"
	h.savePermit(w, r, pg, id, "", in)
}

// savePermit saves the permit of the form (permitID "" adds one) and
// redirects to the card, or shows the form again with the errors.
func (h *Handler) savePermit(w http.ResponseWriter, r *http.Request, pg page, id, permitID string, in permitInput) {
	p, dateErrs := in.permit(permitID)
	show := func(status int, errs formErrors, notice, name string) {
		f := permitForm(pg, id, in, errs)
		f.ClientName, f.Notice, f.Action = name, notice, "/clients/"+id+"/permits"
		if permitID != "" {
			f.Action = "/clients/" + id + "/permits/" + permitID
			f.RemoveAction = f.Action + "/remove"
		}
		h.showPermitForm(w, r, status, f)
	}
	if len(dateErrs.Fields) > 0 {
		var errs formErrors
		errs.addAll(pg.p, dateErrs.Fields, nil)
		show(http.StatusUnprocessableEntity, errs, "", "")
		return
	}
	version := 0
	if permitID != "" {
		version = atoiOr(in.Version, -1) // an edit without a version never overwrites blindly
	}
	if _, _, err := h.Clients.SavePermit(r.Context(), actor(r), id, version, p); err != nil {
		status, errs, notice, _, ok := formFailure(pg, err, nil)
		if !ok {
			h.failOrReason(w, r, err, "/clients/"+id)
			return
		}
		show(status, errs, notice, "")
		return
	}
	http.Redirect(w, r, "/clients/"+id+"#h-permits", http.StatusSeeOther)
}
