// Package auth is staff identity: organisations, user accounts with roles,
// password login with throttling, server-side sessions and personal API
// tokens. It turns a session cookie or a bearer token into an access.Actor.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
	"koto/internal/org"
)

// User is a staff account. It belongs to exactly one organisation.
type User struct {
	ID                 string
	OrgID              string
	OrgCode            string
	Username           string
	DisplayName        string
	PasswordHash       string
	MustChangePassword bool
	Roles              []access.Role
	DisabledAt         *time.Time
	FailedLogins       int
	LockedUntil        *time.Time
	LastLoginAt        *time.Time
	CreatedAt          time.Time
	// EndDate is the last day the account may be used (zero: no end).
	EndDate civil.Date
	// TOTPEnabledAt is set once the user has confirmed a TOTP second factor.
	TOTPEnabledAt *time.Time
	// ReactivatedAt is when a disabled account was last enabled again; the
	// inactivity rule counts from the latest of creation, last login and it.
	ReactivatedAt *time.Time
	// SSOOnly marks an account created by single sign-on: it has no
	// password and logs in only through the identity provider.
	SSOOnly bool
	// WebAuthnKeys counts the user's registered WebAuthn credentials
	// (security keys, platform authenticators).
	WebAuthnKeys int
}

// Active reports whether the user may log in at all.
func (u User) Active() bool { return u.DisabledAt == nil }

// TOTPEnabled reports whether the user has a confirmed TOTP second factor.
func (u User) TOTPEnabled() bool { return u.TOTPEnabledAt != nil }

// SecondFactor reports whether the user has any second factor: a
// confirmed TOTP key or a WebAuthn credential. Such a user is enrolled.
func (u User) SecondFactor() bool { return u.TOTPEnabled() || u.WebAuthnKeys > 0 }

// Ended reports whether the account's end date has passed on day today.
func (u User) Ended(today civil.Date) bool { return !u.EndDate.IsZero() && today.After(u.EndDate) }

// Session is a server-side login session, found by the hash of its token.
// ID is its public identifier (to list and end sessions); the token hash
// never leaves the server.
type Session struct {
	ID         string
	TokenHash  string
	UserID     string
	OrgID      string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // absolute timeout
	// MFADone is true once a second factor was verified in this session
	// (or the identity provider authenticated the user, for single sign-on).
	MFADone bool
	// Pending is computed on every request: the step the user must still
	// complete before the session gives access (see Step).
	Pending Step
}

// Step is what a session still lacks before it gives access.
type Step string

const (
	// StepNone: the session is fully authenticated.
	StepNone Step = ""
	// StepTOTP: the password was right; the TOTP code (or a recovery code)
	// is still to be given at /login/totp.
	StepTOTP Step = "totp"
	// StepPassword: the password is a one-time password Koto generated
	// (users.must_change_password); only the change-password page (and
	// logout) is open until the user has chosen their own.
	StepPassword Step = "password"
	// StepEnrol: the user's roles require a second factor and the user has
	// none; only enrolment (and logout) is open.
	StepEnrol Step = "enrol"
)

