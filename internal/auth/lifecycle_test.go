package auth_test

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A role change ends every session and API token of the user at once.
func TestSetRolesRevokesAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "430")
		admin := env.AddUser(t, "240", "paula", access.OrgAdmin)
		other := env.AddUser(t, "430", "olli", access.OrgAdmin)
		env.AddUser(t, "240", "anna", access.Caseworker)
		token := env.Token(t, "anna")
		secret, _, err := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Auth.SetRoles(ctx, other, "anna", []access.Role{access.Supervisor}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("admin of another organisation changed roles: %v", err)
		}
		if err := env.Auth.SetRoles(ctx, admin, "anna", []access.Role{access.OperatorAdmin}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("org admin granted operator_admin: %v", err)
		}
		if err := env.Auth.SetRoles(ctx, admin, "anna", nil); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("no roles: %v", err)
		}
		if err := env.Auth.SetRoles(ctx, admin, "anna", []access.Role{access.Supervisor, access.Caseworker}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("session after a role change: %v", err)
		}
		if _, err := env.Auth.TokenActor(ctx, token, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("token after a role change: %v", err)
		}
		secret, u, err := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil || len(u.Roles) != 2 {
			t.Fatalf("login with new roles: %v %v", u.Roles, err)
		}
		if err := env.Auth.EndUserSessions(ctx, admin, "anna"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("session after the admin ended it: %v", err)
		}
	})
}

// Users see and end their own sessions, and no one else's.
func TestOwnSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		env.AddUser(t, "240", "bert", access.Caseworker)
		s1, _, _ := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		s2, _, _ := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		b, _, _ := env.Auth.Login(ctx, "bert", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		anna, cur, err := env.Auth.SessionActor(ctx, s1, "")
		if err != nil {
			t.Fatal(err)
		}
		list, err := env.Auth.MySessions(ctx, anna)
		if err != nil || len(list) != 2 || list[0].ID == "" || list[0].ID == list[1].ID {
			t.Fatalf("sessions: %+v %v", list, err)
		}
		bert, _, _ := env.Auth.SessionActor(ctx, b, "")
		if err := env.Auth.EndMySession(ctx, bert, cur.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("ended another user's session: %v", err)
		}
		_, other, _ := env.Auth.SessionActor(ctx, s2, "")
		if err := env.Auth.EndMySession(ctx, anna, other.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, s2, ""); err == nil {
			t.Error("ended session still works")
		}
		if _, _, err := env.Auth.SessionActor(ctx, s1, ""); err != nil {
			t.Errorf("current session: %v", err)
		}
	})
}

// Unused accounts and accounts past their end date are disabled by the
// lifecycle job, with their sessions and tokens; re-running is harmless.
func TestExpireAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		admin := env.AddUser(t, "240", "paula", access.OrgAdmin)
		env.AddUser(t, "240", "idle", access.Caseworker)
		env.AddUser(t, "240", "leaver", access.Caseworker)
		env.AddUser(t, "240", "active", access.Caseworker)
		env.AddUser(t, "240", "integration", access.Caseworker)
		idleToken := env.Token(t, "idle")
		// An account used only through its API token is not idle.
		integrationToken := env.Token(t, "integration")
		if _, err := env.Auth.TokenActor(ctx, integrationToken, ""); err != nil {
			t.Fatal(err)
		}
		leaver, _, _ := env.Auth.Login(ctx, "leaver", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		db := env.DB.SQL()
		old := time.Now().Add(-100 * 24 * time.Hour).UTC()
		q := `UPDATE users SET created_at = $1 WHERE username IN ('idle', 'integration')`
		if engine == "sqlite" {
			q = `UPDATE users SET created_at = ? WHERE username IN ('idle', 'integration')`
		}
		if _, err := db.Exec(q, old); err != nil {
			t.Fatal(err)
		}
		yesterday := civil.DateOf(time.Now().Add(-48 * time.Hour))
		q = `UPDATE users SET end_date = $1 WHERE username = 'leaver'`
		if engine == "sqlite" {
			q = `UPDATE users SET end_date = ? WHERE username = 'leaver'`
		}
		if _, err := db.Exec(q, yesterday); err != nil {
			t.Fatal(err)
		}
		// The end date is enforced on the next request even before the job.
		if _, _, err := env.Auth.SessionActor(ctx, leaver, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("session past the end date: %v", err)
		}
		res, err := env.Auth.ExpireAccounts(ctx)
		if err != nil || res != "disabled 2 accounts" {
			t.Fatalf("job: %q %v", res, err)
		}
		if res, _ := env.Auth.ExpireAccounts(ctx); res != "disabled 0 accounts" {
			t.Errorf("second run: %q", res)
		}
		users, _ := env.Auth.Users(ctx, admin)
		for _, u := range users {
			want := u.Username == "idle" || u.Username == "leaver"
			if (u.DisabledAt != nil) != want {
				t.Errorf("%s disabled=%v", u.Username, u.DisabledAt != nil)
			}
		}
		if _, err := env.Auth.TokenActor(ctx, idleToken, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("token of an expired account: %v", err)
		}
		// Enabled again by an admin, the account gets a fresh 90 days.
		if err := env.Auth.SetDisabled(ctx, admin, "idle", false); err != nil {
			t.Fatal(err)
		}
		if res, _ := env.Auth.ExpireAccounts(ctx); res != "disabled 0 accounts" {
			t.Errorf("re-enabled account disabled again: %q", res)
		}
		if _, _, err := env.Auth.Login(ctx, "idle", testenv.Password, "127.0.0.1", access.ChannelUI, ""); err != nil {
			t.Errorf("re-enabled account: %v", err)
		}
		// An end date set in the past disables at once; a future one not.
		if err := env.Auth.SetEndDate(ctx, admin, "active", civil.DateOf(time.Now().Add(30*24*time.Hour))); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.Login(ctx, "active", testenv.Password, "127.0.0.1", access.ChannelUI, ""); err != nil {
			t.Errorf("future end date: %v", err)
		}
		if err := env.Auth.SetEndDate(ctx, admin, "active", yesterday); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.Login(ctx, "active", testenv.Password, "127.0.0.1", access.ChannelUI, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("past end date: %v", err)
		}
	})
}
