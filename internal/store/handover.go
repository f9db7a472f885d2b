package store

import (
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/crypto"
	"koto/internal/handover"
)

// Hand-over receipts and transfer requests (migration 0034, ADR 34). The
// records a hand-over or transfer brings in are written by the bulk
// writers of their own capabilities (InsertClients, InsertRecords,
// InsertPlans, InsertReferrals, InsertPlacements); this file holds only
// what is the hand-over's own.

// Handover returns the store as the hand-over service's store.
func (db *DB) Handover() handover.Store { return gated[handover.Tx]{db} }

// *Tx serves the hand-over's transactions.
var _ handover.Tx = (*Tx)(nil)

func receiptAD(orgID, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "handover_receipts", Column: "source_enc", RowID: id}
}

// HandoverReceipt is the receipt of document documentID for the person
// with hetu ("" without one) in orgID; NotFound when there is none. The
// source is not opened (the idempotency check needs only the client).
func (t *Tx) HandoverReceipt(orgID, documentID, hetu string) (handover.Receipt, error) {
	var r handover.Receipt
	var sourceOrg, transfer sql.NullString
	err := t.queryRow(`SELECT id, org_id, client_id, document_id, source_org_id, transfer_id, content_hash, received_by,
		received_username, created_at FROM handover_receipts WHERE org_id = ? AND document_id = ? AND hetu_bidx = ?`,
		orgID, documentID, t.receiptIndex(orgID, hetu)).Scan(&r.ID, &r.OrgID, &r.ClientID, &r.DocumentID, &sourceOrg, &transfer,
		&r.ContentHash, &r.ReceivedBy, &r.ReceivedUsername, &r.CreatedAt)
	r.SourceOrgID, r.TransferID, r.HETU, r.CreatedAt = sourceOrg.String, transfer.String, hetu, r.CreatedAt.UTC()
	return r, notFound(err, "hand-over receipt")
}

// receiptIndex is the HETU's blind index in orgID, "" without a HETU.
func (t *Tx) receiptIndex(orgID, hetu string) string {
	if hetu == "" {
		return ""
	}
	return t.hetuIndex(orgID, hetu)
}

// InsertHandoverReceipt stores r; the source text is sealed with the new
// client's key. Conflict when the document was already received for the
// person (the unique key).
func (t *Tx) InsertHandoverReceipt(orgID string, r *handover.Receipt) error {
	fc, err := t.clientCipher(orgID, r.ClientID)
	if err != nil {
		return err
	}
	var source []byte
	if r.Source != "" {
		if source, err = fc.Seal([]byte(r.Source), receiptAD(orgID, r.ID)); err != nil {
			return apperr.Wrap(err, "seal receipt source")
		}
	}
	_, err = t.exec(`INSERT INTO handover_receipts (id, org_id, client_id, document_id, hetu_bidx, source_org_id, source_enc,
		transfer_id, content_hash, received_by, received_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, orgID, r.ClientID, r.DocumentID, t.receiptIndex(orgID, r.HETU), nullable(r.SourceOrgID), source,
		nullable(r.TransferID), r.ContentHash, r.ReceivedBy, r.ReceivedUsername, r.CreatedAt)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "handover.already_imported")
	}
	return apperr.Wrap(err, "insert hand-over receipt")
}

// transferColumns are the columns of a transfer request with the names of
// its organisations (alias tr; f and o the organisations).
const transferColumns = `tr.id, tr.org_id, tr.to_org_id, tr.client_id, tr.status, tr.requested_by, tr.requested_username,
	tr.requested_at, tr.decided_by, tr.decided_at, tr.refusal_reason, tr.disclosure_id, tr.new_client_id, f.name, o.name`

const transferFrom = ` FROM client_transfers tr JOIN organisations f ON f.id = tr.org_id JOIN organisations o ON o.id = tr.to_org_id`

func scanTransfer(sc scanner) (handover.Transfer, error) {
	var tr handover.Transfer
	var status string
	var decidedBy, reason, disclosureID, newClient sql.NullString
	var decidedAt sql.NullTime
	err := sc.Scan(&tr.ID, &tr.FromOrgID, &tr.ToOrgID, &tr.ClientID, &status, &tr.RequestedBy, &tr.RequestedUsername,
		&tr.RequestedAt, &decidedBy, &decidedAt, &reason, &disclosureID, &newClient, &tr.FromName, &tr.ToName)
	tr.Status = handover.Status(status)
	tr.DecidedBy, tr.RefusalReason, tr.DisclosureID, tr.NewClientID = decidedBy.String, reason.String, disclosureID.String, newClient.String
	tr.RequestedAt = tr.RequestedAt.UTC()
	if decidedAt.Valid {
		tr.DecidedAt = decidedAt.Time.UTC()
	}
	return tr, err
}

// InsertTransfer stores a new request; Conflict (moves.already_requested)
// when the client has an open one.
func (t *Tx) InsertTransfer(tr *handover.Transfer) error {
	_, err := t.exec(`INSERT INTO client_transfers (id, org_id, to_org_id, client_id, status, requested_by, requested_username,
		requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tr.ID, tr.FromOrgID, tr.ToOrgID, tr.ClientID, string(tr.Status), tr.RequestedBy, tr.RequestedUsername, tr.RequestedAt)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "moves.already_requested", "to")
	}
	return apperr.Wrap(err, "insert transfer")
}

// Transfer is a request orgID is a party to (sender or receiver);
// NotFound otherwise.
func (t *Tx) Transfer(orgID, id string) (handover.Transfer, error) {
	tr, err := scanTransfer(t.queryRow(`SELECT `+transferColumns+transferFrom+` WHERE tr.id = ? AND (tr.org_id = ? OR tr.to_org_id = ?)`,
		id, orgID, orgID))
	return tr, notFound(err, "transfer")
}

// Transfers lists the requests orgID is a party to, newest first (the
// latest 500).
func (t *Tx) Transfers(orgID string) ([]handover.Transfer, error) {
	return collect(t, "transfers", scanTransfer, `SELECT `+transferColumns+transferFrom+`
		WHERE tr.org_id = ? OR tr.to_org_id = ? ORDER BY tr.requested_at DESC, tr.id LIMIT 500`, orgID, orgID)
}

// DecideTransfer stores the decision on an open request addressed to
// tr.ToOrgID; Conflict (moves.decided) when it is no longer open.
func (t *Tx) DecideTransfer(tr *handover.Transfer) error {
	res, err := t.exec(`UPDATE client_transfers SET status = ?, decided_by = ?, decided_at = ?, refusal_reason = ?, disclosure_id = ?,
		new_client_id = ? WHERE id = ? AND to_org_id = ? AND status = 'requested'`,
		string(tr.Status), tr.DecidedBy, tr.DecidedAt, nullable(tr.RefusalReason), nullable(tr.DisclosureID), nullable(tr.NewClientID),
		tr.ID, tr.ToOrgID)
	if err != nil {
		return apperr.Wrap(err, "decide transfer")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "moves.decided")
	}
	return nil
}
