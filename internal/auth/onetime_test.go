package auth_test

import (
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A password Koto generates must be changed before anything else: the
// session opens only the change (SessionActor refuses it), the user's API
// tokens answer 403, and the one-time password cannot be kept.
func TestOneTimePasswordMustBeChanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		token := env.Token(t, "anna")
		oneTime, err := env.Auth.ResetPassword(ctx, testenv.System, "anna", "", true)
		if err != nil || len(oneTime) < auth.MinPasswordLength {
			t.Fatalf("reset: %q %v", oneTime, err)
		}
		secret, u, err := env.Auth.Login(ctx, "anna", oneTime, "127.0.0.1", access.ChannelUI, "")
		if err != nil || env.Auth.StepAfterLogin(u) != auth.StepPassword {
			t.Fatalf("login with the one-time password: %v, step %q", err, env.Auth.StepAfterLogin(u))
		}
		if _, _, err := env.Auth.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a session with a one-time password gave access: %v", err)
		}
		actor, sess, err := env.Auth.Authenticate(ctx, secret, "")
		if err != nil || sess.Pending != auth.StepPassword {
			t.Fatalf("pending step: %+v %v", sess, err)
		}
		ae, _ := apperr.As(tokenErr(env, token))
		if ae == nil || ae.Kind != apperr.Forbidden || ae.Key != "auth.password_change_required" {
			t.Fatalf("API token of a user with a one-time password: %v", ae)
		}
		if err := env.Auth.ChangePassword(ctx, actor, oneTime, oneTime, secret); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("the one-time password was kept: %v", err)
		}
		if err := env.Auth.ChangePassword(ctx, actor, oneTime, "annas-own-password", secret); err != nil {
			t.Fatal(err)
		}
		if _, sess, err := env.Auth.Authenticate(ctx, secret, ""); err != nil || sess.Pending != auth.StepNone {
			t.Fatalf("after the change: %+v %v", sess, err)
		}
		if err := tokenErr(env, token); err != nil {
			t.Fatalf("API token after the change: %v", err)
		}
	})
}

// With the second factor, the order is: the code, the new password, and
// enrolment last (nothing opens on the one-time password alone).
func TestOneTimePasswordStepOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		svc := withPolicy(env, true)
		if _, err := svc.ResetPassword(ctx, testenv.System, "anna", "", true); err != nil {
			t.Fatal(err)
		}
		u, err := userByName(env, "anna")
		if err != nil {
			t.Fatal(err)
		}
		if step := svc.StepAfterLogin(u); step != auth.StepPassword {
			t.Errorf("no second factor yet: step %q, want the password first", step)
		}
		u.TOTPEnabledAt = &u.CreatedAt
		if step := svc.StepAfterLogin(u); step != auth.StepTOTP {
			t.Errorf("with a second factor: step %q, want the code first", step)
		}
	})
}

// The operator decides for a password given on standard input: a user's
// own password (user add --password-stdin) is not forced to change, and
// reset-password --password-stdin --must-change=false neither.
func TestGivenPasswordsAreTheUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		for _, c := range []struct {
			mustChange bool
			want       auth.Step
		}{{false, auth.StepNone}, {true, auth.StepPassword}} {
			if _, err := env.Auth.ResetPassword(ctx, testenv.System, "anna", "chosen-by-anna-2026", c.mustChange); err != nil {
				t.Fatal(err)
			}
			_, u, err := env.Auth.Login(ctx, "anna", "chosen-by-anna-2026", "127.0.0.1", access.ChannelUI, "")
			if err != nil || env.Auth.StepAfterLogin(u) != c.want {
				t.Errorf("must change %v: step %q %v, want %q", c.mustChange, env.Auth.StepAfterLogin(u), err, c.want)
			}
		}
		// A generated password is one-time whatever the caller asks.
		if _, err := env.Auth.ResetPassword(ctx, testenv.System, "anna", "", false); err != nil {
			t.Fatal(err)
		}
		if u, _ := userByName(env, "anna"); !u.MustChangePassword {
			t.Error("a generated password need not be changed")
		}
	})
}

func tokenErr(env *testenv.Env, token string) error {
	_, err := env.Auth.TokenActor(ctx, token, "")
	return err
}

func userByName(env *testenv.Env, username string) (auth.User, error) {
	var u auth.User
	err := env.DB.Auth().WithTx(ctx, func(tx auth.Tx) error {
		var err error
		u, err = tx.UserByUsername(username)
		return err
	})
	return u, err
}