// Token is a personal API token, found by the hash of its secret.
type Token struct {
	ID        string
	UserID    string
	OrgID     string
	TokenHash string
	CreatedAt time.Time
	// ExpiresAt is when the token stops working; a token without one (not
	// made by Koto) counts as expired.
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// Expired reports whether the token no longer works at now.
func (t Token) Expired(now time.Time) bool { return t.ExpiresAt == nil || !now.Before(*t.ExpiresAt) }

// Attempts are the password logins of one account from one client address
// (the key of the lockout, ADR 7).
type Attempts struct {
	UserID string
	OrgID  string
	Source string
	// Failures counts failed passwords from this address since the last
	// success here or the end of the last lock.
	Failures      int
	LastFailureAt *time.Time
	// LockedUntil: the account refuses passwords from this address until
	// then.
	LockedUntil *time.Time
	// LastSuccessAt makes the address known to the account.
	LastSuccessAt *time.Time
}

// Principal is what a session or token resolves to: the user and, for a
// session, the session itself.
type Principal struct {
	User    User
	Session *Session
	Token   *Token // for an API token: its id and last use
}

// Store is what auth needs from persistence.
type Store interface {
	// WithTx runs fn in a read-write transaction.
	WithTx(ctx context.Context, fn func(tx Tx) error) error
	// PrincipalBySession and PrincipalByToken resolve a credential hash on
	// the hot path of every request, without a write transaction. They
	// return apperr.NotFound for unknown, expired or revoked credentials.
	PrincipalBySession(ctx context.Context, tokenHash string) (Principal, error)
	PrincipalByToken(ctx context.Context, tokenHash string) (Principal, error)
	// TouchSession records activity for the idle timeout.
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
	// TouchToken records the last use of an API token.
	TouchToken(ctx context.Context, id string, at time.Time) error
	// AuthEpoch returns a number that changes, in the same transaction,
	// with every change that could revoke or alter a principal (users,
	// their roles, API tokens, organisations), whoever makes it.
	AuthEpoch(ctx context.Context) (int64, error)
}

// Tx is the set of operations available inside a transaction.
type Tx interface {
	Now() time.Time
	OrgByCode(code string) (org.Org, error)
	InsertUser(u *User) error
	UserByUsername(username string) (User, error)
	UpdateUserLogin(u *User) error
	SetUserPassword(userID, hash string, mustChange bool) error
	SetUserDisabled(userID string, at *time.Time) error
	Users(orgID string) ([]User, error)
	InsertSession(s *Session) error
	DeleteSession(tokenHash string) error
	DeleteUserSessions(userID string) error
	InsertToken(t *Token) error
	// Tokens lists a user's tokens, revoked ones too, newest first.
	Tokens(userID string) ([]Token, error)
	RevokeToken(id, userID string, at time.Time) error
	RevokeUserTokens(userID string, at time.Time) error
	LifecycleTx
	MFATx
	WebAuthnTx
	IdentityTx
	ThrottleTx
	AppendAudit(e *audit.Entry) error
}

// ThrottleTx is what login throttling needs inside a transaction.
type ThrottleTx interface {
	// SourceFailures counts failed logins from one client address (any
	// account, unknown usernames too) in the window starting after since.
	SourceFailures(source string, since time.Time) (int, error)
	RecordSourceFailure(source string, now time.Time, window time.Duration) error
	// LoginAttempts returns the attempts of userID from source (zero
	// counts when there are none).
	LoginAttempts(userID, source string) (Attempts, error)
	SaveLoginAttempts(a Attempts) error
	// AccountFailures sums the failures of userID from every address whose
	// last failure is at or after since.
	AccountFailures(userID string, since time.Time) (int, error)
	// PruneThrottles forgets what no longer throttles: address windows and
	// (account, address) rows whose last failure is before failuresBefore,
	// whose lock is over at now and whose last success is before
	// successBefore.
	PruneThrottles(failuresBefore, successBefore, now time.Time) error
}

// newSecret returns a random 256-bit secret, URL-safe, and its hash as
// stored. Only the hash is ever stored, so a database dump yields no
// usable credential.
func newSecret(prefix string) (secret, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error()) // cannot happen on supported platforms
	}
	secret = prefix + base64.RawURLEncoding.EncodeToString(b)
	return secret, HashSecret(secret)
}

// HashSecret returns the stored form of a session or API token.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// entry builds the access-log entry of an authentication or
// administration action with gate.Entry, like every entry Koto writes (an
// actor acting for another organisation is named with Via). It goes to
// the chain of the actor's organisation unless chain names another
// organisation: the account's own for the actions of the CLI operator or a
// scheduled job on a user, and the user's home organisation for what a
// user does to their own account while acting for a municipality.
func entry(actor access.Actor, chain, action, touched string, result audit.Result, at time.Time) *audit.Entry {
	e := gate.Entry(actor, access.Action(action), "", touched, result, at)
	if chain != "" {
		e.Chain = chain
	}
	return e
}

// homeOrg is the organisation the actor's account belongs to.
func homeOrg(actor access.Actor) string {
	if actor.HomeOrgID != "" {
		return actor.HomeOrgID
	}
	return actor.OrgID
}
