package store

import (
	"context"
	"database/sql"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/crypto"
	"koto/internal/subjectrequest"
)

// The data subject's requests (migration 0038, ADR 39): a request's free
// text is sealed with the client's key; an erased client's requests leave
// a non-personal record in subject_request_records (keepSubjectRequests).

// SubjectRequests returns the store as the requests' store.
func (db *DB) SubjectRequests() subjectrequest.Store { return gated[subjectrequest.Tx]{db} }

// *Tx serves the requests' transactions.
var _ subjectrequest.Tx = (*Tx)(nil)

const subjectRequestColumns = `id, org_id, client_id, kind, channel, received_date, due_date, extended_date, informed_date,
	extension_reason_enc, details_enc, language, identity_method, identity_by, identity_by_name, identity_at,
	handler_id, handler_name, status, decision, reason_enc, outcome_enc, decided_by, decided_by_name, decided_at,
	delivered_at, registered_by, registered_username, created_at`

type sealedSubjectRequest struct {
	subjectrequest.Request
	extensionEnc, detailsEnc, reasonEnc, outcomeEnc []byte
}

func scanSubjectRequest(sc scanner) (sealedSubjectRequest, error) {
	var r sealedSubjectRequest
	var idAt, decAt, delAt sql.NullTime
	err := sc.Scan(&r.ID, &r.OrgID, &r.ClientID, &r.Kind, &r.Channel, &r.Received, &r.Due, &r.Extended, &r.Informed,
		&r.extensionEnc, &r.detailsEnc, &r.Language, &r.IdentityMethod, &r.IdentityBy, &r.IdentityByName, &idAt,
		&r.HandlerID, &r.HandlerName, &r.Status, &r.Decision, &r.reasonEnc, &r.outcomeEnc, &r.DecidedBy, &r.DecidedByName, &decAt,
		&delAt, &r.RegisteredBy, &r.RegistrarName, &r.CreatedAt)
	r.IdentityAt, r.DecidedAt, r.DeliveredAt, r.CreatedAt = utcOf(idAt), utcOf(decAt), utcOf(delAt), r.CreatedAt.UTC()
	return r, err
}

func utcOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func nullInstant(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

func subjectAD(orgID, column, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "subject_requests", Column: column, RowID: id}
}

// openSubjectRequests opens the sealed text and the clients' names.
func (t *Tx) openSubjectRequests(orgID string, sealed []sealedSubjectRequest) ([]subjectrequest.Request, error) {
	ciphers := map[string]*crypto.FieldCipher{}
	names := map[string]string{}
	out := make([]subjectrequest.Request, len(sealed))
	for i, s := range sealed {
		r := s.Request
		fc := ciphers[r.ClientID]
		if fc == nil {
			var err error
			if fc, err = t.clientCipher(orgID, r.ClientID); err != nil {
				return nil, err
			}
			ciphers[r.ClientID] = fc
			c, err := t.Client(orgID, r.ClientID)
			if err != nil {
				return nil, err
			}
			names[r.ClientID] = c.FirstNames + " " + c.LastName
		}
		r.ClientName = names[r.ClientID]
		for _, f := range []struct {
			enc    []byte
			column string
			to     *string
		}{{s.extensionEnc, "extension_reason_enc", &r.ExtensionReason}, {s.detailsEnc, "details_enc", &r.Details},
			{s.reasonEnc, "reason_enc", &r.Reason}, {s.outcomeEnc, "outcome_enc", &r.Outcome}} {
			if f.enc == nil {
				continue
			}
			plain, err := fc.Open(f.enc, subjectAD(orgID, f.column, r.ID))
			if err != nil {
				return nil, apperr.Wrap(err, "open subject request %s", f.column)
			}
			*f.to = string(plain)
		}
		out[i] = r
	}
	return out, nil
}

// SubjectRequests lists the organisation's requests and the kept records
// of erased clients' requests.
func (t *Tx) SubjectRequests(orgID string) ([]subjectrequest.Request, error) {
	sealed, err := collect(t, "subject requests", scanSubjectRequest, `SELECT `+subjectRequestColumns+`
		FROM subject_requests WHERE org_id = ? ORDER BY received_date, id`, orgID)
	if err != nil {
		return nil, err
	}
	out, err := t.openSubjectRequests(orgID, sealed)
	if err != nil {
		return nil, err
	}
	kept, err := t.keptSubjectRequests(orgID, "")
	return append(out, kept...), err
}

