package store

import (
	"database/sql"
	"time"

	"koto/internal/apperr"
	"koto/internal/crypto"
)

// totpAD binds a sealed TOTP key to its organisation, column and user.
func totpAD(orgID, userID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "users", Column: "totp_secret", RowID: userID}
}

// orgFieldCipher is a field cipher under the organisation's key with
// keyID ("" = newest), for staff secrets that belong to no client.
func (t *Tx) orgFieldCipher(orgID, keyID string) (*crypto.FieldCipher, error) {
	ok, err := t.orgKey(orgID, keyID)
	if err != nil {
		return nil, err
	}
	raw := ok.Bytes()
	defer crypto.Wipe(raw)
	return crypto.NewFieldCipher(raw, ok.ID)
}

// SetTOTPKey stores a new unconfirmed TOTP key, sealed with the
// organisation's key.
func (t *Tx) SetTOTPKey(userID, orgID string, key []byte) error {
	fc, err := t.orgFieldCipher(orgID, "")
	if err != nil {
		return err
	}
	sealed, err := fc.Seal(key, totpAD(orgID, userID))
	if err != nil {
		return apperr.Wrap(err, "seal totp key")
	}
	_, err = t.exec(`UPDATE users SET totp_secret_enc = ?, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = ? AND org_id = ?`, sealed, userID, orgID)
	return apperr.Wrap(err, "store totp key")
}

// TOTPKey opens a user's TOTP key.
func (t *Tx) TOTPKey(userID, orgID string) ([]byte, int64, error) {
	var sealed []byte
	var last int64
	err := t.queryRow(`SELECT totp_secret_enc, totp_last_step FROM users WHERE id = ? AND org_id = ?`, userID, orgID).Scan(&sealed, &last)
	if err != nil {
		return nil, 0, notFound(err, "totp key")
	}
	if sealed == nil {
		return nil, 0, apperr.ErrNotFound()
	}
	keyID, err := crypto.SealedKeyID(sealed)
	if err != nil {
		return nil, 0, apperr.Wrap(err, "totp key id")
	}
	fc, err := t.orgFieldCipher(orgID, keyID)
	if err != nil {
		return nil, 0, err
	}
	key, err := fc.Open(sealed, totpAD(orgID, userID))
	if err != nil {
		return nil, 0, apperr.Wrap(err, "open totp key")
	}
	return key, last, nil
}

// EnableTOTP confirms a user's TOTP key.
func (t *Tx) EnableTOTP(userID string, at time.Time) error {
	_, err := t.exec(`UPDATE users SET totp_enabled_at = ? WHERE id = ? AND totp_secret_enc IS NOT NULL`, at, userID)
	return apperr.Wrap(err, "enable totp")
}

// SetTOTPLastStep records the last accepted time step (replay guard). It
// only ever moves forward.
func (t *Tx) SetTOTPLastStep(userID string, step int64) error {
	_, err := t.exec(`UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?`, step, userID, step)
	return apperr.Wrap(err, "set totp step")
}

// ClearTOTP removes a user's TOTP key and recovery codes.
func (t *Tx) ClearTOTP(userID string) error {
	if _, err := t.exec(`UPDATE users SET totp_secret_enc = NULL, totp_enabled_at = NULL, totp_last_step = 0 WHERE id = ?`, userID); err != nil {
		return apperr.Wrap(err, "clear totp")
	}
	_, err := t.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID)
	return apperr.Wrap(err, "delete recovery codes")
}

// ReplaceRecoveryCodes stores new recovery code hashes, dropping old ones.
func (t *Tx) ReplaceRecoveryCodes(userID, orgID string, hashes []string) error {
	if _, err := t.exec(`DELETE FROM recovery_codes WHERE user_id = ?`, userID); err != nil {
		return apperr.Wrap(err, "delete recovery codes")
	}
	for _, h := range hashes {
		if _, err := t.exec(`INSERT INTO recovery_codes (user_id, org_id, code_hash) VALUES (?, ?, ?)`, userID, orgID, h); err != nil {
			return apperr.Wrap(err, "insert recovery code")
		}
	}
	return nil
}

// UseRecoveryCode marks an unused recovery code used.
func (t *Tx) UseRecoveryCode(userID, hash string, at time.Time) (bool, error) {
	res, err := t.exec(`UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL`, at, userID, hash)
	if err != nil {
		return false, apperr.Wrap(err, "use recovery code")
	}
	n, err := res.RowsAffected()
	return n == 1, apperr.Wrap(err, "use recovery code")
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (t *Tx) RecoveryCodesLeft(userID string) (int, error) {
	var n sql.NullInt64
	err := t.queryRow(`SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL`, userID).Scan(&n)
	return int(n.Int64), apperr.Wrap(err, "count recovery codes")
}
