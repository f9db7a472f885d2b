package store

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
)

// Auth returns the store as auth.Store.
func (db *DB) Auth() auth.Store { return authStore{db} }

type authStore struct{ db *DB }

func (s authStore) WithTx(ctx context.Context, fn func(auth.Tx) error) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return fn(tx) })
}

// InsertUser stores a user and their roles.
func (t *Tx) InsertUser(u *auth.User) error {
	_, err := t.exec(`INSERT INTO users (id, org_id, username, display_name, password_hash, must_change_password, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.ID, u.OrgID, u.Username, u.DisplayName, u.PasswordHash, u.MustChangePassword, u.CreatedAt)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "user.username_taken", "username")
	}
	if err != nil {
		return apperr.Wrap(err, "insert user")
	}
	for _, r := range u.Roles {
		if _, err := t.exec(`INSERT INTO user_roles (user_id, org_id, role) VALUES (?, ?, ?)`, u.ID, u.OrgID, string(r)); err != nil {
			return apperr.Wrap(err, "insert user role")
		}
	}
	return nil
}

const userColumns = `u.id, u.org_id, o.code, u.username, u.display_name, u.password_hash, u.must_change_password,
	u.disabled_at, u.failed_logins, u.locked_until, u.last_login_at, u.created_at, u.end_date, u.totp_enabled_at, u.reactivated_at,
	(SELECT COUNT(*) FROM webauthn_credentials w WHERE w.user_id = u.id)`

// scanUser scans userColumns (without roles).
func scanUser(sc scanner) (auth.User, error) { return scanUserWith(sc) }

// scanUserWith scans userColumns and then the extra columns into extra.
func scanUserWith(sc scanner, extra ...any) (auth.User, error) {
	var u auth.User
	var disabled, locked, lastLogin, totp, reactivated sql.NullTime
	dest := append([]any{&u.ID, &u.OrgID, &u.OrgCode, &u.Username, &u.DisplayName, &u.PasswordHash, &u.MustChangePassword,
		&disabled, &u.FailedLogins, &locked, &lastLogin, &u.CreatedAt, &u.EndDate, &totp, &reactivated, &u.WebAuthnKeys}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return u, err
	}
	u.DisabledAt, u.LockedUntil, u.LastLoginAt, u.TOTPEnabledAt = timePtr(disabled), timePtr(locked), timePtr(lastLogin), timePtr(totp)
	u.CreatedAt, u.ReactivatedAt = u.CreatedAt.UTC(), timePtr(reactivated)
	u.SSOOnly = u.PasswordHash == auth.NoPassword
	return u, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

// splitRoles parses the comma-joined roles of dialect.rolesOf.
func splitRoles(s string) []access.Role {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	out := make([]access.Role, len(parts))
	for i, p := range parts {
		out[i] = access.Role(p)
	}
	slices.Sort(out)
	return out
}

// rolesOf loads a user's roles.
func (t *Tx) rolesOf(userID string) ([]access.Role, error) {
	return collect(t, "user roles", scanRole, `SELECT role FROM user_roles WHERE user_id = ? ORDER BY role`, userID)
}

func scanRole(sc scanner) (access.Role, error) {
	var r string
	err := sc.Scan(&r)
	return access.Role(r), err
}

// UserByUsername finds a user with roles.
func (t *Tx) UserByUsername(username string) (auth.User, error) {
	u, err := scanUser(t.queryRow(`SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.username = ?`, username))
	if err != nil {
		return u, notFound(err, "user by username")
	}
	u.Roles, err = t.rolesOf(u.ID)
	return u, err
}

// UpdateUserLogin stores the outcome of a login attempt.
func (t *Tx) UpdateUserLogin(u *auth.User) error {
	_, err := t.exec(`UPDATE users SET failed_logins = ?, locked_until = ?, last_login_at = ? WHERE id = ?`,
		u.FailedLogins, nullTime(u.LockedUntil), nullTime(u.LastLoginAt), u.ID)
	return apperr.Wrap(err, "update user login")
}

// SetUserPassword replaces a password hash.
func (t *Tx) SetUserPassword(userID, hash string, mustChange bool) error {
	_, err := t.exec(`UPDATE users SET password_hash = ?, must_change_password = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`,
		hash, mustChange, userID)
	return apperr.Wrap(err, "set password")
}

// SetUserDisabled disables (at != nil) or enables a user. Enabling records
// the time, from which the inactivity rule counts again.
func (t *Tx) SetUserDisabled(userID string, at *time.Time) error {
	if at == nil {
		_, err := t.exec(`UPDATE users SET disabled_at = NULL, reactivated_at = ?, failed_logins = 0, locked_until = NULL
			WHERE id = ? AND disabled_at IS NOT NULL`, t.now, userID)
		return apperr.Wrap(err, "enable user")
	}
	_, err := t.exec(`UPDATE users SET disabled_at = ?, failed_logins = 0, locked_until = NULL WHERE id = ?`, nullTime(at), userID)
	return apperr.Wrap(err, "set disabled")
}

// Users lists users of one organisation ("" = all) with roles.
func (t *Tx) Users(orgID string) ([]auth.User, error) {
	q := `SELECT ` + userColumns + ` FROM users u JOIN organisations o ON o.id = u.org_id`
	var args []any
	if orgID != "" {
		q += ` WHERE u.org_id = ?`
		args = append(args, orgID)
	}
	out, err := collect(t, "list users", scanUser, q+` ORDER BY o.code, u.username`, args...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Roles, err = t.rolesOf(out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// InsertSession stores a new session.
func (t *Tx) InsertSession(s *auth.Session) error {
	_, err := t.exec(`INSERT INTO sessions (token_hash, id, user_id, org_id, created_at, last_seen_at, expires_at, mfa_done) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.TokenHash, s.ID, s.UserID, s.OrgID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.MFADone)
	return apperr.Wrap(err, "insert session")
}