// ClientSubjectRequests lists one client's requests.
func (t *Tx) ClientSubjectRequests(orgID, clientID string) ([]subjectrequest.Request, error) {
	sealed, err := collect(t, "subject requests", scanSubjectRequest, `SELECT `+subjectRequestColumns+`
		FROM subject_requests WHERE org_id = ? AND client_id = ? ORDER BY received_date, id`, orgID, clientID)
	if err != nil {
		return nil, err
	}
	return t.openSubjectRequests(orgID, sealed)
}

// SubjectRequest is one request of the organisation, or the kept record
// of one; NotFound otherwise.
func (t *Tx) SubjectRequest(orgID, id string) (subjectrequest.Request, error) {
	sealed, err := collect(t, "subject request", scanSubjectRequest, `SELECT `+subjectRequestColumns+`
		FROM subject_requests WHERE org_id = ? AND id = ?`, orgID, id)
	if err != nil {
		return subjectrequest.Request{}, err
	}
	if len(sealed) == 1 {
		rs, err := t.openSubjectRequests(orgID, sealed)
		if err != nil {
			return subjectrequest.Request{}, err
		}
		return rs[0], nil
	}
	kept, err := t.keptSubjectRequests(orgID, id)
	if err != nil {
		return subjectrequest.Request{}, err
	}
	if len(kept) == 0 {
		return subjectrequest.Request{}, apperr.ErrNotFound()
	}
	return kept[0], nil
}

// keptSubjectRequests reads the kept records of orgID (one: id != "").
func (t *Tx) keptSubjectRequests(orgID, id string) ([]subjectrequest.Request, error) {
	q := `SELECT id, org_id, kind, channel, received_date, due_date, extended_date, identity_at, status, decision, decided_by,
		decided_at, delivered_at, created_at FROM subject_request_records WHERE org_id = ?`
	args := []any{orgID}
	if id != "" {
		q += ` AND id = ?`
		args = append(args, id)
	}
	return collect(t, "subject request records", func(sc scanner) (subjectrequest.Request, error) {
		r := subjectrequest.Request{Kept: true}
		var idAt, decAt, delAt sql.NullTime
		err := sc.Scan(&r.ID, &r.OrgID, &r.Kind, &r.Channel, &r.Received, &r.Due, &r.Extended, &idAt, &r.Status, &r.Decision,
			&r.DecidedBy, &decAt, &delAt, &r.CreatedAt)
		r.IdentityAt, r.DecidedAt, r.DeliveredAt, r.CreatedAt = utcOf(idAt), utcOf(decAt), utcOf(delAt), r.CreatedAt.UTC()
		return r, err
	}, q+` ORDER BY received_date, id`, args...)
}

// sealSubject seals the text fields of r with the client's key.
func (t *Tx) sealSubject(r *subjectrequest.Request) ([]any, error) {
	fc, err := t.clientCipher(r.OrgID, r.ClientID)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, f := range []struct{ text, column string }{{r.ExtensionReason, "extension_reason_enc"}, {r.Details, "details_enc"},
		{r.Reason, "reason_enc"}, {r.Outcome, "outcome_enc"}} {
		if f.text == "" {
			out = append(out, nil)
			continue
		}
		enc, err := fc.Seal([]byte(f.text), subjectAD(r.OrgID, f.column, r.ID))
		if err != nil {
			return nil, apperr.Wrap(err, "seal subject request %s", f.column)
		}
		out = append(out, enc)
	}
	return out, nil
}

// InsertSubjectRequest stores a new request.
func (t *Tx) InsertSubjectRequest(r *subjectrequest.Request) error {
	enc, err := t.sealSubject(r)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO subject_requests (id, org_id, client_id, kind, channel, received_date, due_date, extended_date,
		informed_date, extension_reason_enc, details_enc, language, status, reason_enc, outcome_enc, registered_by,
		registered_username, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.OrgID, r.ClientID, r.Kind, r.Channel, r.Received, r.Due, r.Extended, r.Informed, enc[0], enc[1], r.Language,
		r.Status, enc[2], enc[3], r.RegisteredBy, r.RegistrarName, r.CreatedAt, t.Now())
	return apperr.Wrap(err, "insert subject request")
}

