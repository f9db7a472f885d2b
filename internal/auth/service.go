package auth

import (
	"context"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/webauthn"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

// Policy holds the session and throttling settings.
type Policy struct {
	SessionIdle     time.Duration // idle timeout
	SessionAbsolute time.Duration // absolute timeout from login
	// MaxFailures wrong passwords for one account from one client address
	// lock the account for that address (only) for Lockout; as many wrong
	// second-factor codes or current passwords (re-authentication) lock
	// the account itself for Lockout.
	MaxFailures int
	Lockout     time.Duration
	// SourceFailures failed logins from one client address (any account)
	// within SourceWindow throttle that address.
	SourceFailures int
	SourceWindow   time.Duration
	// AccountFailures wrong passwords for one account from all addresses
	// (each counted while its last failure is within SourceWindow) close
	// the account to addresses it has not logged in from within
	// KnownAddress: guessing spread over many addresses is bounded, and
	// the user's own addresses stay open.
	AccountFailures int
	KnownAddress    time.Duration
	Argon2          Argon2Params
	// MFARequired makes a second factor compulsory for MFARoles: such a
	// user without one can only enrol (and log out) until enrolled.
	MFARequired bool
	MFARoles    []access.Role
	// InactiveAfter disables accounts unused for this long (0: never).
	InactiveAfter time.Duration
	// PendingMFA bounds how long a session may wait for its second factor.
	PendingMFA time.Duration
	// TokenLifetime is how long a new API token works unless its creator
	// says otherwise.
	TokenLifetime time.Duration
	// SSORequireMFA accepts a single sign-on only when the provider says
	// it used more than one factor: an amr value in MFAMethods, or an acr
	// in SSOACRValues.
	SSORequireMFA bool
	SSOACRValues  []string
}

// DefaultPolicy is used unless configured otherwise. A second factor is
// not required here (the library default, so tests and tools opt in); the
// server's configuration requires it by default (KOTO_MFA_REQUIRED).
var DefaultPolicy = Policy{
	SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour,
	MaxFailures: 5, Lockout: 15 * time.Minute,
	SourceFailures: 50, SourceWindow: 15 * time.Minute,
	AccountFailures: 20, KnownAddress: 30 * 24 * time.Hour,
	Argon2:      DefaultArgon2,
	MFARequired: false, MFARoles: []access.Role{access.Caseworker, access.Supervisor, access.DPO},
	InactiveAfter: 90 * 24 * time.Hour,
	PendingMFA:    10 * time.Minute,
	TokenLifetime: 90 * 24 * time.Hour,
}

// Service authenticates staff and administers organisations and users.
type Service struct {
	store  Store
	policy Policy
	newID  func() string
	now    func() time.Time
	// dummyHash is checked for unknown usernames so that a login attempt
	// takes as long whether or not the account exists (no enumeration).
	dummyHash string
	// webauthn is the WebAuthn relying party; nil when not configured.
	webauthn *webauthn.WebAuthn
	tokens   tokenCache
}

// NewService returns an auth service.
func NewService(store Store, policy Policy, newID func() string, now func() time.Time) *Service {
	dummy, err := HashPassword("koto-no-such-user-password", policy.Argon2)
	if err != nil {
		panic(err)
	}
	return &Service{store: store, policy: policy, newID: newID, now: now, dummyHash: dummy}
}

// Policy returns the service's policy (for cookie lifetimes).
func (s *Service) Policy() Policy { return s.policy }

// errLogin is the one answer to every failed login, whatever the reason.
func errLogin() error { return apperr.New(apperr.Unauthenticated, "login.failed") }

// Login checks a username and password and starts a session. It returns the
// session secret (for the cookie) and the user. source is the client's
// address (httpx.ClientIP). Failures are throttled per client address and
// per (account, address), and over all of an account's addresses (ADR 7),
// logged, and all look the same.
func (s *Service) Login(ctx context.Context, username, password, source string, channel access.Channel, requestID string) (string, User, error) {
	username = strings.TrimSpace(strings.ToLower(username))
	source = throttleKey(source)
	var u User
	var secret string
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		now := tx.Now()
		anon := access.Actor{Channel: channel, RequestID: requestID}
		failures, err := tx.SourceFailures(source, now.Add(-s.policy.SourceWindow))
		if err != nil {
			return err
		}
		if failures >= s.policy.SourceFailures {
			outcome = apperr.New(apperr.TooMany, "login.too_many")
			return tx.AppendAudit(entry(anon, "", "auth.login", "throttled", audit.Denied, now))
		}
		u, err = tx.UserByUsername(username)
		if apperr.Is(err, apperr.NotFound) {
			_, _ = CheckPassword(password, s.dummyHash)
			outcome = errLogin()
			if err := tx.RecordSourceFailure(source, now, s.policy.SourceWindow); err != nil {
				return err
			}
			return tx.AppendAudit(entry(anon, "", "auth.login", "unknown_user", audit.Denied, now))
		}
		if err != nil {
			return err
		}
		actor := actorOf(u, channel, requestID)
		at, err := tx.LoginAttempts(u.ID, source)
		if err != nil {
			return err
		}
		at.UserID, at.OrgID, at.Source = u.ID, u.OrgID, source
		reason, err := s.refuseLogin(tx, u, &at, password, now)
		if err != nil {
			return err
		}
		if reason != "" {
			outcome = errLogin()
			if err := tx.RecordSourceFailure(source, now, s.policy.SourceWindow); err != nil {
				return err
			}
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.login", reason, audit.Denied, now))
		}
		at.Failures, at.LockedUntil, at.LastSuccessAt = 0, nil, &now
		if err := tx.SaveLoginAttempts(at); err != nil {
			return err
		}
		// The account lock (second factor, re-authentication) is left as
		// it is: a right password does not reset the count of wrong codes.
		u.LastLoginAt = &now
		if err := tx.UpdateUserLogin(&u); err != nil {
			return err
		}
		var sess Session
		secret, sess = s.newSession(u, now, false)
		if err := tx.InsertSession(&sess); err != nil {
			return err
		}
		touched := "session"
		if u.SecondFactor() {
			touched = "session,second_factor_pending"
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.login", touched, audit.Allowed, now))
	})
	if err != nil {
		return "", User{}, err
	}
	if outcome != nil {
		return "", User{}, outcome
	}
	return secret, u, nil
}

