package store

import (
	"database/sql"
	"encoding/json"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/handover"
	"koto/internal/retention"
	"koto/internal/subject"
)

// Subjects returns the store of the data subject's reports.
func (db *DB) Subjects() subject.Store { return gated[subject.Tx]{db} }

// *Tx serves the reports' transactions.
var _ subject.Tx = (*Tx)(nil)

// SensitiveVersions loads every saved version of a client's
// special-category data, oldest first, opened with the client's key; none
// for a client without any.
func (t *Tx) SensitiveVersions(orgID, clientID string) ([]client.Sensitive, error) {
	rows, err := t.query(`SELECT data_enc, saved_at, saved_by, version FROM client_sensitive_versions
		WHERE client_id = ? AND org_id = ? ORDER BY version`, clientID, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	type sealed struct {
		enc []byte
		s   client.Sensitive
	}
	var all []sealed
	for rows.Next() {
		var x sealed
		if err := rows.Scan(&x.enc, &x.s.UpdatedAt, &x.s.UpdatedBy, &x.s.Version); err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "scan sensitive version")
		}
		all = append(all, x)
	}
	if err := rows.Close(); err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "load sensitive versions")
	}
	if len(all) == 0 {
		return nil, nil
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]client.Sensitive, len(all))
	for i, x := range all {
		plain, err := fc.Open(x.enc, sensitiveAD(orgID, clientID))
		if err != nil {
			return nil, apperr.Wrap(err, "open sensitive version")
		}
		var doc sensitiveDoc
		err = json.Unmarshal(plain, &doc)
		crypto.Wipe(plain)
		if err != nil {
			return nil, apperr.Wrap(err, "decode sensitive version")
		}
		out[i] = x.s
		out[i].Health, out[i].WorkAbility, out[i].FunctionalAbility = doc.Health, doc.WorkAbility, doc.FunctionalAbility
		out[i].UpdatedAt = out[i].UpdatedAt.UTC()
	}
	return out, nil
}

// ClientTransfers lists the transfer requests that concern a client of
// orgID, newest first: those orgID sent about the client (or a record
// merged into it) and those another municipality sent that orgID accepted
// into the client (new_client_id).
func (t *Tx) ClientTransfers(orgID, clientID string) ([]handover.Transfer, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	list := t.db.dialect.listArg(ids)
	return collect(t, "client transfers", scanTransfer, `SELECT `+transferColumns+transferFrom+`
		WHERE (tr.org_id = ? AND `+t.db.dialect.inList("tr.client_id")+`) OR (tr.to_org_id = ? AND `+t.db.dialect.inList("tr.new_client_id")+`)
		ORDER BY tr.requested_at DESC, tr.id`, orgID, list, orgID, list)
}

// HandoverReceipts lists the hand-over documents orgID received into a
// client (or a record merged into it), oldest first, the source opened
// with the client's key and the sending organisation's name in
// SourceName.
func (t *Tx) HandoverReceipts(orgID, clientID string) ([]handover.Receipt, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	type sealed struct {
		r      handover.Receipt
		source []byte
	}
	rows, err := collect(t, "hand-over receipts", func(sc scanner) (sealed, error) {
		var s sealed
		var transfer, sourceName sql.NullString
		err := sc.Scan(&s.r.ID, &s.r.OrgID, &s.r.ClientID, &s.r.DocumentID, &s.r.SourceOrgID, &sourceName, &s.source, &transfer,
			&s.r.ContentHash, &s.r.CreatedAt)
		s.r.TransferID, s.r.SourceName, s.r.CreatedAt = transfer.String, sourceName.String, s.r.CreatedAt.UTC()
		return s, err
	}, `SELECT h.id, h.org_id, h.client_id, h.document_id, COALESCE(h.source_org_id, ''), o.name, h.source_enc, h.transfer_id,
		h.content_hash, h.created_at FROM handover_receipts h LEFT JOIN organisations o ON o.id = h.source_org_id
		WHERE h.org_id = ? AND `+t.db.dialect.inList("h.client_id")+` ORDER BY h.created_at, h.id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	out := make([]handover.Receipt, len(rows))
	for i, s := range rows {
		out[i] = s.r
		if len(s.source) == 0 {
			continue
		}
		fc, err := t.clientCipher(orgID, s.r.ClientID)
		if err != nil {
			return nil, err
		}
		plain, err := fc.Open(s.source, receiptAD(orgID, s.r.ID))
		if err != nil {
			return nil, apperr.Wrap(err, "open receipt source")
		}
		out[i].Source = string(plain)
	}
	return out, nil
}

// RetentionHold is the legal hold on a client of orgID; nil for none.
func (t *Tx) RetentionHold(orgID, clientID string) (*retention.Hold, error) {
	var h retention.Hold
	err := t.queryRow(`SELECT client_id, reason, set_at FROM retention_holds WHERE org_id = ? AND client_id = ?`, orgID, clientID).
		Scan(&h.ClientID, &h.Reason, &h.SetAt)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "retention hold")
	}
	h.SetAt = h.SetAt.UTC()
	return &h, nil
}
