package client_test

import (
	"fmt"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/store/storetest"
)

// The reviewer's attack: a one-character reason opened and changed health
// data of many clients in a second. A reason needs a real explanation,
// and a user may state only so many per day.
func TestStatedReasonsHaveLengthAndALimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		other := f.env.AddUser(t, "240", "utelias.ohjaaja", access.Caseworker)
		var ids []string
		for i := range client.DefaultPolicy.ReasonsPerDay + 1 {
			c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1980, 1, 1+i, 900+2*i), "Raja", fmt.Sprintf("Asiakas%c", 'A'+i)), client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		for _, text := range []string{"x", strings.Repeat("y", client.MinReasonText-1), strings.Repeat(" ", 30)} {
			if _, err := f.env.Clients.GiveReason(ctx, other, ids[0], "other", text); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("reason %q: want Invalid, got %v", text, err)
			}
		}
		if _, err := f.env.Clients.GetSensitive(ctx, other, ids[0], "assessment"); !gate.IsReasonRequired(err) {
			t.Fatalf("a refused reason opened the client: %v", err)
		}
		const why = "Sijaistan vastuuohjaajaa tämän viikon."
		for i, id := range ids {
			_, err := f.env.Clients.GiveReason(ctx, other, id, "substitute", why)
			if i < client.DefaultPolicy.ReasonsPerDay && err != nil {
				t.Fatalf("reason %d: %v", i+1, err)
			}
			if i == client.DefaultPolicy.ReasonsPerDay && !apperr.Is(err, apperr.TooMany) {
				t.Fatalf("reason %d over the daily limit: want TooMany, got %v", i+1, err)
			}
		}
		if _, err := f.env.Clients.Get(ctx, other, ids[len(ids)-1]); !gate.IsReasonRequired(err) {
			t.Errorf("the reason over the limit opened the client: %v", err)
		}
		// The refusal is in the log.
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'access_reason.give' AND result = 'denied'
			AND touched = 'reason_limit' AND client_id = '` + ids[len(ids)-1] + `'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("refusal over the limit logged %d times (%v), want 1", n, err)
		}
		// Every use a reason opened names the reason in the log.
		if _, err := f.env.Clients.Get(ctx, other, ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'client.read' AND client_id = '` + ids[0] +
			`' AND user_id = '` + other.UserID + `' AND touched LIKE 'card,permits,by_reason:%'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("the read opened by a reason is logged %d times with the reason (%v), want 1", n, err)
		}
	})
}

// Access on one's own word is reviewed by someone else: nobody clears
// their own reason, and a supervisor's self-assignment is in the queue.
func TestReviewBySomeoneElse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		other := f.env.AddUser(t, "240", "toinen.esihenkilo", access.Supervisor)
		dpo := f.env.AddUser(t, "240", "tietosuoja", access.DPO)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1979, 4, 4, 904), "Arvio", "Asiakas"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// A supervisor reads health data only with a relation: the
		// reviewer's attack assigned themselves, read and unassigned.
		if err := f.env.Clients.Assign(ctx, f.supervisor, c.ID, f.supervisor.UserID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.GetSensitive(ctx, f.supervisor, c.ID, "assessment"); err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.Assign(ctx, f.supervisor, c.ID, f.supervisor.UserID, false); err != nil {
			t.Fatal(err)
		}
		queue, err := f.env.Clients.ReviewQueue(ctx, other, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(queue) != 1 || queue[0].Kind != client.KindSelfAssignment || queue[0].UserID != f.supervisor.UserID || queue[0].ClientID != c.ID {
			t.Fatalf("the self-assignment is not in the queue: %+v", queue)
		}
		if err := f.env.Clients.MarkReviewed(ctx, f.supervisor, queue[0].ID); !apperr.Is(err, apperr.Forbidden) || err.(*apperr.Error).Key != "access.review_own" {
			t.Fatalf("a supervisor cleared their own self-assignment: %v", err)
		}
		// A caseworker's reason: the supervisor clears it, the caseworker cannot.
		cw := f.env.AddUser(t, "240", "sijainen", access.Caseworker)
		r, err := f.env.Clients.GiveReason(ctx, f.supervisor, c.ID, "supervisor_request", "Tarkistan asiakkaan tiedot valituksen vuoksi.")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.MarkReviewed(ctx, f.supervisor, r.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a supervisor approved their own stated reason: %v", err)
		}
		if err := f.env.Clients.MarkReviewed(ctx, cw, r.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a caseworker reviewed: %v", err)
		}
		if err := f.env.Clients.MarkReviewed(ctx, dpo, r.ID); err != nil {
			t.Errorf("the data-protection officer reviews: %v", err)
		}
		if err := f.env.Clients.MarkReviewed(ctx, other, queue[0].ID); err != nil {
			t.Errorf("another supervisor reviews the self-assignment: %v", err)
		}
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'access_reason.review' AND result = 'denied'
			AND user_id = '` + f.supervisor.UserID + `'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d refused self-reviews logged (%v), want 2", n, err)
		}
		// Team membership opens every client of the team: not self-service.
		team, err := f.env.Clients.CreateTeam(ctx, f.supervisor, "Oma tiimi")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.SetTeamMember(ctx, f.supervisor, team.ID, f.supervisor.UserID, true); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a supervisor added themselves to a team: %v", err)
		}
		if err := f.env.Clients.SetTeamMember(ctx, other, team.ID, f.supervisor.UserID, true); err != nil {
			t.Errorf("another supervisor adds them: %v", err)
		}
	})
}

// Special-category data is used only with a purpose and kept in versions.
func TestSensitiveNeedsPurposeAndKeepsVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1985, 8, 8, 908), "Terveys", "Asiakas"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, purpose := range []string{"", "curiosity"} {
			if _, err := f.env.Clients.GetSensitive(ctx, f.caseworker, c.ID, purpose); !gate.IsPurposeRequired(err) {
				t.Errorf("read with purpose %q: %v", purpose, err)
			}
			if _, err := f.env.Clients.SaveSensitive(ctx, f.caseworker, c.ID, purpose, client.Sensitive{Health: "x"}); !gate.IsPurposeRequired(err) {
				t.Errorf("save with purpose %q: %v", purpose, err)
			}
		}
		// Without a relation the purpose is never asked: the answer is the refusal.
		if _, err := f.env.Clients.GetSensitive(ctx, f.otherOrg, c.ID, ""); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation learned it may give a purpose: %v", err)
		}
		s, err := f.env.Clients.SaveSensitive(ctx, f.caseworker, c.ID, "assessment", client.Sensitive{Health: "Ensimmäinen"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.SaveSensitive(ctx, f.caseworker, c.ID, "integration_plan", client.Sensitive{Health: "Toinen", Version: s.Version}); err != nil {
			t.Fatal(err)
		}
		got, err := f.env.Clients.GetSensitive(ctx, f.caseworker, c.ID, "client_meeting")
		if err != nil || got.Health != "Toinen" || got.Version != 2 {
			t.Fatalf("newest version: %+v %v", got, err)
		}
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM client_sensitive_versions WHERE client_id = '` + c.ID + `'`).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d versions kept (%v), want 2", n, err)
		}
	})
}

