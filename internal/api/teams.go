package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/client"
)

// teamJSON is a team with its members.
type teamJSON struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Members []colleagueJSON `json:"members"`
}

type colleagueJSON struct {
	UserID   string `json:"userId"`
	Username string `json:"username"`
}

func teamOut(t client.Team) teamJSON {
	out := teamJSON{ID: t.ID, Name: t.Name, Members: make([]colleagueJSON, len(t.Members))}
	for i, m := range t.Members {
		out.Members[i] = colleagueJSON{UserID: m.UserID, Username: m.Username}
	}
	return out
}

// teams lists the organisation's teams (supervisors).
func (a *API) teams(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	ts, err := a.Clients.Teams(r.Context(), actor)
	if err != nil {
		return err
	}
	out := make([]teamJSON, len(ts))
	for i, t := range ts {
		out[i] = teamOut(t)
	}
	writeJSON(w, http.StatusOK, itemsJSON[teamJSON]{Items: out})
	return nil
}

// createTeam adds a team: 201 with the team.
func (a *API) createTeam(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t, err := a.Clients.CreateTeam(r.Context(), actor, in.Name)
	if err != nil {
		return err
	}
	w.Header().Set("Location", Prefix+"/teams/"+t.ID)
	writeJSON(w, http.StatusCreated, teamOut(t))
	return nil
}

// addTeamMember (PUT) and removeTeamMember (DELETE) answer 204.
func (a *API) addTeamMember(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.setTeamMember(w, r, actor, true)
}

func (a *API) removeTeamMember(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.setTeamMember(w, r, actor, false)
}

func (a *API) setTeamMember(w http.ResponseWriter, r *http.Request, actor access.Actor, member bool) error {
	if err := a.Clients.SetTeamMember(r.Context(), actor, r.PathValue("id"), r.PathValue("userId"), member); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// setClientTeam puts a client in a team, or with {"teamId": null} takes it
// out: 204.
func (a *API) setClientTeam(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in struct {
		TeamID *string `json:"teamId"`
	}
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	team := ""
	if in.TeamID != nil {
		team = *in.TeamID
	}
	if err := a.Clients.SetClientTeam(r.Context(), actor, r.PathValue("id"), team); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