// UpdateSubjectRequest stores what changed on a request.
func (t *Tx) UpdateSubjectRequest(r *subjectrequest.Request) error {
	enc, err := t.sealSubject(r)
	if err != nil {
		return err
	}
	res, err := t.exec(`UPDATE subject_requests SET extended_date = ?, informed_date = ?, extension_reason_enc = ?, details_enc = ?,
		language = ?, identity_method = ?, identity_by = ?, identity_by_name = ?, identity_at = ?, handler_id = ?, handler_name = ?,
		status = ?, decision = ?, reason_enc = ?, outcome_enc = ?, decided_by = ?, decided_by_name = ?, decided_at = ?,
		delivered_at = ?, updated_at = ? WHERE org_id = ? AND id = ?`,
		r.Extended, r.Informed, enc[0], enc[1], r.Language, r.IdentityMethod, r.IdentityBy, r.IdentityByName, nullInstant(r.IdentityAt),
		r.HandlerID, r.HandlerName, r.Status, r.Decision, enc[2], enc[3], r.DecidedBy, r.DecidedByName, nullInstant(r.DecidedAt),
		nullInstant(r.DeliveredAt), t.Now(), r.OrgID, r.ID)
	if err != nil {
		return apperr.Wrap(err, "update subject request")
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return apperr.ErrNotFound()
	}
	return nil
}

// SubjectRequestClient is the client's name and service language.
func (t *Tx) SubjectRequestClient(orgID, clientID string) (string, string, error) {
	c, err := t.Client(orgID, clientID)
	if err != nil {
		return "", "", err
	}
	return c.FirstNames + " " + c.LastName, c.ServiceLanguage, nil
}

// SubjectRequestHandlers lists the organisation's supervisors and the
// client's responsible caseworkers (enabled users), by name.
func (t *Tx) SubjectRequestHandlers(orgID, clientID string) ([]subjectrequest.Handler, error) {
	return collect(t, "subject request handlers", func(sc scanner) (subjectrequest.Handler, error) {
		var h subjectrequest.Handler
		var display, username string
		err := sc.Scan(&h.UserID, &display, &username)
		h.Name = display
		if h.Name == "" {
			h.Name = username
		}
		return h, err
	}, `SELECT u.id, u.display_name, u.username FROM users u WHERE u.org_id = ? AND u.disabled_at IS NULL AND (
			EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.org_id = ? AND r.role = ?)
			OR EXISTS (SELECT 1 FROM client_assignments a JOIN user_roles r ON r.user_id = a.user_id AND r.org_id = a.org_id AND r.role = ?
				WHERE a.user_id = u.id AND a.org_id = ? AND a.client_id = ?))
		ORDER BY u.display_name, u.username`, orgID, orgID, string(access.Supervisor), string(access.Caseworker), orgID, clientID)
}

// ClientOnHold reports whether the client is on legal hold.
func (t *Tx) ClientOnHold(orgID, clientID string) (bool, error) {
	var n int
	err := t.queryRow(`SELECT COUNT(*) FROM retention_holds WHERE org_id = ? AND client_id = ?`, orgID, clientID).Scan(&n)
	return n > 0, apperr.Wrap(err, "legal hold")
}

// keepSubjectRequests copies the non-personal record of every request of
// the erased clients ids into subject_request_records before their rows
// go (ADR 39): kind, channel, dates, status, decision — no client, no text.
func (t *Tx) keepSubjectRequests(ids []string) error {
	_, err := t.exec(`INSERT INTO subject_request_records (id, org_id, kind, channel, received_date, due_date, extended_date,
		identity_at, status, decision, decided_by, decided_at, delivered_at, created_at, erased_at)
		SELECT id, org_id, kind, channel, received_date, due_date, extended_date, identity_at, status, decision, decided_by,
		decided_at, delivered_at, created_at, ? FROM subject_requests WHERE client_id IN (`+placeholders(len(ids))+`)`,
		append([]any{t.Now()}, anys(ids)...)...)
	return apperr.Wrap(err, "keep subject request records")
}

// EraseForSubjectRequest erases the client of r, an erasure request the
// service has granted (subjectrequest.Service.Decide): in one
// maintenance transaction it checks again that r is an open, verified
// erasure request of that client in the actor's organisation, stores it
// completed, and erases the client as EraseClient does (its record kept
// by keepSubjectRequests). Only an actor allowed
// access.SubjectRequestErase; NotFound otherwise. Conflict
// (retention.erase.on_hold) for a client on legal hold.
func (s RetentionStore) EraseForSubjectRequest(ctx context.Context, actor access.Actor, r subjectrequest.Request) error {
	if !actor.Can(access.SubjectRequestErase) || r.OrgID != actor.OrgID {
		return apperr.ErrNotFound()
	}
	return s.erase(ctx, actor, r.ClientID, "subject_request:"+r.ID, func(t *Tx, orgID string) error {
		if orgID != actor.OrgID {
			return apperr.ErrNotFound()
		}
		cur, err := t.SubjectRequest(orgID, r.ID)
		if err != nil {
			return err
		}
		if err := cur.MayErase(r.ClientID); err != nil {
			return err
		}
		return t.UpdateSubjectRequest(&r)
	})
}
