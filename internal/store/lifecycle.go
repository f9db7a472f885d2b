package store

import (
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/civil"
)

// UserByID finds a user with roles.
func (t *Tx) UserByID(id string) (auth.User, error) {
	u, err := scanUser(t.queryRow(`SELECT `+userColumns+` FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`, id))
	if err != nil {
		return u, notFound(err, "user by id")
	}
	u.Roles, err = t.rolesOf(u.ID)
	return u, err
}

// SetUserRoles replaces a user's roles.
func (t *Tx) SetUserRoles(userID, orgID string, roles []access.Role) error {
	if _, err := t.exec(`DELETE FROM user_roles WHERE user_id = ?`, userID); err != nil {
		return apperr.Wrap(err, "delete user roles")
	}
	for _, r := range roles {
		if _, err := t.exec(`INSERT INTO user_roles (user_id, org_id, role) VALUES (?, ?, ?)`, userID, orgID, string(r)); err != nil {
			return apperr.Wrap(err, "insert user role")
		}
	}
	return nil
}

// SetUserEndDate sets or (zero date) clears an account's end date.
func (t *Tx) SetUserEndDate(userID string, end civil.Date) error {
	_, err := t.exec(`UPDATE users SET end_date = ? WHERE id = ?`, end, userID)
	return apperr.Wrap(err, "set end date")
}

// ExpiredUsers lists enabled users unused since before inactiveBefore
// (zero: not checked) or past their end date.
func (t *Tx) ExpiredUsers(inactiveBefore time.Time, today civil.Date) ([]auth.User, error) {
	q := `SELECT ` + userColumns + ` FROM users u JOIN organisations o ON o.id = u.org_id
		WHERE u.disabled_at IS NULL AND ((u.end_date IS NOT NULL AND u.end_date < ?)`
	args := []any{today}
	if !inactiveBefore.IsZero() {
		// Unused: no login and no API-token use since the limit.
		q += ` OR (COALESCE(u.last_login_at, u.created_at) < ? AND (u.reactivated_at IS NULL OR u.reactivated_at < ?)
			AND NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.user_id = u.id AND t.last_used_at >= ?))`
		args = append(args, inactiveBefore, inactiveBefore, inactiveBefore)
	}
	return collect(t, "expired users", scanUser, q+`) ORDER BY u.id`, args...)
}

// DeleteUserSessionsExcept ends every session of a user but keepHash.
func (t *Tx) DeleteUserSessionsExcept(userID, keepHash string) error {
	_, err := t.exec(`DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?`, userID, keepHash)
	return apperr.Wrap(err, "delete user sessions")
}

// UserSessions lists a user's unexpired sessions, newest first.
func (t *Tx) UserSessions(userID string, now time.Time) ([]auth.Session, error) {
	return collect(t, "list sessions", scanSession, `SELECT id, token_hash, user_id, org_id, created_at, last_seen_at, expires_at, mfa_done
		FROM sessions WHERE user_id = ? AND expires_at > ? ORDER BY created_at DESC, id`, userID, now)
}

func scanSession(sc scanner) (auth.Session, error) {
	var s auth.Session
	err := sc.Scan(&s.ID, &s.TokenHash, &s.UserID, &s.OrgID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.MFADone)
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC()
	return s, err
}

// DeleteSessionByID ends one session of a user by its public id.
func (t *Tx) DeleteSessionByID(userID, id string) error {
	if id == "" {
		return apperr.ErrNotFound()
	}
	res, err := t.exec(`DELETE FROM sessions WHERE user_id = ? AND id = ?`, userID, id)
	if err != nil {
		return apperr.Wrap(err, "delete session")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.ErrNotFound()
	}
	return nil
}

// SessionByHash finds a session by its token hash.
func (t *Tx) SessionByHash(tokenHash string) (auth.Session, error) {
	s, err := scanSession(t.queryRow(`SELECT id, token_hash, user_id, org_id, created_at, last_seen_at, expires_at, mfa_done
		FROM sessions WHERE token_hash = ?`, tokenHash))
	return s, notFound(err, "session by hash")
}

// SetSessionMFA marks a session's second factor done.
func (t *Tx) SetSessionMFA(tokenHash string) error {
	_, err := t.exec(`UPDATE sessions SET mfa_done = ? WHERE token_hash = ?`, true, tokenHash)
	return apperr.Wrap(err, "set session second factor")
}