// refuseLogin decides a password login of u from the client address of at
// and returns why it is refused ("" = accepted), counting a failure where
// one is due. The password is always checked, so every answer takes as
// long.
func (s *Service) refuseLogin(tx Tx, u User, at *Attempts, password string, now time.Time) (string, error) {
	ok := false
	var err error
	if u.SSOOnly {
		_, _ = CheckPassword(password, s.dummyHash) // same time as a real check
	} else if ok, err = CheckPassword(password, u.PasswordHash); err != nil {
		return "", apperr.Wrap(err, "check password of user %s", u.ID)
	}
	if at.LockedUntil != nil && !now.Before(*at.LockedUntil) {
		at.Failures, at.LockedUntil = 0, nil // the lock is over: count afresh
	}
	switch {
	case !u.Active():
		return "disabled", nil
	case s.expiry(u, now) != "":
		// The scheduled job would disable it; do it now.
		return "disabled," + s.expiry(u, now), s.revokeAll(tx, u.ID, &now)
	case u.SSOOnly:
		return "sso_only", nil
	case u.LockedUntil != nil && now.Before(*u.LockedUntil):
		return "account_locked", nil
	case at.LockedUntil != nil:
		return "locked", nil
	}
	throttled := false
	if !s.knownAddress(*at, now) {
		n, err := tx.AccountFailures(u.ID, now.Add(-s.policy.SourceWindow))
		if err != nil {
			return "", err
		}
		throttled = n >= s.policy.AccountFailures
	}
	reason := ""
	switch {
	case throttled:
		// Many wrong passwords from many addresses: this address is not
		// one the user has logged in from, so even the right password
		// waits. Counted, so the closure lasts while the attack does.
		reason = "account_throttled"
	case !ok:
		reason = "bad_password"
	default:
		return "", nil
	}
	at.Failures++
	at.LastFailureAt = &now
	if at.Failures >= s.policy.MaxFailures {
		until := now.Add(s.policy.Lockout)
		at.LockedUntil, reason = &until, reason+",locked_now"
	}
	return reason, tx.SaveLoginAttempts(*at)
}

// knownAddress reports whether the account of at logged in from its
// address recently.
func (s *Service) knownAddress(at Attempts, now time.Time) bool {
	return at.LastSuccessAt != nil && now.Sub(*at.LastSuccessAt) <= s.policy.KnownAddress
}

