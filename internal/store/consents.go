package store

import (
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/consent"
	"koto/internal/crypto"
)

// Consents returns the store as the consents service's store.
func (db *DB) Consents() consent.Store { return gated[consent.Tx]{db} }

// *Tx serves the consents' transactions.
var _ consent.Tx = (*Tx)(nil)

func consentScopeAD(orgID, consentID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "consents", Column: "scope_enc", RowID: consentID}
}

// sealedConsent is a row of consents, with its withdrawal, before the
// scope is opened.
type sealedConsent struct {
	consent.Consent
	enc []byte
}

// Consents lists a client's consents (and those of records merged into
// it), newest first by the day given, with their withdrawals; the scopes
// are opened with the clients' keys.
func (t *Tx) Consents(orgID, clientID string) ([]consent.Consent, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := collect(t, "consents", scanConsent, `SELECT c.id, c.client_id, c.consent_type, c.scope_enc, c.text_version,
		c.given_date, c.given_channel, c.recorded_by, c.recorded_username, c.created_at,
		w.id, w.withdrawn_date, w.channel, w.recorded_by, w.recorded_username, w.created_at
		FROM consents c LEFT JOIN consent_withdrawals w ON w.consent_id = c.id AND w.org_id = c.org_id
		WHERE c.org_id = ? AND `+t.db.dialect.inList("c.client_id")+`
		ORDER BY c.given_date DESC, c.created_at DESC, c.id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	ciphers := map[string]*crypto.FieldCipher{}
	out := make([]consent.Consent, len(sealed))
	for i, s := range sealed {
		c := s.Consent
		if s.enc != nil {
			fc := ciphers[c.ClientID]
			if fc == nil {
				if fc, err = t.clientCipher(orgID, c.ClientID); err != nil {
					return nil, err
				}
				ciphers[c.ClientID] = fc
			}
			plain, err := fc.Open(s.enc, consentScopeAD(orgID, c.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open consent scope")
			}
			c.Scope = string(plain)
		}
		out[i] = c
	}
	return out, nil
}

func scanConsent(sc scanner) (sealedConsent, error) {
	var c sealedConsent
	var wID, wChannel, wBy, wUser sql.NullString
	var wDate civil.Date
	var wAt sql.NullTime
	err := sc.Scan(&c.ID, &c.ClientID, &c.Type, &c.enc, &c.TextVersion, &c.Given, &c.Channel, &c.RecordedBy, &c.Recorder, &c.CreatedAt,
		&wID, &wDate, &wChannel, &wBy, &wUser, &wAt)
	c.CreatedAt = c.CreatedAt.UTC()
	if wID.Valid {
		c.Withdrawal = &consent.Withdrawal{ID: wID.String, ConsentID: c.ID, Date: wDate, Channel: wChannel.String,
			RecordedBy: wBy.String, Recorder: wUser.String, CreatedAt: wAt.Time.UTC()}
	}
	return c, err
}

// InsertConsent seals c's scope (if any) with the client's key and stores
// the consent.
func (t *Tx) InsertConsent(orgID string, c *consent.Consent) error {
	var enc []byte
	if c.Scope != "" {
		fc, err := t.clientCipher(orgID, c.ClientID)
		if err != nil {
			return err
		}
		if enc, err = fc.Seal([]byte(c.Scope), consentScopeAD(orgID, c.ID)); err != nil {
			return apperr.Wrap(err, "seal consent scope")
		}
	}
	_, err := t.exec(`INSERT INTO consents (id, org_id, client_id, consent_type, scope_enc, text_version, given_date, given_channel,
		recorded_by, recorded_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, orgID, c.ClientID, c.Type, enc, c.TextVersion, c.Given, c.Channel, c.RecordedBy, c.Recorder, c.CreatedAt)
	return apperr.Wrap(err, "insert consent")
}

// InsertConsentWithdrawal stores w for a consent of clientID; Conflict
// when the consent already has a withdrawal (a concurrent one won).
func (t *Tx) InsertConsentWithdrawal(orgID, clientID string, w *consent.Withdrawal) error {
	_, err := t.exec(`INSERT INTO consent_withdrawals (id, org_id, consent_id, client_id, withdrawn_date, channel,
		recorded_by, recorded_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		w.ID, orgID, w.ConsentID, clientID, w.Date, w.Channel, w.RecordedBy, w.Recorder, w.CreatedAt)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "consent.already_withdrawn")
	}
	return apperr.Wrap(err, "insert consent withdrawal")
}

// ClientServiceEnd is the last day of the client's integration services,
// zero while they go on; NotFound when orgID holds no such client.
func (t *Tx) ClientServiceEnd(orgID, clientID string) (civil.Date, error) {
	var end civil.Date
	err := t.queryRow(`SELECT service_end FROM clients WHERE id = ? AND org_id = ?`, clientID, orgID).Scan(&end)
	return end, notFound(err, "client service end")
}

// Processable applies consent.MayProcess, the consent rule for casework
// processing, for the gate.
func (t *Tx) Processable(orgID, clientID string, day civil.Date) error {
	return consent.MayProcess(t, orgID, clientID, day)
}
