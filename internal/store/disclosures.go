package store

import (
	"database/sql"
	"encoding/json"
	"strconv"

	"koto/internal/apperr"
	"koto/internal/crypto"
	"koto/internal/disclosure"
	"koto/internal/org"
)

// Disclosures are immutable records of personal data leaving the holder
// (migration 0031, ADR 31). The holder's row seals the recipient's name
// and the content with the client's key; a recipient organisation in Koto
// also gets a copy of the content sealed with a data key of its own
// (recipient_key, wrapped by the master key for that recipient and that
// disclosure), which it opens without any key of the holder.

func disclosureAD(orgID, id, column string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "disclosures", Column: column, RowID: id}
}

// disclosureColumns are the columns of a disclosure without its content.
const disclosureColumns = `id, org_id, client_id, kind, recipient_org_id, recipient_enc, basis, basis_detail, items, content_hash,
	channel, referral_id, consent_id, request_id, disclosed_by, disclosed_username, created_at`

// sealedDisclosure is a row of disclosures before its sealed fields are
// opened.
type sealedDisclosure struct {
	disclosure.Disclosure
	recipientEnc []byte
}

func scanDisclosure(sc scanner, extra ...any) (sealedDisclosure, error) {
	var d sealedDisclosure
	var recipientOrg, referral, consent, request sql.NullString
	var items string
	err := sc.Scan(append([]any{&d.ID, &d.OrgID, &d.ClientID, &d.Kind, &recipientOrg, &d.recipientEnc, &d.Basis, &d.BasisDetail, &items,
		&d.ContentHash, &d.Channel, &referral, &consent, &request, &d.DisclosedBy, &d.DisclosedUsername, &d.CreatedAt}, extra...)...)
	if err != nil {
		return d, err
	}
	d.RecipientOrgID, d.ReferralID, d.ConsentID, d.RequestID = recipientOrg.String, referral.String, consent.String, request.String
	d.CreatedAt = d.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(items), &d.Items); err != nil {
		return d, apperr.Wrap(err, "disclosure items")
	}
	return d, nil
}

func scanDisclosureRow(sc scanner) (sealedDisclosure, error) { return scanDisclosure(sc) }

// InsertDisclosure records d for the client it names, held by orgID:
// it validates d (the content must match its hash), seals the recipient's
// name and the content with the client's key and, when the recipient is
// an organisation in Koto, seals a copy of the content for it. NotFound
// when orgID holds no such client.
func (t *Tx) InsertDisclosure(orgID string, d *disclosure.Disclosure) error {
	return t.InsertDisclosures(orgID, []*disclosure.Disclosure{d})
}

// sealForRecipient seals d's content with a fresh data key wrapped for
// the recipient organisation and this disclosure.
func (t *Tx) sealForRecipient(d *disclosure.Disclosure) (crypto.Wrapped, []byte, error) {
	dek, err := crypto.NewDataKey()
	if err != nil {
		return crypto.Wrapped{}, nil, apperr.Wrap(err, "recipient data key")
	}
	defer crypto.Wipe(dek)
	w, err := t.db.ring.WrapRecipientKey(d.RecipientOrgID, d.ID, dek)
	if err != nil {
		return crypto.Wrapped{}, nil, apperr.Wrap(err, "wrap recipient key")
	}
	sealed, err := crypto.SealField(dek, "r1", d.Content, disclosureAD(d.RecipientOrgID, d.ID, "recipient_content_enc"))
	return w, sealed, apperr.Wrap(err, "seal recipient copy")
}

// Disclosures is a client's disclosure log (with the records merged into
// it), newest first, without the content; the recipients' names are
// opened with the clients' keys.
func (t *Tx) Disclosures(orgID, clientID string) ([]disclosure.Disclosure, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := collect(t, "disclosures", scanDisclosureRow, `SELECT `+disclosureColumns+` FROM disclosures
		WHERE org_id = ? AND `+t.db.dialect.inList("client_id")+` ORDER BY created_at DESC, id DESC`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	ciphers := map[string]*crypto.FieldCipher{}
	out := make([]disclosure.Disclosure, len(sealed))
	for i, s := range sealed {
		d := s.Disclosure
		if s.recipientEnc != nil {
			fc := ciphers[d.ClientID]
			if fc == nil {
				if fc, err = t.clientCipher(orgID, d.ClientID); err != nil {
					return nil, err
				}
				ciphers[d.ClientID] = fc
			}
			plain, err := fc.Open(s.recipientEnc, disclosureAD(orgID, d.ID, "recipient_enc"))
			if err != nil {
				return nil, apperr.Wrap(err, "open disclosure recipient")
			}
			d.Recipient = string(plain)
		}
		out[i] = d
	}
	return out, nil
}

// Disclosure is one disclosure of the client (or of a record merged into
// it) with its content opened with the client's key; NotFound for another
// client's or organisation's disclosure.
func (t *Tx) Disclosure(orgID, clientID, id string) (disclosure.Disclosure, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return disclosure.Disclosure{}, err
	}
	var contentEnc []byte
	s, err := scanDisclosure(t.queryRow(`SELECT `+disclosureColumns+`, content_enc FROM disclosures
		WHERE id = ? AND org_id = ? AND `+t.db.dialect.inList("client_id"), id, orgID, t.db.dialect.listArg(ids)), &contentEnc)
	if err != nil {
		return disclosure.Disclosure{}, notFound(err, "disclosure")
	}
	fc, err := t.clientCipher(orgID, s.ClientID)
	if err != nil {
		return disclosure.Disclosure{}, err
	}
	d := s.Disclosure
	if s.recipientEnc != nil {
		plain, err := fc.Open(s.recipientEnc, disclosureAD(orgID, d.ID, "recipient_enc"))
		if err != nil {
			return disclosure.Disclosure{}, apperr.Wrap(err, "open disclosure recipient")
		}
		d.Recipient = string(plain)
	}
	if d.Content, err = fc.Open(contentEnc, disclosureAD(orgID, d.ID, "content_enc")); err != nil {
		return disclosure.Disclosure{}, apperr.Wrap(err, "open disclosure content")
	}
	return d, nil
}

