package store

import (
	"encoding/json"
	"strings"

	"koto/internal/apperr"
	"koto/internal/disclosure"
)

// disclosureBatch is how many disclosures one INSERT statement writes:
// 21 parameters a row stays far below both engines' limits (SQLite 32766,
// PostgreSQL 65535).
const disclosureBatch = 100

// insertDisclosureColumns are the columns InsertDisclosures writes, in the
// order of disclosureRow.
const insertDisclosureColumns = `id, org_id, client_id, kind, recipient_org_id, recipient_enc, basis, basis_detail, items,
	content_enc, content_hash, recipient_key_master_id, recipient_key, recipient_content_enc, channel, referral_id, consent_id,
	request_id, disclosed_by, disclosed_username, created_at`

// InsertDisclosures records many disclosures of orgID's clients (an
// export's page) in one statement per disclosureBatch rows; each is
// validated and sealed exactly as InsertDisclosure does. NotFound when
// orgID holds one of the clients no longer.
func (t *Tx) InsertDisclosures(orgID string, ds []*disclosure.Disclosure) error {
	for start := 0; start < len(ds); start += disclosureBatch {
		batch := ds[start:min(start+disclosureBatch, len(ds))]
		var args []any
		for _, d := range batch {
			row, err := t.disclosureRow(orgID, d)
			if err != nil {
				return err
			}
			args = append(args, row...)
		}
		values := strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), ", len(batch)), ", ")
		if _, err := t.exec(`INSERT INTO disclosures (`+insertDisclosureColumns+`) VALUES `+values, args...); err != nil {
			return apperr.Wrap(err, "insert disclosures")
		}
	}
	return nil
}

// disclosureRow validates d and returns the values of its row: the
// recipient's name and the content sealed with the client's key and, when
// the recipient is an organisation in Koto, the recipient's copy.
func (t *Tx) disclosureRow(orgID string, d *disclosure.Disclosure) ([]any, error) {
	if d.OrgID == "" {
		d.OrgID = orgID
	}
	if d.OrgID != orgID {
		return nil, apperr.Wrap(errString("disclosure of another organisation"), "insert disclosure")
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	fc, err := t.clientCipher(orgID, d.ClientID)
	if err != nil {
		return nil, err
	}
	var recipientEnc []byte
	if d.Recipient != "" {
		if recipientEnc, err = fc.Seal([]byte(d.Recipient), disclosureAD(orgID, d.ID, "recipient_enc")); err != nil {
			return nil, apperr.Wrap(err, "seal disclosure recipient")
		}
	}
	contentEnc, err := fc.Seal(d.Content, disclosureAD(orgID, d.ID, "content_enc"))
	if err != nil {
		return nil, apperr.Wrap(err, "seal disclosure content")
	}
	var keyMaster, key, copyEnc any
	if d.RecipientOrgID != "" {
		w, sealed, err := t.sealForRecipient(d)
		if err != nil {
			return nil, err
		}
		keyMaster, key, copyEnc = w.KeyID, w.Ciphertext, sealed
	}
	items, err := json.Marshal(d.Items)
	if err != nil {
		return nil, apperr.Wrap(err, "disclosure items")
	}
	return []any{d.ID, orgID, d.ClientID, d.Kind, nullable(d.RecipientOrgID), recipientEnc, d.Basis, d.BasisDetail, string(items),
		contentEnc, d.ContentHash, keyMaster, key, copyEnc, d.Channel, nullable(d.ReferralID), nullable(d.ConsentID),
		nullable(d.RequestID), d.DisclosedBy, d.DisclosedUsername, d.CreatedAt}, nil
}
