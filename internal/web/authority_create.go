package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/authority"
	"koto/internal/httpx"
)

// authorityCreate registers the request of the form and returns to the
// list; a form with errors comes back on the list with what was typed and
// each error at its field.
func (h *Handler) authorityCreate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := authority.Input{Requester: r.PostFormValue("requester"), Provision: r.PostFormValue("provision"),
		Received: r.PostFormValue("received"), Channel: r.PostFormValue("channel")}
	for _, it := range authority.Items {
		if r.PostFormValue("item-"+it) != "" {
			in.Items = append(in.Items, it)
		}
	}
	_, err := h.Authority.Register(r.Context(), actor(r), id, in)
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, authorityPath(id), http.StatusSeeOther)
		return
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		h.failOrReason(w, r, err, authorityPath(id))
		return
	}
	// The list is read (through the gate) before the form comes back, so
	// an invalid form tells nothing about a client the user may not open.
	rs, lerr := h.Authority.List(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, authorityPath(id))
		return
	}
	pg := h.newPage(r, "authority.title")
	pg.Here = authorityPath(id)
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, func(f string) string {
		if f == "items" {
			return "item-" + authority.Items[0]
		}
		return f
	})
	h.render(w, r, httpx.Status(err), "authority", authorityModel(pg, actor(r), id, rs, in, errs, "", authority.DecisionInput{}, formErrors{}))
}
