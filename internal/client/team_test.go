package client_test

import (
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/store/storetest"
)

// Members of a client's team have need-to-know; others must state a reason.
func TestTeamGivesNeedToKnow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		member := f.env.AddUser(t, "240", "tiimi.ohjaaja", access.Caseworker)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1993, 9, 9, 977), "Tiimi", "Asiakas"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Get(ctx, member, c.ID); !gate.IsReasonRequired(err) {
			t.Fatalf("before the team: want reason required, got %v", err)
		}
		if _, err := f.env.Clients.CreateTeam(ctx, f.caseworker, "Ei oikeutta"); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker created a team: %v", err)
		}
		team, err := f.env.Clients.CreateTeam(ctx, f.supervisor, "Kotoutumistiimi")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.SetTeamMember(ctx, f.supervisor, team.ID, member.UserID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.SetTeamMember(ctx, f.supervisor, team.ID, f.admin.UserID, true); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("an org admin joined a team: %v", err)
		}
		if err := f.env.Clients.SetClientTeam(ctx, f.supervisor, c.ID, team.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Get(ctx, member, c.ID); err != nil {
			t.Fatalf("team member: %v", err)
		}
		teams, err := f.env.Clients.Teams(ctx, f.supervisor)
		if err != nil || len(teams) != 1 || len(teams[0].Members) != 1 || teams[0].Members[0].Username != "tiimi.ohjaaja" {
			t.Fatalf("teams: %+v %v", teams, err)
		}
		if err := f.env.Clients.SetClientTeam(ctx, f.otherOrg, c.ID, ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other organisation changed the team: %v", err)
		}
		if err := f.env.Clients.SetClientTeam(ctx, f.supervisor, c.ID, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Get(ctx, member, c.ID); !gate.IsReasonRequired(err) {
			t.Errorf("after leaving the team: want reason required, got %v", err)
		}
	})
}

// Reading who is responsible for a client is a use of the client's data.
func TestAssignmentsAreLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1994, 4, 4, 979), "Vastuu", "Asiakas"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		as, err := f.env.Clients.Assignments(ctx, f.supervisor, c.ID)
		if err != nil || len(as) != 1 || as[0].Username != "anna.ohjaaja" {
			t.Fatalf("assignments: %+v %v", as, err)
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range log {
			found = found || (e.Touched == "assignments" && e.Username == "erkki.esihenkilo")
		}
		if !found {
			t.Errorf("no access-log entry for reading the assignments: %+v", log)
		}
	})
}
