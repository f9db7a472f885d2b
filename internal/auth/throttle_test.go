package auth_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// login tries username's password from the client address source.
func login(env *testenv.Env, username, password, source string) error {
	_, _, err := env.Auth.Login(ctx, username, password, source, access.ChannelUI, "")
	return err
}

// denied counts the access log's denied entries of action whose touched
// field is touched (both constants of the test).
func denied(t *testing.T, env *testenv.Env, action, touched string) int {
	t.Helper()
	var n int
	q := fmt.Sprintf(`SELECT COUNT(*) FROM audit_entries WHERE action = '%s' AND result = 'denied' AND touched = '%s'`, action, touched)
	if err := env.DB.SQL().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// deniedLogins counts denied logins for reason.
func deniedLogins(t *testing.T, env *testenv.Env, reason string) int {
	t.Helper()
	return denied(t, env, "auth.login", reason)
}

// The lockout is keyed on (account, client address): an attacker who
// guesses anna's password from one address locks her out of that address
// only, never out of her own.
func TestLockoutIsPerAccountAndAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		const attacker, own = "203.0.113.9", "198.51.100.7"
		for i := 0; i < 5; i++ {
			if err := login(env, "anna", "wrong-password-123", attacker); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("wrong password %d: %v", i, err)
			}
		}
		// From the attacker's address even the right password is refused,
		// with the same answer as a wrong one.
		if err := login(env, "anna", testenv.Password, attacker); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("locked (account, address) logged in: %v", err)
		}
		if err := login(env, "anna", testenv.Password, own); err != nil {
			t.Fatalf("anna locked out of her own address by another's failures: %v", err)
		}
		if n := deniedLogins(t, env, "bad_password,locked_now"); n != 1 {
			t.Errorf("lock logged %d times", n)
		}
		if n := deniedLogins(t, env, "locked"); n != 1 {
			t.Errorf("refusal while locked logged %d times", n)
		}
	})
}

// Behind a proxy every client has its own address: fifty failures from one
// address throttle that address, not anyone else's.
func TestSourceThrottleIsPerAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		for i := 0; i < 50; i++ {
			_ = login(env, fmt.Sprintf("nobody%d", i), "x", "192.0.2.9")
		}
		if err := login(env, "nobody", "x", "192.0.2.9"); !apperr.Is(err, apperr.TooMany) {
			t.Fatalf("want throttling after 50 failures, got %v", err)
		}
		if err := login(env, "anna", testenv.Password, "192.0.2.10"); err != nil {
			t.Fatalf("another address throttled: %v", err)
		}
		if n := deniedLogins(t, env, "throttled"); n != 1 {
			t.Errorf("throttled attempts logged: %d", n)
		}
	})
}

// Guessing spread over many addresses is bounded per account: after
// AccountFailures wrong passwords the account refuses addresses it has
// not logged in from, while the user's own address stays open.
func TestDistributedGuessingClosesUnknownAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		const own = "198.51.100.7"
		if err := login(env, "anna", testenv.Password, own); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ { // one guess each from twenty addresses
			_ = login(env, "anna", "wrong-password-123", fmt.Sprintf("203.0.113.%d", i+1))
		}
		if err := login(env, "anna", testenv.Password, "203.0.113.200"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a new address logged in during a distributed attack: %v", err)
		}
		if n := deniedLogins(t, env, "account_throttled"); n != 1 {
			t.Errorf("account throttling logged %d times", n)
		}
		if err := login(env, "anna", testenv.Password, own); err != nil {
			t.Fatalf("anna's known address closed by a distributed attack: %v", err)
		}
	})
}

// An IPv6 subscriber usually holds a whole /64: its addresses count as
// one for throttling.
func TestIPv6ThrottledPerNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		for i := 1; i <= 5; i++ {
			_ = login(env, "anna", "wrong-password-123", fmt.Sprintf("2001:db8:0:1::%x", i))
		}
		if err := login(env, "anna", testenv.Password, "2001:db8:0:1::ffff"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("a new address in the same /64 escaped the lock: %v", err)
		}
		if err := login(env, "anna", testenv.Password, "2001:db8:0:2::1"); err != nil {
			t.Fatalf("another network locked: %v", err)
		}
	})
}

// The hourly lifecycle job forgets throttling that has run out, and only
// that: a lock in force and a known address stay.
func TestThrottlesPruned(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		env.AddUser(t, "240", "anna", access.Caseworker)
		for i := 0; i < 5; i++ {
			_ = login(env, "anna", "wrong-password-123", "203.0.113.9")
		}
		_ = login(env, "anna", "wrong-password-123", "203.0.113.10")
		_ = login(env, "nobody", "x", "203.0.113.11")
		if err := login(env, "anna", testenv.Password, "198.51.100.7"); err != nil {
			t.Fatal(err)
		}
		// One failure and one address window long past.
		old := time.Now().Add(-time.Hour)
		for _, q := range []string{`UPDATE login_attempts SET last_failure_at = ? WHERE source = '203.0.113.10'`, `UPDATE login_throttle SET window_start = ? WHERE source = '203.0.113.11'`} {
			if env.Engine == "postgres" {
				q = strings.Replace(q, "?", "$1", 1)
			}
			if _, err := env.DB.SQL().Exec(q, old); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := env.Auth.ExpireAccounts(ctx); err != nil {
			t.Fatal(err)
		}
		rows := map[string]int{}
		for _, table := range []string{"login_attempts", "login_throttle"} {
			var n int
			if err := env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			rows[table] = n
		}
		// Left: the lock from .9 and the known address .7; the window of .9 and .10.
		if rows["login_attempts"] != 2 || rows["login_throttle"] != 2 {
			t.Errorf("after pruning: %v", rows)
		}
		if err := login(env, "anna", testenv.Password, "203.0.113.9"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Errorf("the lock in force was forgotten: %v", err)
		}
	})
}