// DeleteSession ends one session.
func (t *Tx) DeleteSession(tokenHash string) error {
	_, err := t.exec(`DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return apperr.Wrap(err, "delete session")
}

// DeleteUserSessions ends every session of a user.
func (t *Tx) DeleteUserSessions(userID string) error {
	_, err := t.exec(`DELETE FROM sessions WHERE user_id = ?`, userID)
	return apperr.Wrap(err, "delete user sessions")
}

// InsertToken stores a new API token (its hash).
func (t *Tx) InsertToken(tok *auth.Token) error {
	_, err := t.exec(`INSERT INTO api_tokens (id, user_id, org_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		tok.ID, tok.UserID, tok.OrgID, tok.TokenHash, tok.CreatedAt, nullTime(tok.ExpiresAt))
	return apperr.Wrap(err, "insert token")
}

// Tokens lists a user's API tokens, newest first (no hashes).
func (t *Tx) Tokens(userID string) ([]auth.Token, error) {
	return collect(t, "list tokens", scanToken, `SELECT id, user_id, org_id, created_at, expires_at, revoked_at, last_used_at
		FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`, userID)
}

func scanToken(sc scanner) (auth.Token, error) {
	var tok auth.Token
	var expires, revoked, used sql.NullTime
	err := sc.Scan(&tok.ID, &tok.UserID, &tok.OrgID, &tok.CreatedAt, &expires, &revoked, &used)
	tok.CreatedAt, tok.ExpiresAt, tok.RevokedAt, tok.LastUsedAt = tok.CreatedAt.UTC(), timePtr(expires), timePtr(revoked), timePtr(used)
	return tok, err
}

// RevokeToken revokes one token of a user.
func (t *Tx) RevokeToken(id, userID string, at time.Time) error {
	res, err := t.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`, at, id, userID)
	if err != nil {
		return apperr.Wrap(err, "revoke token")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound()
	}
	return nil
}

// RevokeUserTokens revokes every token of a user.
func (t *Tx) RevokeUserTokens(userID string, at time.Time) error {
	_, err := t.exec(`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, at, userID)
	return apperr.Wrap(err, "revoke user tokens")
}

// SourceFailures counts recent failed logins from one source address.
func (t *Tx) SourceFailures(source string, since time.Time) (int, error) {
	var n int
	var start time.Time
	err := t.queryRow(`SELECT failures, window_start FROM login_throttle WHERE source = ?`, source).Scan(&n, &start)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	if err != nil {
		return 0, apperr.Wrap(err, "login throttle")
	}
	if start.Before(since) {
		return 0, nil
	}
	return n, nil
}

// RecordSourceFailure counts a failed login from source in a fixed window.
func (t *Tx) RecordSourceFailure(source string, now time.Time, window time.Duration) error {
	n, err := t.SourceFailures(source, now.Add(-window))
	if err != nil {
		return err
	}
	if n == 0 {
		if _, err := t.exec(`DELETE FROM login_throttle WHERE source = ?`, source); err != nil {
			return apperr.Wrap(err, "login throttle")
		}
		_, err = t.exec(`INSERT INTO login_throttle (source, failures, window_start) VALUES (?, 1, ?)`, source, now)
	} else {
		_, err = t.exec(`UPDATE login_throttle SET failures = failures + 1 WHERE source = ?`, source)
	}
	return apperr.Wrap(err, "login throttle")
}

// LoginAttempts returns the password attempts of a user from one client
// address; zero counts when there are none.
func (t *Tx) LoginAttempts(userID, source string) (auth.Attempts, error) {
	a := auth.Attempts{UserID: userID, Source: source}
	var failure, locked, success sql.NullTime
	err := t.queryRow(`SELECT org_id, failures, last_failure_at, locked_until, last_success_at
		FROM login_attempts WHERE user_id = ? AND source = ?`, userID, source).Scan(&a.OrgID, &a.Failures, &failure, &locked, &success)
	if err == sql.ErrNoRows {
		return a, nil
	}
	if err != nil {
		return a, apperr.Wrap(err, "login attempts")
	}
	a.LastFailureAt, a.LockedUntil, a.LastSuccessAt = timePtr(failure), timePtr(locked), timePtr(success)
	return a, nil
}

