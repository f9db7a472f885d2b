package web

import (
	"net/http"

	"koto/internal/client"
)

// teamsPage is the model of the supervisor's teams page: the teams with
// their members, a form per team to add a colleague, and a form to
// create a team.
type teamsPage struct {
	page
	Errors formErrors
	Teams  []teamRow
	Name   field // the new team's name
	Done   string
}

type teamRow struct {
	ID, Name string
	Members  []teamMemberRow
	Add      field // the colleague to add; no options when all are members
}

type teamMemberRow struct {
	UserID, Name, Username string
}

// teamsList shows the organisation's teams (supervisors: client.assign).
func (h *Handler) teamsList(w http.ResponseWriter, r *http.Request) {
	h.showTeams(w, r, http.StatusOK, formErrors{}, "", "")
}

// showTeams renders the teams page with status; errs belong to the create
// form or, with errTeam, to that team's add form; name refills the
// create form.
func (h *Handler) showTeams(w http.ResponseWriter, r *http.Request, status int, errs formErrors, errTeam, name string) {
	a := actor(r)
	ov, err := h.Clients.TeamOverview(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "team.title")
	pg.Nav, pg.Here = "teams", "/teams"
	b := builder{p: pg.p, errs: errs}
	m := teamsPage{page: pg, Errors: errs, Name: b.text("name", "team.name", name).required().autocomplete("off")}
	switch r.URL.Query().Get("done") {
	case "created":
		m.Done = pg.T("team.created")
	case "added":
		m.Done = pg.T("team.member_added")
	case "removed":
		m.Done = pg.T("team.member_removed")
	}
	for _, t := range ov.Teams {
		m.Teams = append(m.Teams, teamRowOf(pg, b, a.UserID, t, ov.Colleagues, errTeam == t.ID))
	}
	h.render(w, r, status, "teams", m)
}

// teamRowOf builds one team: its members by display name, and the add
// form offering the colleagues not yet in it (never the supervisor
// themselves: another supervisor decides their membership).
func teamRowOf(pg page, b builder, self string, t client.Team, colleagues []client.Colleague, withErr bool) teamRow {
	row := teamRow{ID: t.ID, Name: t.Name}
	in := map[string]bool{}
	for _, mb := range t.Members {
		in[mb.UserID] = true
		row.Members = append(row.Members, teamMemberRow{UserID: mb.UserID, Name: displayName(mb.DisplayName, mb.Username), Username: mb.Username})
	}
	key := teamFieldKey(t.ID)
	f := b.input("select", key, "team.add_member", "")
	if !withErr {
		f.Error = ""
	}
	f.Name = "userId"
	f.Options = []option{{Value: "", Label: pg.T("web.choose"), Selected: true}}
	for _, c := range colleagues {
		if !in[c.UserID] && c.UserID != self {
			f.Options = append(f.Options, option{Value: c.UserID, Label: colleagueName(c)})
		}
	}
	if len(f.Options) > 1 {
		row.Add = f
	}
	return row
}

// teamFieldKey names a team's add form in the error summary.
func teamFieldKey(teamID string) string { return "teams[" + teamID + "].userId" }

// displayName is the name a colleague is shown by: the display name, or
// the username when there is none.
func displayName(display, username string) string {
	if display != "" {
		return display
	}
	return username
}
