package store

import (
	"database/sql"
	"strings"

	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/disclosure"
)

// The organisation-wide disclosure log (ADR 35): a page of the
// organisation's disclosures with the names a person reads — the recipient
// organisation's, the user's and the client's (opened with the client's
// key) — and the recipient's free-text name. Migration 0035's indexes and
// 0031's (client, recipient) keep every filter to its rows.

// DisclosureLog returns the store as the disclosure log's store.
func (db *DB) DisclosureLog() disclosure.LogStore { return gated[disclosure.LogTx]{db} }

// *Tx serves the log's transactions.
var _ disclosure.LogTx = (*Tx)(nil)

// disclosureLogColumns are disclosureColumns of the table aliased d.
var disclosureLogColumns = func() string {
	cols := strings.Split(disclosureColumns, ",")
	for i, c := range cols {
		cols[i] = "d." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// DisclosureLog reads a page of orgID's disclosures matching f, newest
// first (time, then id), without content. An erased client's name and
// the recipient text sealed with its key stay empty.
func (t *Tx) DisclosureLog(orgID string, f disclosure.LogFilter) ([]disclosure.LogEntry, error) {
	q, args := disclosureLogQuery(orgID, f)
	type row struct {
		d       sealedDisclosure
		e       disclosure.LogEntry
		summary []byte
		key     wrappedKey
	}
	rows, err := collect(t, "disclosure log", func(sc scanner) (row, error) {
		var r row
		var keyID, orgKeyID sql.NullString
		d, err := scanDisclosure(sc, &r.e.RecipientOrgCode, &r.e.RecipientOrgName, &r.e.UserDisplayName, &r.e.ClientKotoID,
			&r.summary, &keyID, &orgKeyID, &r.key.wrapped)
		r.d, r.key.keyID, r.key.orgKeyID = d, keyID.String, orgKeyID.String
		return r, err
	}, q, args...)
	if err != nil {
		return nil, err
	}
	ciphers := map[string]*crypto.FieldCipher{}
	out := make([]disclosure.LogEntry, len(rows))
	for i, r := range rows {
		e := r.e
		e.Disclosure = r.d.Disclosure
		if r.key.wrapped != nil {
			fc := ciphers[e.ClientID]
			if fc == nil {
				if fc, err = t.unwrapClientKey(orgID, e.ClientID, r.key.keyID, r.key.orgKeyID, r.key.wrapped); err != nil {
					return nil, err
				}
				ciphers[e.ClientID] = fc
			}
			doc, err := openSummaryDoc(fc, orgID, e.ClientID, r.summary)
			if err != nil {
				return nil, err
			}
			if doc.LastName != "" || doc.FirstNames != "" {
				e.ClientName = client.Summary{FirstNames: doc.FirstNames, LastName: doc.LastName}.FullName()
			}
			if r.d.recipientEnc != nil {
				plain, err := fc.Open(r.d.recipientEnc, disclosureAD(orgID, e.ID, "recipient_enc"))
				if err != nil {
					return nil, err
				}
				e.Recipient = string(plain)
			}
		}
		out[i] = e
	}
	return out, nil
}

// disclosureLogQuery is the statement of DisclosureLog and its arguments.
func disclosureLogQuery(orgID string, f disclosure.LogFilter) (string, []any) {
	q := `SELECT ` + disclosureLogColumns + `, COALESCE(o.code, ''), COALESCE(o.name, ''), COALESCE(u.display_name, ''),
		COALESCE(c.koto_id, ''), c.summary_enc, k.key_id, k.org_key_id, k.wrapped
		FROM disclosures d
		LEFT JOIN organisations o ON o.id = d.recipient_org_id
		LEFT JOIN users u ON u.id = d.disclosed_by
		LEFT JOIN clients c ON c.id = d.client_id AND c.org_id = d.org_id
		LEFT JOIN client_keys k ON k.client_id = d.client_id AND k.org_id = d.org_id
		WHERE d.org_id = ? AND d.created_at >= ? AND d.created_at < ?`
	args := []any{orgID, f.From, f.To}
	if f.Kind != "" {
		q += ` AND d.kind = ?`
		args = append(args, f.Kind)
	}
	if f.RecipientCode != "" {
		q += ` AND d.recipient_org_id = (SELECT id FROM organisations WHERE code = ?)`
		args = append(args, f.RecipientCode)
	}
	if f.ClientID != "" {
		q += ` AND d.client_id = ?`
		args = append(args, f.ClientID)
	}
	if f.AfterID != "" {
		q += ` AND (d.created_at < ? OR (d.created_at = ? AND d.id < ?))`
		args = append(args, f.AfterAt, f.AfterAt, f.AfterID)
	}
	q += ` ORDER BY d.created_at DESC, d.id DESC LIMIT ?`
	args = append(args, f.Limit)
	return q, args
}

// RecipientOrgs lists the organisations other than orgID by name: the
// choices of the log's recipient filter (no personal data).
func (t *Tx) RecipientOrgs(orgID string) ([]disclosure.RecipientOrg, error) {
	return collect(t, "recipient organisations", func(sc scanner) (disclosure.RecipientOrg, error) {
		var o disclosure.RecipientOrg
		return o, sc.Scan(&o.Code, &o.Name)
	}, `SELECT code, name FROM organisations WHERE id <> ? ORDER BY name, code`, orgID)
}