// throttleKey is the throttling key of a client address: the address
// itself, but for IPv6 its /64 network, which one subscriber usually holds
// whole (one key per address would let them rotate addresses freely).
func throttleKey(source string) string {
	a, err := netip.ParseAddr(source)
	if err != nil {
		return source
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, err := a.WithZone("").Prefix(64)
	if err != nil {
		return source
	}
	return p.String()
}

// SessionActor resolves a session secret into the actor of a fully
// authenticated session. It enforces the idle and absolute timeouts, the
// account's state and end date on every request, so a disabled account or
// a changed role takes effect at once. A session still waiting for a second
// factor or for enrolment answers apperr.Unauthenticated; use Authenticate
// to see such sessions.
func (s *Service) SessionActor(ctx context.Context, secret, requestID string) (access.Actor, *Session, error) {
	a, sess, err := s.Authenticate(ctx, secret, requestID)
	if err != nil {
		return a, sess, err
	}
	if sess.Pending != StepNone {
		return access.Actor{}, nil, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	return a, sess, nil
}

// Authenticate is SessionActor for the login flow: it also returns
// sessions that still lack a step (Session.Pending). The caller must give
// such a session access only to the page that completes the step (the web
// middleware does).
func (s *Service) Authenticate(ctx context.Context, secret, requestID string) (access.Actor, *Session, error) {
	if secret == "" {
		return access.Actor{}, nil, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	hash := HashSecret(secret)
	p, err := s.store.PrincipalBySession(ctx, hash)
	if err != nil {
		return access.Actor{}, nil, unauthenticated(err)
	}
	now := s.now()
	sess := p.Session
	if !p.User.Active() || p.User.Ended(today(now)) || now.After(sess.ExpiresAt) || now.Sub(sess.LastSeenAt) > s.policy.SessionIdle {
		return access.Actor{}, nil, apperr.New(apperr.Unauthenticated, "error.session_expired")
	}
	sess.Pending = s.pending(p.User, sess)
	if sess.Pending == StepTOTP && now.Sub(sess.CreatedAt) > s.policy.PendingMFA {
		return access.Actor{}, nil, apperr.New(apperr.Unauthenticated, "error.session_expired")
	}
	// Writing on every request would turn reads into writes; a minute's
	// precision is plenty for a 30-minute idle timeout.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return access.Actor{}, nil, err
		}
	}
	return actorOf(p.User, access.ChannelUI, requestID), sess, nil
}

// KeepAlive records activity on the session with secret now, whatever
// the once-a-minute precision of Authenticate: its user asked to stay
// signed in. The caller has authenticated the session.
func (s *Service) KeepAlive(ctx context.Context, secret string) error {
	return s.store.TouchSession(ctx, HashSecret(secret), s.now())
}

// pending computes what a session still lacks, in the order the steps
// are taken: the second factor of a user who has one, then the change of a
// one-time password, then enrolment of a second factor the roles require.
func (s *Service) pending(u User, sess *Session) Step {
	switch {
	case !sess.MFADone && u.SecondFactor():
		return StepTOTP
	case u.MustChangePassword && !u.SSOOnly:
		return StepPassword
	case !sess.MFADone && !u.SecondFactor() && s.MFARequiredFor(u.Roles):
		return StepEnrol
	}
	return StepNone
}

// MFARequiredFor reports whether a user with roles must have a second
// factor.
func (s *Service) MFARequiredFor(roles []access.Role) bool {
	if !s.policy.MFARequired {
		return false
	}
	for _, r := range roles {
		if slices.Contains(s.policy.MFARoles, r) {
			return true
		}
	}
	return false
}

// StepAfterLogin is what a user who just logged in with a password must do
// next.
func (s *Service) StepAfterLogin(u User) Step { return s.pending(u, &Session{}) }

// newSession returns a new session secret and the session to store.
func (s *Service) newSession(u User, now time.Time, mfaDone bool) (string, Session) {
	secret, hash := newSecret("")
	return secret, Session{ID: s.newID(), TokenHash: hash, UserID: u.ID, OrgID: u.OrgID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.policy.SessionAbsolute), MFADone: mfaDone}
}

// TokenActor resolves an API bearer token into an actor. Look-ups are
// cached (tokenCache) for as long as nothing that could revoke or alter
// the token's principal has changed anywhere (Store.AuthEpoch).
func (s *Service) TokenActor(ctx context.Context, secret, requestID string) (access.Actor, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return access.Actor{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	hash := HashSecret(secret)
	// The epoch is read before the principal, so a change committed in
	// between leaves the entry with an epoch that is already old.
	epoch, err := s.store.AuthEpoch(ctx)
	if err != nil {
		return access.Actor{}, err
	}
	now := s.now()
	p, ok := s.tokens.get(hash, epoch, now)
	if !ok {
		if p, err = s.store.PrincipalByToken(ctx, hash); err != nil {
			return access.Actor{}, unauthenticated(err)
		}
		s.tokens.put(hash, p, epoch, now)
	}
	if !p.User.Active() || p.User.Ended(today(now)) || p.Token == nil || p.Token.Expired(now) {
		return access.Actor{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	if p.User.MustChangePassword {
		// The account still has a one-time password: nothing works until
		// its owner has chosen their own in the UI.
		return access.Actor{}, apperr.New(apperr.Forbidden, "auth.password_change_required")
	}
	// The last use counts for the inactivity rule; an hour's precision
	// keeps API reads from becoming writes.
	if t := p.Token; t != nil && (t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Hour) {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return access.Actor{}, err
		}
		s.tokens.touched(hash, now)
	}
	return actorOf(p.User, access.ChannelAPI, requestID), nil
}

func unauthenticated(err error) error {
	if apperr.Is(err, apperr.NotFound) {
		return apperr.New(apperr.Unauthenticated, "error.unauthenticated")
	}
	return err
}

// Logout ends the session with the given secret.
func (s *Service) Logout(ctx context.Context, actor access.Actor, secret string) error {
	return s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.DeleteSession(HashSecret(secret)); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, homeOrg(actor), "auth.logout", "session", audit.Allowed, tx.Now()))
	})
}