// errString is a constant error message.
type errString string

func (e errString) Error() string { return string(e) }

// ReceivedDisclosures lists the disclosures addressed to the organisation
// recipientOrgID, newest first (at most disclosure.InboxLimit), without content or the holder's sealed
// fields (Recipient stays empty). On PostgreSQL the recipient_read policy
// lets the recipient's transaction read exactly these rows.
func (t *Tx) ReceivedDisclosures(recipientOrgID string) ([]disclosure.Disclosure, error) {
	sealed, err := collect(t, "received disclosures", scanDisclosureRow, `SELECT `+disclosureColumns+` FROM disclosures
		WHERE recipient_org_id = ? ORDER BY created_at DESC, id DESC LIMIT `+strconv.Itoa(disclosure.InboxLimit), recipientOrgID)
	if err != nil {
		return nil, err
	}
	out := make([]disclosure.Disclosure, len(sealed))
	for i, s := range sealed {
		out[i] = s.Disclosure
	}
	return out, nil
}

// ReceivedDisclosure is one disclosure addressed to recipientOrgID, with
// the recipient's copy of the content opened (never the holder's keys);
// NotFound for a disclosure addressed to anyone else.
func (t *Tx) ReceivedDisclosure(recipientOrgID, id string) (disclosure.Disclosure, error) {
	var keyMaster sql.NullString
	var key, copyEnc []byte
	s, err := scanDisclosure(t.queryRow(`SELECT `+disclosureColumns+`, recipient_key_master_id, recipient_key, recipient_content_enc
		FROM disclosures WHERE id = ? AND recipient_org_id = ?`, id, recipientOrgID), &keyMaster, &key, &copyEnc)
	if err != nil {
		return disclosure.Disclosure{}, notFound(err, "received disclosure")
	}
	if copyEnc == nil {
		return disclosure.Disclosure{}, apperr.ErrNotFound()
	}
	dek, err := t.db.ring.UnwrapRecipientKey(recipientOrgID, id, crypto.Wrapped{KeyID: keyMaster.String, Ciphertext: key})
	if err != nil {
		return disclosure.Disclosure{}, apperr.Wrap(err, "unwrap recipient key")
	}
	defer crypto.Wipe(dek)
	d := s.Disclosure
	if d.Content, err = crypto.OpenField(dek, copyEnc, disclosureAD(recipientOrgID, id, "recipient_content_enc")); err != nil {
		return disclosure.Disclosure{}, apperr.Wrap(err, "open recipient copy")
	}
	return d, nil
}

// Disclosures returns the store as the disclosure capabilities' store.
func (db *DB) Disclosures() disclosure.Store { return gated[disclosure.Tx]{db} }

// ProviderDisclosures returns the store as the provider-package service's.
func (db *DB) ProviderDisclosures() disclosure.ServiceStore { return gated[disclosure.ServiceTx]{db} }

// *Tx serves the disclosures' transactions.
var (
	_ disclosure.Tx        = (*Tx)(nil)
	_ disclosure.ServiceTx = (*Tx)(nil)
)

// OrganisationsByID maps the ids of organisations to the organisations
// (organisations are not personal data: every transaction may read them).
func (t *Tx) OrganisationsByID(ids []string) (map[string]org.Org, error) {
	out := map[string]org.Org{}
	if len(ids) == 0 {
		return out, nil
	}
	os, err := collect(t, "organisations by id", scanOrg, `SELECT `+orgColumns+` FROM organisations WHERE `+t.db.dialect.inList("id"), t.db.dialect.listArg(ids))
	for _, o := range os {
		out[o.ID] = o
	}
	return out, err
}