// SaveLoginAttempts stores the attempts of a user from one address.
func (t *Tx) SaveLoginAttempts(a auth.Attempts) error {
	_, err := t.exec(`INSERT INTO login_attempts (user_id, org_id, source, failures, last_failure_at, locked_until, last_success_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id, source) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at,
			locked_until = excluded.locked_until, last_success_at = excluded.last_success_at`,
		a.UserID, a.OrgID, a.Source, a.Failures, nullTime(a.LastFailureAt), nullTime(a.LockedUntil), nullTime(a.LastSuccessAt))
	return apperr.Wrap(err, "save login attempts")
}

// AccountFailures sums a user's password failures over the addresses
// whose last failure is at or after since.
func (t *Tx) AccountFailures(userID string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(`SELECT COALESCE(SUM(failures), 0) FROM login_attempts WHERE user_id = ? AND last_failure_at >= ?`, userID, since).Scan(&n)
	return n, apperr.Wrap(err, "account failures")
}

// PruneThrottles deletes throttling rows that no longer throttle.
func (t *Tx) PruneThrottles(failuresBefore, successBefore, now time.Time) error {
	if _, err := t.exec(`DELETE FROM login_throttle WHERE window_start < ?`, failuresBefore); err != nil {
		return apperr.Wrap(err, "prune login throttle")
	}
	_, err := t.exec(`DELETE FROM login_attempts WHERE (last_failure_at IS NULL OR last_failure_at < ?)
		AND (locked_until IS NULL OR locked_until < ?) AND (last_success_at IS NULL OR last_success_at < ?)`,
		failuresBefore, now, successBefore)
	return apperr.Wrap(err, "prune login attempts")
}

// PrincipalBySession resolves a session hash to its user (read pool).
func (s authStore) PrincipalBySession(ctx context.Context, tokenHash string) (auth.Principal, error) {
	db := s.db
	var sess auth.Session
	var roles sql.NullString
	u, err := scanUserWith(db.readRow(ctx, `SELECT `+userColumns+`,
		s.token_hash, s.id, s.created_at, s.last_seen_at, s.expires_at, s.mfa_done, `+db.dialect.rolesOf("u.id")+`
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN organisations o ON o.id = u.org_id
		WHERE s.token_hash = ?`, tokenHash), &sess.TokenHash, &sess.ID, &sess.CreatedAt, &sess.LastSeenAt, &sess.ExpiresAt, &sess.MFADone, &roles)
	if err != nil {
		return auth.Principal{}, notFound(err, "session")
	}
	sess.UserID, sess.OrgID = u.ID, u.OrgID
	u.Roles = splitRoles(roles.String)
	return auth.Principal{User: u, Session: &sess}, nil
}

// PrincipalByToken resolves an unrevoked API token hash to its user.
func (s authStore) PrincipalByToken(ctx context.Context, tokenHash string) (auth.Principal, error) {
	db := s.db
	var roles sql.NullString
	var tok auth.Token
	var lastUsed, expires sql.NullTime
	// Expiry is the caller's check (auth compares with its own clock and
	// caches the principal), so it is read, not filtered on.
	u, err := scanUserWith(db.readRow(ctx, `SELECT `+userColumns+`, `+db.dialect.rolesOf("u.id")+`, t.id, t.last_used_at, t.expires_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id JOIN organisations o ON o.id = u.org_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL`, tokenHash), &roles, &tok.ID, &lastUsed, &expires)
	if err != nil {
		return auth.Principal{}, notFound(err, "api token")
	}
	u.Roles = splitRoles(roles.String)
	tok.UserID, tok.OrgID, tok.LastUsedAt, tok.ExpiresAt = u.ID, u.OrgID, timePtr(lastUsed), timePtr(expires)
	return auth.Principal{User: u, Token: &tok}, nil
}

// TouchSession records session activity.
func (s authStore) TouchSession(ctx context.Context, tokenHash string, at time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?`, at.UTC(), tokenHash)
		return err
	})
}

// AuthEpoch reads the counter that triggers advance on every change of
// users, roles, API tokens and organisations (migration 0007).
func (s authStore) AuthEpoch(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.readRow(ctx, `SELECT n FROM auth_epoch WHERE id = 1`).Scan(&n)
	return n, apperr.Wrap(err, "auth epoch")
}

// TouchToken records API token use.
func (s authStore) TouchToken(ctx context.Context, id string, at time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, at.UTC(), id)
		return err
	})
}
