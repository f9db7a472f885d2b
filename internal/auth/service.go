package auth

import (
	"context"
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
	MaxFailures     int           // consecutive failures before an account locks
	Lockout         time.Duration // how long a locked account stays locked
	SourceFailures  int           // failures per source address per window
	SourceWindow    time.Duration
	Argon2          Argon2Params
	// MFARequired makes a second factor compulsory for MFARoles: such a
	// user without one can only enrol (and log out) until enrolled.
	MFARequired bool
	MFARoles    []access.Role
	// InactiveAfter disables accounts unused for this long (0: never).
	InactiveAfter time.Duration
	// PendingMFA bounds how long a session may wait for its second factor.
	PendingMFA time.Duration
}

// DefaultPolicy is used unless configured otherwise. A second factor is
// not required here (the library default, so tests and tools opt in); the
// server's configuration requires it by default (KOTO_MFA_REQUIRED).
var DefaultPolicy = Policy{
	SessionIdle: 30 * time.Minute, SessionAbsolute: 12 * time.Hour,
	MaxFailures: 5, Lockout: 15 * time.Minute,
	SourceFailures: 50, SourceWindow: 15 * time.Minute,
	Argon2:      DefaultArgon2,
	MFARequired: false, MFARoles: []access.Role{access.Caseworker, access.Supervisor, access.DPO},
	InactiveAfter: 90 * 24 * time.Hour,
	PendingMFA:    10 * time.Minute,
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
// session secret (for the cookie) and the user. Failures are throttled per
// account and per source address, logged, and all look the same.
func (s *Service) Login(ctx context.Context, username, password, source string, channel access.Channel, requestID string) (string, User, error) {
	username = strings.TrimSpace(strings.ToLower(username))
	var u User
	var secret string
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		now := tx.Now()
		failures, err := tx.SourceFailures(source, now.Add(-s.policy.SourceWindow))
		if err != nil {
			return err
		}
		if failures >= s.policy.SourceFailures {
			outcome = apperr.New(apperr.TooMany, "login.too_many")
			return tx.AppendAudit(logEntry(access.Actor{Channel: channel, RequestID: requestID}, "", "auth.login", "throttled", audit.Denied, now))
		}
		u, err = tx.UserByUsername(username)
		if apperr.Is(err, apperr.NotFound) {
			_, _ = CheckPassword(password, s.dummyHash)
			outcome = errLogin()
			if err := tx.RecordSourceFailure(source, now, s.policy.SourceWindow); err != nil {
				return err
			}
			return tx.AppendAudit(logEntry(access.Actor{Channel: channel, RequestID: requestID}, "", "auth.login", "unknown_user", audit.Denied, now))
		}
		if err != nil {
			return err
		}
		actor := actorOf(u, channel, requestID)
		ok := false
		if u.SSOOnly {
			_, _ = CheckPassword(password, s.dummyHash) // same time as a real check
		} else if ok, err = CheckPassword(password, u.PasswordHash); err != nil {
			return apperr.Wrap(err, "check password of user %s", u.ID)
		}
		locked := u.LockedUntil != nil && now.Before(*u.LockedUntil)
		expired := s.expiry(u, now)
		if !ok || locked || !u.Active() || expired != "" {
			reason := "bad_password"
			switch {
			case !u.Active():
				reason = "disabled"
			case expired != "":
				// The scheduled job would disable it; do it now.
				reason = "disabled," + expired
				if err := s.revokeAll(tx, u.ID, &now); err != nil {
					return err
				}
			case u.SSOOnly:
				reason = "sso_only"
			case locked:
				reason = "locked"
			default:
				u.FailedLogins++
				if u.FailedLogins >= s.policy.MaxFailures {
					until := now.Add(s.policy.Lockout)
					u.LockedUntil, u.FailedLogins, reason = &until, 0, "bad_password,locked_now"
				}
				if err := tx.UpdateUserLogin(&u); err != nil {
					return err
				}
			}
			outcome = errLogin()
			if err := tx.RecordSourceFailure(source, now, s.policy.SourceWindow); err != nil {
				return err
			}
			return tx.AppendAudit(logEntry(actor, u.OrgID, "auth.login", reason, audit.Denied, now))
		}
		u.FailedLogins, u.LockedUntil, u.LastLoginAt = 0, nil, &now
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
		return tx.AppendAudit(logEntry(actor, u.OrgID, "auth.login", touched, audit.Allowed, now))
	})
	if err != nil {
		return "", User{}, err
	}
	if outcome != nil {
		return "", User{}, outcome
	}
	return secret, u, nil
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

// pending computes what a session still lacks.
func (s *Service) pending(u User, sess *Session) Step {
	switch {
	case sess.MFADone:
		return StepNone
	case u.SecondFactor():
		return StepTOTP
	case s.MFARequiredFor(u.Roles):
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
	if !p.User.Active() || p.User.Ended(today(now)) {
		return access.Actor{}, apperr.New(apperr.Unauthenticated, "error.unauthenticated")
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
		return tx.AppendAudit(logEntry(actor, actor.OrgID, "auth.logout", "session", audit.Allowed, tx.Now()))
	})
}

// ChangePassword changes the actor's own password after checking the
// current one. Every other session of the user ends.
func (s *Service) ChangePassword(ctx context.Context, actor access.Actor, current, next, keepSecret string) error {
	if key := PasswordProblem(next); key != "" {
		return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "newPassword", Key: key, Args: []any{MinPasswordLength}}}}
	}
	hash, err := HashPassword(next, s.policy.Argon2)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByUsername(actor.Username)
		if err != nil {
			return err
		}
		if ok, _ := CheckPassword(current, u.PasswordHash); !ok {
			return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "currentPassword", Key: "password.wrong_current"}}}
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
		now := tx.Now()
		return tx.AppendAudit(logEntry(actor, actor.OrgID, "auth.password_change", "user:"+u.ID, audit.Allowed, now))
	})
}

func actorOf(u User, channel access.Channel, requestID string) access.Actor {
	return access.Actor{UserID: u.ID, Username: u.Username, OrgID: u.OrgID, OrgCode: u.OrgCode,
		Roles: u.Roles, Channel: channel, RequestID: requestID}
}
