package auth_test

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// wrongCode returns a six-digit code that is none of secret's codes
// around now.
func wrongCode(t *testing.T, secret string) string {
	wrong := "123456"
	for _, c := range []string{code(t, secret, -1), code(t, secret, 0), code(t, secret, 1)} {
		if c == wrong {
			wrong = "654321"
		}
	}
	return wrong
}

// A stolen session cannot guess the owner's password through the
// current-password check of a password change: wrong guesses count like
// failed logins, the account locks after the same number, every attempt
// is logged, and the password stays as it was.
func TestPasswordChangeReauthenticationThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		anna := env.AddUser(t, "240", "anna", access.Caseworker)
		secret, _, err := env.Auth.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil {
			t.Fatal(err)
		}
		stolen, _, err := env.Auth.SessionActor(ctx, secret, "")
		if err != nil {
			t.Fatal(err)
		}
		const next = "attacker-chosen-password"
		hash := passwordHash(t, env, "anna")
		for i := 0; i < auth.DefaultPolicy.MaxFailures; i++ {
			err := env.Auth.ChangePassword(ctx, stolen, "guess-number-"+string(rune('a'+i)), next, secret)
			if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || ae.Fields[0].Field != "currentPassword" {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		// Locked: even the right password is refused now.
		if err := env.Auth.ChangePassword(ctx, stolen, testenv.Password, next, secret); !apperr.Is(err, apperr.TooMany) {
			t.Fatalf("password changed after %d wrong guesses: %v", auth.DefaultPolicy.MaxFailures, err)
		}
		touched := "user:" + anna.UserID + ",reauthentication"
		for suffix, want := range map[string]int{",wrong_password": 4, ",wrong_password,locked_now": 1, ",locked": 1} {
			if n := denied(t, env, "auth.password_change", touched+suffix); n != want {
				t.Errorf("denied %s logged %d times, want %d", suffix, n, want)
			}
		}
		if passwordHash(t, env, "anna") != hash {
			t.Fatal("the password changed")
		}
		// When the lock is over, the right password works.
		if _, err := env.DB.SQL().Exec(`UPDATE users SET locked_until = NULL`); err != nil {
			t.Fatal(err)
		}
		if err := env.Auth.ChangePassword(ctx, stolen, testenv.Password, next, secret); err != nil {
			t.Fatalf("change after the lock: %v", err)
		}
		if n := countEntries(t, env, "auth.password_change", "allowed"); n != 1 {
			t.Errorf("allowed change logged %d times", n)
		}
	})
}

// Turning TOTP off and removing a security key ask for the password, with
// the same throttling: a stolen session cannot take the owner's second
// factor away by guessing.
func TestSecondFactorRemovalReauthenticationThrottled(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		anna := env.AddUser(t, "240", "anna", access.Caseworker)
		svc := withPolicy(env, false)
		_, _, secret := enrol(t, svc, "anna")
		stolen, _, err := svc.SessionActor(ctx, secret, "")
		if err != nil {
			t.Fatal(err)
		}
		keyID := addKey(t, env, anna)
		if err := svc.RemoveWebAuthn(ctx, stolen, keyID, "a-guess-1"); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("key removed with a wrong password: %v", err)
		}
		for i := 0; i < auth.DefaultPolicy.MaxFailures-1; i++ {
			if err := svc.DisableTOTP(ctx, stolen, "another-guess"); !apperr.Is(err, apperr.Invalid) {
				t.Fatalf("TOTP off with a wrong password: %v", err)
			}
		}
		if err := svc.DisableTOTP(ctx, stolen, testenv.Password); !apperr.Is(err, apperr.TooMany) {
			t.Fatalf("TOTP off after %d wrong passwords: %v", auth.DefaultPolicy.MaxFailures, err)
		}
		if err := svc.RemoveWebAuthn(ctx, stolen, keyID, testenv.Password); !apperr.Is(err, apperr.TooMany) {
			t.Fatalf("key removed while locked: %v", err)
		}
		st, err := svc.TOTP(ctx, stolen)
		if err != nil || !st.Enabled || len(st.Keys) != 1 {
			t.Fatalf("second factors after the attempts: %+v %v", st, err)
		}
		touched := "user:" + anna.UserID + ",key:" + keyID + ",reauthentication,wrong_password"
		if n := denied(t, env, "auth.webauthn_remove", touched); n != 1 {
			t.Errorf("wrong password for key removal logged %d times", n)
		}
		if n := countEntries(t, env, "auth.totp_disable", "denied"); n != auth.DefaultPolicy.MaxFailures {
			t.Errorf("denied TOTP removals logged %d times", n)
		}
	})
}

// A right password does not reset the count of wrong second-factor codes:
// logging in again between guesses does not buy more guesses.
func TestPasswordLoginDoesNotResetSecondFactorCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		svc := withPolicy(env, false)
		secret, _, _ := enrol(t, svc, "anna")
		wrong := wrongCode(t, secret)
		pending, _, _ := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		for i := 0; i < auth.DefaultPolicy.MaxFailures-1; i++ {
			_, _, _ = svc.VerifySecondFactor(ctx, pending, wrong, "")
		}
		pending, _, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, "")
		if err != nil {
			t.Fatal(err)
		}
		_, _, _ = svc.VerifySecondFactor(ctx, pending, wrong, "")
		if _, _, err := svc.Login(ctx, "anna", testenv.Password, "127.0.0.1", access.ChannelUI, ""); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("the account did not lock after %d wrong codes across logins: %v", auth.DefaultPolicy.MaxFailures, err)
		}
		if n := deniedLogins(t, env, "account_locked"); n != 1 {
			t.Errorf("login refused by the account lock logged %d times", n)
		}
	})
}

// passwordHash reads a user's stored password hash.
func passwordHash(t *testing.T, env *testenv.Env, username string) string {
	t.Helper()
	var h string
	if err := env.DB.SQL().QueryRow(`SELECT password_hash FROM users WHERE username = '` + username + `'`).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// countEntries counts the access log's entries of action with result.
func countEntries(t *testing.T, env *testenv.Env, action, result string) int {
	t.Helper()
	var n int
	if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = '` + action + `' AND result = '` + result + `'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addKey gives u a made-up WebAuthn credential and returns its id.
func addKey(t *testing.T, env *testenv.Env, u access.Actor) string {
	t.Helper()
	id := "test-key-" + u.UserID
	err := env.DB.Auth().WithTx(ctx, func(tx auth.Tx) error {
		return tx.InsertWebAuthnCredential(&auth.WebAuthnCredential{ID: id, UserID: u.UserID, OrgID: u.OrgID,
			PublicKey: []byte{0xa0}, Name: "test", CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
