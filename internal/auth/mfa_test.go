package auth_test

import (
	"encoding/base32"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// withPolicy returns a service over env's store with the second factor
// required (or not) for the roles that see client data.
func withPolicy(env *testenv.Env, required bool) *auth.Service {
	p := auth.DefaultPolicy
	p.Argon2 = testenv.CheapArgon2
	p.MFARequired = required
	return auth.NewService(env.DB.Auth(), p, store.NewID, time.Now)
}

// code computes the TOTP code of secret at now plus offset steps.
func code(t *testing.T, secret string, offset int64) string {
	t.Helper()
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	if err != nil {
		t.Fatal(err)
	}
	return auth.TOTPCode(key, auth.TOTPStep(time.Now())+offset, 6)
}

// enrol logs username in and enrols TOTP; it returns the TOTP secret, the
// recovery codes and the (now verified) session secret.
func enrol(t *testing.T, svc *auth.Service, username string) (string, []string, string) {
	t.Helper()
	secret, _, err := svc.Login(ctx, username, testenv.Password, "127.0.0.1", access.ChannelUI, "")
	if err != nil {
		t.Fatal(err)
	}
	actor, _, err := svc.Authenticate(ctx, secret, "")
	if err != nil {
		t.Fatal(err)
	}
	st, err := svc.TOTP(ctx, actor)
	if err != nil || st.Enabled || st.Secret == "" {
		t.Fatalf("start enrolment: %+v %v", st, err)
	}
	again, _ := svc.TOTP(ctx, actor)
	if again.Secret != st.Secret {
		t.Error("reloading the enrolment page must keep the pending secret")
	}
	if _, err := svc.ConfirmTOTP(ctx, actor, "000000", secret); !apperr.Is(err, apperr.Invalid) && code(t, st.Secret, 0) != "000000" {
		t.Errorf("wrong confirmation code: %v", err)
	}
	codes, err := svc.ConfirmTOTP(ctx, actor, code(t, st.Secret, 0), secret)
	if err != nil || len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("confirm: %v %d", err, len(codes))
	}
	if _, sess, err := svc.Authenticate(ctx, secret, ""); err != nil || sess.Pending != auth.StepNone {
		t.Fatalf("the enrolling session must count as verified: %v", err)
	}
	return st.Secret, codes, secret
}

func TestTOTPLoginAndRecoveryCodes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		svc := withPolicy(env, false)
		totpSecret, codes, _ := enrol(t, svc, "anna")

		// The sealed key in the database is not the secret.
		var sealed []byte
		if err := env.DB.SQL().QueryRow(`SELECT totp_secret_enc FROM users WHERE username = 'anna'`).Scan(&sealed); err != nil || len(sealed) < 40 {
			t.Fatalf("sealed key: %v", err)
		}

		// Password alone gives a session that is waiting for the code.
		pending, u, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil || svc.StepAfterLogin(u) != auth.StepTOTP {
			t.Fatalf("login: %v", err)
		}
		if _, _, err := svc.SessionActor(ctx, pending, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a session without its second factor gave access: %v", err)
		}
		if _, sess, err := svc.Authenticate(ctx, pending, ""); err != nil || sess.Pending != auth.StepTOTP {
			t.Fatalf("pending session: %v", err)
		}
		// Replay: the code used to confirm enrolment is refused.
		if _, _, err := svc.VerifySecondFactor(ctx, pending, code(t, totpSecret, 0), ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("replayed code: %v", err)
		}
		full, _, err := svc.VerifySecondFactor(ctx, pending, code(t, totpSecret, 1), "")
		if err != nil || full == pending {
			t.Fatalf("next step's code: %v", err)
		}
		if _, _, err := svc.SessionActor(ctx, full, ""); err != nil {
			t.Fatalf("verified session: %v", err)
		}
		if _, _, err := svc.SessionActor(ctx, pending, ""); err == nil {
			t.Fatal("the pending session secret must be replaced")
		}

		// A recovery code works once.
		for i, want := range []bool{true, false} {
			p, _, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.2", access.ChannelUI, "")
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = svc.VerifySecondFactor(ctx, p, codes[0], "")
			if (err == nil) != want {
				t.Errorf("recovery code use %d: %v", i+1, err)
			}
		}
		actor, _, _ := svc.SessionActor(ctx, full, "")
		st, err := svc.TOTP(ctx, actor)
		if err != nil || !st.Enabled || st.RecoveryLeft != auth.RecoveryCodeCount-1 {
			t.Errorf("status: %+v %v", st, err)
		}
		// Disabling needs the password.
		if err := svc.DisableTOTP(ctx, actor, "wrong password 123"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("disable with a wrong password: %v", err)
		}
		if err := svc.DisableTOTP(ctx, actor, testenv.Password); err != nil {
			t.Fatal(err)
		}
		if _, u, _ := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, ""); svc.StepAfterLogin(u) != auth.StepNone {
			t.Error("second factor still asked after disabling")
		}
	})
}

// Wrong codes lock the account like wrong passwords.
func TestSecondFactorLockout(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		svc := withPolicy(env, false)
		secret, _, _ := enrol(t, svc, "anna")
		pending, _, _ := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		wrong := "123456"
		for _, c := range []string{code(t, secret, -1), code(t, secret, 0), code(t, secret, 1)} {
			if c == wrong {
				wrong = "654321"
			}
		}
		for i := 0; i < auth.DefaultPolicy.MaxFailures; i++ {
			_, _, _ = svc.VerifySecondFactor(ctx, pending, wrong, "")
		}
		if _, _, err := svc.VerifySecondFactor(ctx, pending, code(t, secret, 1), ""); err == nil {
			t.Fatal("right code accepted after the lockout")
		}
		if _, _, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("locked account logged in: %v", err)
		}
	})
}

// With the second factor required, a caseworker without one can only enrol;
// an org admin (no client data) is not held up; API tokens are unaffected.
func TestMFARequiredRoles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		env.AddUser(t, "240", "paula", access.OrgAdmin)
		token := env.Token(t, "anna")
		svc := withPolicy(env, true)

		secret, u, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil || svc.StepAfterLogin(u) != auth.StepEnrol {
			t.Fatalf("login: %v %v", err, svc.StepAfterLogin(u))
		}
		if _, _, err := svc.SessionActor(ctx, secret, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatal("a caseworker without a second factor got a full session")
		}
		if _, err := svc.TokenActor(ctx, token, ""); err != nil {
			t.Fatalf("API token: %v", err)
		}
		admin, _, err := svc.Login(ctx, "paula", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionActor(ctx, admin, ""); err != nil {
			t.Fatalf("org admin: %v", err)
		}
		_, _, full := enrol(t, svc, "anna")
		actor, _, err := svc.SessionActor(ctx, full, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.DisableTOTP(ctx, actor, testenv.Password); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("a required second factor was disabled: %v", err)
		}
	})
}
