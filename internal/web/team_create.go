package web

import (
	"net/http"

	"koto/internal/apperr"
)

// teamCreate adds a team and returns to the teams page (supervisors).
func (h *Handler) teamCreate(w http.ResponseWriter, r *http.Request) {
	name := r.PostFormValue("name")
	_, err := h.Clients.CreateTeam(r.Context(), actor(r), name)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, nil)
		if !errs.Any() {
			errs.add("name", h.catalog.Printer(language(r)).T("validation.required"))
		}
		h.showTeams(w, r, http.StatusUnprocessableEntity, errs, "", name)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/teams?done=created", http.StatusSeeOther)
}
