package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"koto/internal/apperr"
	"koto/internal/crypto"
)

// SavedForms returns the store of forms kept across an expired session
// (ADR 18).
func (db *DB) SavedForms() SavedFormStore { return SavedFormStore{db} }

// SavedFormStore keeps a form posted after its session expired, sealed
// with the former user's organisation key, for a few minutes, until that
// user logs in again and opens the form.
type SavedFormStore struct{ db *DB }

// SavedForm is one kept form. ID is the SHA-256 of the random token the
// browser holds (never the token itself); Payload is the plaintext, sealed
// in the database.
type SavedForm struct {
	ID, OrgID, UserID, Path string
	Payload                 []byte
}

func savedFormAD(orgID, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "saved_forms", Column: "payload_enc", RowID: id}
}

// SessionOwner returns the user and organisation of a session, expired or
// not, by the hash of its secret: the person a form posted with that
// session cookie belongs to. An unknown session (ended by logout, or never
// issued) is NotFound.
func (s SavedFormStore) SessionOwner(ctx context.Context, tokenHash string) (userID, orgID string, err error) {
	err = s.db.readRow(ctx, `SELECT u.id, u.org_id FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND u.disabled_at IS NULL`, tokenHash).Scan(&userID, &orgID)
	return userID, orgID, notFound(err, "session owner")
}

// Save seals f.Payload with the organisation's newest key and keeps it for
// ttl. It first deletes the organisation's expired forms.
func (s SavedFormStore) Save(ctx context.Context, f SavedForm, ttl time.Duration) error {
	return s.db.InOrgTx(ctx, f.OrgID, func(tx *Tx) error {
		if err := tx.deleteExpiredForms(f.OrgID); err != nil {
			return err
		}
		k, err := tx.orgKey(f.OrgID, "")
		if err != nil {
			return err
		}
		c, err := crypto.NewFieldCipher(k.Bytes(), k.ID)
		if err != nil {
			return apperr.Wrap(err, "saved form cipher")
		}
		sealed, err := c.Seal(f.Payload, savedFormAD(f.OrgID, f.ID))
		if err != nil {
			return apperr.Wrap(err, "seal saved form")
		}
		_, err = tx.exec(`INSERT INTO saved_forms (id, org_id, user_id, path, key_id, payload_enc, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, f.ID, f.OrgID, f.UserID, f.Path, k.ID, sealed, tx.Now(), tx.Now().Add(ttl))
		return apperr.Wrap(err, "insert saved form")
	})
}

// Take returns the payload of the unexpired form id kept for userID of
// orgID at path, and deletes it: a form is restored once. Anything else —
// another user, another page, an expired or unknown form — is NotFound and
// leaves the row alone (expired rows are deleted).
func (s SavedFormStore) Take(ctx context.Context, id, orgID, userID, path string) ([]byte, error) {
	var out []byte
	var found bool
	err := s.db.InOrgTx(ctx, orgID, func(tx *Tx) error {
		if err := tx.deleteExpiredForms(orgID); err != nil {
			return err
		}
		var keyID string
		var sealed []byte
		err := tx.queryRow(`SELECT key_id, payload_enc FROM saved_forms
			WHERE id = ? AND org_id = ? AND user_id = ? AND path = ? AND expires_at > ?`,
			id, orgID, userID, path, tx.Now()).Scan(&keyID, &sealed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // committed: the expired forms stay deleted
		}
		if err != nil {
			return apperr.Wrap(err, "read saved form")
		}
		found = true
		if _, err := tx.exec(`DELETE FROM saved_forms WHERE id = ? AND org_id = ?`, id, orgID); err != nil {
			return apperr.Wrap(err, "delete saved form")
		}
		k, err := tx.orgKey(orgID, keyID)
		if err != nil {
			return err
		}
		c, err := crypto.NewFieldCipher(k.Bytes(), k.ID)
		if err != nil {
			return apperr.Wrap(err, "saved form cipher")
		}
		out, err = c.Open(sealed, savedFormAD(orgID, id))
		return apperr.Wrap(err, "open saved form")
	})
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, apperr.ErrNotFound()
	}
	return out, nil
}

// Purge deletes every expired form of every organisation (a scheduled
// job; the result names how many).
func (s SavedFormStore) Purge(ctx context.Context) (string, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(`DELETE FROM saved_forms WHERE expires_at <= ?`, tx.Now())
		if err != nil {
			return apperr.Wrap(err, "purge saved forms")
		}
		n, err = res.RowsAffected()
		return apperr.Wrap(err, "purge saved forms")
	})
	return fmt.Sprintf("%d expired saved forms deleted", n), err
}

func (t *Tx) deleteExpiredForms(orgID string) error {
	_, err := t.exec(`DELETE FROM saved_forms WHERE org_id = ? AND expires_at <= ?`, orgID, t.Now())
	return apperr.Wrap(err, "delete expired saved forms")
}
