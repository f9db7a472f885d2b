package web

import "net/http"

// teamMemberRemove takes a colleague out of a team (supervisors).
func (h *Handler) teamMemberRemove(w http.ResponseWriter, r *http.Request) {
	teamID := r.PathValue("teamId")
	if err := h.Clients.SetTeamMember(r.Context(), actor(r), teamID, r.PathValue("userId"), false); err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/teams?done=removed#team-"+teamID, http.StatusSeeOther)
}
