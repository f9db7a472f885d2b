package store

import (
	"database/sql"
	"encoding/json"

	"koto/internal/apperr"
	"koto/internal/authority"
	"koto/internal/crypto"
)

// Authority requests and their decisions (migration 0033, ADR 33): both
// written once, never edited; the requester and the reason are sealed
// with the client's key.

// AuthorityRequests returns the store as the authority requests' store.
func (db *DB) AuthorityRequests() authority.Store { return gated[authority.Tx]{db} }

// *Tx serves the authority requests' transactions.
var _ authority.Tx = (*Tx)(nil)

func requestAD(orgID, table, column, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: table, Column: column, RowID: id}
}

// sealedRequest is a row of disclosure_requests with its decision, before
// the sealed fields are opened.
type sealedRequest struct {
	authority.Request
	requesterEnc, reasonEnc []byte
}

// DisclosureRequests lists a client's requests (and those of records
// merged into it), newest first, with their decisions; the requesters and
// reasons are opened with the clients' keys.
func (t *Tx) DisclosureRequests(orgID, clientID string) ([]authority.Request, error) {
	ids, err := t.noteClients(orgID, clientID)
	if err != nil {
		return nil, err
	}
	sealed, err := collect(t, "disclosure requests", scanRequest, `SELECT r.id, r.client_id, r.requester_enc, r.provision,
		r.received_date, r.channel, r.items, r.registered_by, r.registered_username, r.created_at,
		d.id, d.outcome, d.reason_enc, d.disclosure_id, d.decided_by, d.decided_username, d.created_at
		FROM disclosure_requests r LEFT JOIN disclosure_request_decisions d ON d.request_id = r.id AND d.org_id = r.org_id
		WHERE r.org_id = ? AND `+t.db.dialect.inList("r.client_id")+`
		ORDER BY r.created_at DESC, r.id`, orgID, t.db.dialect.listArg(ids))
	if err != nil {
		return nil, err
	}
	ciphers := map[string]*crypto.FieldCipher{}
	out := make([]authority.Request, len(sealed))
	for i, s := range sealed {
		r := s.Request
		fc := ciphers[r.ClientID]
		if fc == nil {
			if fc, err = t.clientCipher(orgID, r.ClientID); err != nil {
				return nil, err
			}
			ciphers[r.ClientID] = fc
		}
		plain, err := fc.Open(s.requesterEnc, requestAD(orgID, "disclosure_requests", "requester_enc", r.ID))
		if err != nil {
			return nil, apperr.Wrap(err, "open disclosure requester")
		}
		r.Requester = string(plain)
		if r.Decision != nil && s.reasonEnc != nil {
			plain, err := fc.Open(s.reasonEnc, requestAD(orgID, "disclosure_request_decisions", "reason_enc", r.Decision.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open disclosure decision reason")
			}
			r.Decision.Reason = string(plain)
		}
		out[i] = r
	}
	return out, nil
}

func scanRequest(sc scanner) (sealedRequest, error) {
	var r sealedRequest
	var items string
	var dID, dOutcome, dDisclosure, dBy, dUser sql.NullString
	var dAt sql.NullTime
	err := sc.Scan(&r.ID, &r.ClientID, &r.requesterEnc, &r.Provision, &r.Received, &r.Channel, &items, &r.RegisteredBy, &r.Registrar,
		&r.CreatedAt, &dID, &dOutcome, &r.reasonEnc, &dDisclosure, &dBy, &dUser, &dAt)
	if err != nil {
		return r, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(items), &r.Items); err != nil {
		return r, apperr.Wrap(err, "disclosure request items")
	}
	if dID.Valid {
		r.Decision = &authority.Decision{ID: dID.String, RequestID: r.ID, Outcome: dOutcome.String, DisclosureID: dDisclosure.String,
			DecidedBy: dBy.String, Decider: dUser.String, CreatedAt: dAt.Time.UTC()}
	}
	return r, nil
}

// InsertDisclosureRequest seals r's requester with the client's key and
// stores the request; NotFound when orgID holds no such client.
func (t *Tx) InsertDisclosureRequest(orgID string, r *authority.Request) error {
	fc, err := t.clientCipher(orgID, r.ClientID)
	if err != nil {
		return err
	}
	enc, err := fc.Seal([]byte(r.Requester), requestAD(orgID, "disclosure_requests", "requester_enc", r.ID))
	if err != nil {
		return apperr.Wrap(err, "seal disclosure requester")
	}
	items, err := json.Marshal(r.Items)
	if err != nil {
		return apperr.Wrap(err, "disclosure request items")
	}
	_, err = t.exec(`INSERT INTO disclosure_requests (id, org_id, client_id, requester_enc, provision, received_date, channel, items,
		registered_by, registered_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, orgID, r.ClientID, enc, r.Provision, r.Received, r.Channel, string(items), r.RegisteredBy, r.Registrar, r.CreatedAt)
	return apperr.Wrap(err, "insert disclosure request")
}

// InsertDisclosureDecision seals d's reason (if any) with the key of
// clientID and stores the decision; Conflict when the request has one
// already (a concurrent decision won).
func (t *Tx) InsertDisclosureDecision(orgID, clientID string, d *authority.Decision) error {
	var enc []byte
	if d.Reason != "" {
		fc, err := t.clientCipher(orgID, clientID)
		if err != nil {
			return err
		}
		if enc, err = fc.Seal([]byte(d.Reason), requestAD(orgID, "disclosure_request_decisions", "reason_enc", d.ID)); err != nil {
			return apperr.Wrap(err, "seal disclosure decision reason")
		}
	}
	_, err := t.exec(`INSERT INTO disclosure_request_decisions (id, org_id, request_id, client_id, outcome, reason_enc, disclosure_id,
		decided_by, decided_username, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, orgID, d.RequestID, clientID, d.Outcome, enc, nullable(d.DisclosureID), d.DecidedBy, d.Decider, d.CreatedAt)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "authority.already_decided")
	}
	return apperr.Wrap(err, "insert disclosure decision")
}
