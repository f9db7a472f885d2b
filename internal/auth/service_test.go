package auth_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

func TestLoginAndSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		secret, u, err := env.Auth.Login(ctx, "Anna", testenv.Password, "127.0.0.1", access.ChannelUI, "r1")
		if err != nil || u.Username != "anna" || len(secret) < 40 {
			t.Fatalf("login: %v %q", err, u.Username)
		}
		actor, _, err := env.Auth.SessionActor(ctx, secret, "r2")
		if err != nil || actor.Username != "anna" || !actor.Has(access.Caseworker) {
			t.Fatalf("session: %+v %v", actor, err)
		}
		other, _, err := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "r3")
		if err != nil || other == secret {
			t.Fatal("every login must get a new session token")
		}
		if err := env.Auth.Logout(ctx, actor, secret); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, "r4"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("session after logout: %v", err)
		}
	})
}

// Wrong password and unknown user fail the same way.
func TestLoginFailuresLookTheSame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		_, _, errUnknown := env.Auth.Login(ctx, "nobody", "whatever-password", "10.0.0.1", access.ChannelUI, "")
		_, _, errWrong := env.Auth.Login(ctx, "anna", "wrong-password-123", "10.0.0.1", access.ChannelUI, "")
		ae1, _ := apperr.As(errUnknown)
		ae2, _ := apperr.As(errWrong)
		if ae1 == nil || ae2 == nil || ae1.Key != ae2.Key || ae1.Kind != apperr.Unauthenticated {
			t.Fatalf("unknown user and wrong password must look the same: %v / %v", errUnknown, errWrong)
		}
	})
}

// Disabling a user ends sessions and API tokens at once.
func TestDisableRevokesAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		token := env.Token(t, "anna")
		secret, _, err := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil {
			t.Fatal(err)
		}
		if a, err := env.Auth.TokenActor(ctx, token, ""); err != nil || a.Channel != access.ChannelAPI {
			t.Fatalf("token: %v", err)
		}
		if err := env.Auth.SetDisabled(ctx, testenv.System, "anna", true); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Auth.TokenActor(ctx, token, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("token of disabled user: %v", err)
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("session of disabled user: %v", err)
		}
		if err := env.Auth.SetDisabled(ctx, testenv.System, "anna", false); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Auth.TokenActor(ctx, token, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("re-enabling must not revive revoked tokens: %v", err)
		}
	})
}

func TestAdminBoundaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddOrg(t, "430")
		admin := env.AddUser(t, "240", "paula", access.OrgAdmin)
		_, err := env.Auth.AddUser(ctx, admin, newUser("430", "x.y", access.Caseworker))
		if !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("org admin added a user to another organisation: %v", err)
		}
		_, err = env.Auth.AddUser(ctx, admin, newUser("240", "x.z", access.OperatorAdmin))
		if !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("org admin granted a role they do not hold: %v", err)
		}
		if _, err := env.Auth.AddUser(ctx, admin, newUser("240", "new.caseworker", access.Caseworker)); err != nil {
			t.Errorf("org admin adds a caseworker: %v", err)
		}
		if _, err := env.Orgs.Add(ctx, admin, orgOf("999")); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("org admin added an organisation: %v", err)
		}
	})
}
