package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
)

// team fills the card's team form for supervisors (CanAssign): the teams
// to choose from with the client's own selected, and "no team".
func (m *cardPage) team(current string, teams []client.Team) {
	if !m.CanAssign {
		return
	}
	b := builder{p: m.p, errs: m.Errors}
	f := b.input("select", "teamId", "team.client_team", current)
	f.Options = []option{{Value: "", Label: m.T("team.none"), Selected: current == ""}}
	for _, t := range teams {
		f.Options = append(f.Options, option{Value: t.ID, Label: t.Name, Selected: t.ID == current})
	}
	m.Team = f
}

// clientTeamSet puts a client in a team, or with an empty choice takes it
// out of its team, from the card (supervisors).
func (h *Handler) clientTeamSet(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.Clients.SetClientTeam(r.Context(), actor(r), id, strings.TrimSpace(r.PostFormValue("teamId")))
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		var errs formErrors
		errs.add("teamId", h.catalog.Printer(language(r)).T("validation.choice"))
		h.showCard(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/clients/"+id+"#h-team", http.StatusSeeOther)
}