// ChangePassword changes the actor's own password after checking the
// current one (re-authentication: throttled and logged, see
// reauthenticate). A one-time password must be replaced by a different
// one. Every other session of the user ends. Errors: Invalid (the fields
// currentPassword, newPassword), TooMany (the account is locked).
func (s *Service) ChangePassword(ctx context.Context, actor access.Actor, current, next, keepSecret string) error {
	if key := PasswordProblem(next); key != "" {
		return apperr.InvalidField("newPassword", key, MinPasswordLength)
	}
	hash, err := HashPassword(next, s.policy.Argon2)
	if err != nil {
		return err
	}
	var outcome error
	err = s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByUsername(actor.Username)
		if err != nil {
			return err
		}
		now := tx.Now()
		if outcome, err = s.reauthenticate(tx, actor, &u, current, "auth.password_change", "user:"+u.ID, "currentPassword", now); outcome != nil || err != nil {
			return err
		}
		if u.MustChangePassword && next == current {
			outcome = apperr.InvalidField("newPassword", "password.same_as_one_time")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.password_change", "user:"+u.ID+",same_as_one_time", audit.Denied, now))
		}
		if err := tx.SetUserPassword(u.ID, hash, false); err != nil {
			return err
		}
		// The session that changed the password continues under the same
		// secret (keepSecret ""; every session ends).
		keep := ""
		if keepSecret != "" {
			keep = HashSecret(keepSecret)
		}
		if err := tx.DeleteUserSessionsExcept(u.ID, keep); err != nil {
			return err
		}
		touched := "user:" + u.ID
		if u.MustChangePassword {
			touched += ",one_time_replaced"
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.password_change", touched, audit.Allowed, now))
	})
	if err != nil {
		return err
	}
	return outcome
}

// reauthenticate checks the current password of u, the actor's own
// account, before a change that a stolen session must not make (a new
// password, removing a second factor). It is throttled like the second
// factor: a wrong password counts towards the account lock
// (Policy.MaxFailures), a locked account is refused without a check, and
// every refusal is logged as a denied attempt at action (the caller logs
// the allowed one). It returns the refusal to answer with (Invalid on
// field, or TooMany) — the caller then commits the count and the entry —
// or nil when the password is right, which clears the count. touched
// names what the change is about in the entries.
func (s *Service) reauthenticate(tx Tx, actor access.Actor, u *User, password, action, touched, field string, now time.Time) (refusal, err error) {
	touched += ",reauthentication"
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		refusal = &apperr.Error{Kind: apperr.TooMany, Key: "login.too_many", Fields: []apperr.FieldError{{Field: field, Key: "reauth.locked"}}}
		return refusal, tx.AppendAudit(entry(actor, u.OrgID, action, touched+",locked", audit.Denied, now))
	}
	ok := false
	if !u.SSOOnly {
		ok, _ = CheckPassword(password, u.PasswordHash)
	}
	if !ok {
		reason := ",wrong_password"
		u.FailedLogins++
		if u.FailedLogins >= s.policy.MaxFailures {
			until := now.Add(s.policy.Lockout)
			u.LockedUntil, u.FailedLogins, reason = &until, 0, reason+",locked_now"
		}
		if err := tx.UpdateUserLogin(u); err != nil {
			return nil, err
		}
		refusal = invalid(field, "password.wrong_current")
		return refusal, tx.AppendAudit(entry(actor, u.OrgID, action, touched+reason, audit.Denied, now))
	}
	if u.FailedLogins != 0 || u.LockedUntil != nil {
		u.FailedLogins, u.LockedUntil = 0, nil
		if err := tx.UpdateUserLogin(u); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func actorOf(u User, channel access.Channel, requestID string) access.Actor {
	return access.Actor{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, OrgID: u.OrgID, OrgCode: u.OrgCode,
		Roles: u.Roles, Channel: channel, RequestID: requestID}
}