// Telling that a person is a client is a use of that client: the 409 of a
// taken HETU and the duplicate warning are in the existing client's log.
func TestExistenceAnswersAreLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		h := testHETU(t, 1975, 5, 5, 906)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(h, "Olemassa", "Oleva"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		prober := f.env.AddUser(t, "240", "kokeilija", access.Caseworker)
		if _, _, err := f.env.Clients.Create(ctx, prober, details(h, "Kuka", "Tahansa"), client.CreateOptions{}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("want Conflict, got %v", err)
		}
		d := details("", "Olemassa", "Oleva")
		d.BirthDate = c.BirthDate
		_, _, err = f.env.Clients.Create(ctx, prober, d, client.CreateOptions{RefuseDuplicates: true})
		var dup *client.DuplicateError
		if !errorsAs(err, &dup) || len(dup.Matches) != 1 {
			t.Fatalf("want a duplicate warning, got %v", err)
		}
		other, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1975, 5, 6, 908), "Toinen", "Henkilö"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.Update(ctx, f.caseworker, other.ID, 0, func(d *client.Details, _ bool) error { d.HETU, d.BirthDate = h, c.BirthDate; return nil }); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("update to a taken HETU: want Conflict, got %v", err)
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var uses []string
		for _, e := range log {
			if e.Action != "client.read" && e.Action != "access_log" {
				uses = append(uses, e.Username+":"+e.Action+":"+e.Touched)
			}
		}
		want := []string{"anna.ohjaaja:client.update:hetu_taken", "kokeilija:client.create:duplicate_check", "kokeilija:client.create:hetu_taken", "anna.ohjaaja:client.create:card"}
		if strings.Join(uses, " ") != strings.Join(want, " ") {
			t.Errorf("the client's log shows %v, want %v", uses, want)
		}
	})
}
