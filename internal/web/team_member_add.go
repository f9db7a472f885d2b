package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
)

// teamMemberAdd adds a colleague to a team (supervisors); a missing or
// unknown colleague is an error on that team's form.
func (h *Handler) teamMemberAdd(w http.ResponseWriter, r *http.Request) {
	teamID := r.PathValue("teamId")
	userID := strings.TrimSpace(r.PostFormValue("userId"))
	p := h.catalog.Printer(language(r))
	var errs formErrors
	if userID == "" {
		errs.add(teamFieldKey(teamID), p.T("validation.required"))
		h.showTeams(w, r, http.StatusUnprocessableEntity, errs, teamID, "")
		return
	}
	err := h.Clients.SetTeamMember(r.Context(), actor(r), teamID, userID, true)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		errs.add(teamFieldKey(teamID), p.T("validation.choice"))
		h.showTeams(w, r, http.StatusUnprocessableEntity, errs, teamID, "")
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/teams?done=added#team-"+teamID, http.StatusSeeOther)
}
