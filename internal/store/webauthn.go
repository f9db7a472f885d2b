package store

import (
	"database/sql"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/auth"
)

// WebAuthnCredentials lists a user's WebAuthn credentials, oldest first.
func (t *Tx) WebAuthnCredentials(userID string) ([]auth.WebAuthnCredential, error) {
	return collect(t, "list webauthn credentials", scanWebAuthnCredential,
		`SELECT id, user_id, org_id, public_key, sign_count, flags, transports, name, created_at, last_used_at
		FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at, id`, userID)
}

func scanWebAuthnCredential(sc scanner) (auth.WebAuthnCredential, error) {
	var c auth.WebAuthnCredential
	var count, flags int64
	var transports string
	var used sql.NullTime
	err := sc.Scan(&c.ID, &c.UserID, &c.OrgID, &c.PublicKey, &count, &flags, &transports, &c.Name, &c.CreatedAt, &used)
	c.SignCount, c.Flags, c.CreatedAt, c.LastUsedAt = uint32(count), byte(flags), c.CreatedAt.UTC(), timePtr(used)
	if transports != "" {
		c.Transports = strings.Split(transports, ",")
	}
	return c, err
}

// InsertWebAuthnCredential stores a newly registered credential. A
// credential id already registered (to anyone) is a conflict.
func (t *Tx) InsertWebAuthnCredential(c *auth.WebAuthnCredential) error {
	var n int
	if err := t.queryRow(`SELECT COUNT(*) FROM webauthn_credentials WHERE id = ?`, c.ID).Scan(&n); err != nil {
		return apperr.Wrap(err, "check webauthn credential")
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, "webauthn.already_registered")
	}
	_, err := t.exec(`INSERT INTO webauthn_credentials (id, user_id, org_id, public_key, sign_count, flags, transports, name, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.UserID, c.OrgID, c.PublicKey, int64(c.SignCount), int64(c.Flags),
		strings.Join(c.Transports, ","), c.Name, c.CreatedAt.UTC())
	return apperr.Wrap(err, "insert webauthn credential")
}

// UpdateWebAuthnUse records a successful assertion: the new signature
// counter, flags and time of use.
func (t *Tx) UpdateWebAuthnUse(id, userID string, signCount uint32, flags byte, at time.Time) error {
	_, err := t.exec(`UPDATE webauthn_credentials SET sign_count = ?, flags = ?, last_used_at = ? WHERE id = ? AND user_id = ?`,
		int64(signCount), int64(flags), at.UTC(), id, userID)
	return apperr.Wrap(err, "update webauthn credential")
}

// DeleteWebAuthnCredential removes one of a user's credentials; false when
// the user has no such credential.
func (t *Tx) DeleteWebAuthnCredential(id, userID string) (bool, error) {
	res, err := t.exec(`DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?`, id, userID)
	if err != nil {
		return false, apperr.Wrap(err, "delete webauthn credential")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.Wrap(err, "delete webauthn credential")
}

// SetWebAuthnSession stores the ceremony in progress for a user, replacing
// any earlier one.
func (t *Tx) SetWebAuthnSession(userID, orgID, data string, at time.Time) error {
	if _, err := t.exec(`DELETE FROM webauthn_sessions WHERE user_id = ?`, userID); err != nil {
		return apperr.Wrap(err, "delete webauthn session")
	}
	_, err := t.exec(`INSERT INTO webauthn_sessions (user_id, org_id, data, created_at) VALUES (?, ?, ?, ?)`, userID, orgID, data, at.UTC())
	return apperr.Wrap(err, "insert webauthn session")
}

// TakeWebAuthnSession returns and removes the user's ceremony in progress
// (each may be finished once); apperr.NotFound when there is none.
func (t *Tx) TakeWebAuthnSession(userID string) (string, time.Time, error) {
	var data string
	var at time.Time
	if err := t.queryRow(`SELECT data, created_at FROM webauthn_sessions WHERE user_id = ?`, userID).Scan(&data, &at); err != nil {
		return "", time.Time{}, notFound(err, "webauthn session")
	}
	if _, err := t.exec(`DELETE FROM webauthn_sessions WHERE user_id = ?`, userID); err != nil {
		return "", time.Time{}, apperr.Wrap(err, "delete webauthn session")
	}
	return data, at.UTC(), nil
}
