package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// transferCreate records the transfer request and shows the list of
// requests; a form with errors comes back.
func (h *Handler) transferCreate(w http.ResponseWriter, r *http.Request) {
	id, to := r.PathValue("id"), r.PostFormValue("to")
	var err error
	if to == "" {
		err = apperr.InvalidField("to", "validation.required")
	} else {
		_, err = h.Handover.Request(r.Context(), actor(r), id, to)
	}
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/transfers", http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid && ae.Kind != apperr.Conflict {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	towns, lerr := h.Handover.Municipalities(r.Context(), actor(r), id)
	if lerr != nil {
		h.fail(w, r, lerr)
		return
	}
	pg := h.newPage(r, "moves.new.title")
	pg.Here = "/clients/" + id + "/transfer"
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	h.render(w, r, httpx.Status(err), "transfer_form", transferFormModel(pg, id, towns, to, errs))
}
