package store

import (
	"database/sql"
	"strings"

	"koto/internal/audit"
	"koto/internal/auditlog"
)

// The organisation-wide access log (ADR 38): entries of one chain by
// period, user, client, action and result, newest first, keyset paged.
// Migration 0037's indexes (chain, at, id) and (chain, user_id, at, id)
// keep the period and the user's report to their rows; the other filters
// narrow those rows.

// AuditLog returns the store as the access-log reader's store.
func (db *DB) AuditLog() auditlog.Store { return gated[auditlog.Tx]{db} }

// *Tx serves the log's transactions.
var _ auditlog.Tx = (*Tx)(nil)

// OrgAuditEntries reads the entries of orgID's chain matching f, newest
// first. Every value is a parameter; ids are letters and digits
// (auditlog.ParseQuery), so the client's LIKE pattern has no wildcard of
// its own.
func (t *Tx) OrgAuditEntries(orgID string, f auditlog.Filter) ([]audit.Entry, error) {
	q, args := orgAuditQuery(orgID, f)
	return collect(t, "organisation access log", scanEntry, q, args...)
}

func orgAuditQuery(orgID string, f auditlog.Filter) (string, []any) {
	var b strings.Builder
	b.WriteString(`SELECT ` + auditColumns + ` FROM audit_entries WHERE chain = ? AND at >= ? AND at < ?`)
	args := []any{orgID, f.From, f.To}
	add := func(cond string, vals ...any) {
		b.WriteString(" AND " + cond)
		args = append(args, vals...)
	}
	if f.UserID != "" {
		add(`user_id = ?`, f.UserID)
	}
	if f.Username != "" {
		add(`username = ?`, f.Username)
	}
	if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.Result != "" {
		add(`result = ?`, f.Result)
	}
	if f.ClientID != "" {
		add(`(client_id = ? OR (shown <> '' AND (',' || shown || ',') LIKE ?))`, f.ClientID, "%,"+f.ClientID+",%")
	}
	if f.AfterID != "" {
		add(`(at < ? OR (at = ? AND id < ?))`, f.AfterAt, f.AfterAt, f.AfterID)
	}
	b.WriteString(` ORDER BY at DESC, id DESC LIMIT ?`)
	args = append(args, f.Limit)
	return b.String(), args
}

// AuditClients names the clients of orgID among ids, their names opened
// from the sealed summaries; erased clients and other organisations' are
// left out.
func (t *Tx) AuditClients(orgID string, ids []string) (map[string]auditlog.Client, error) {
	out := map[string]auditlog.Client{}
	if len(ids) == 0 {
		return out, nil
	}
	found, err := t.ClientSummaries(orgID, ids)
	for _, s := range found {
		out[s.ID] = auditlog.Client{ID: s.ID, KotoID: s.KotoID, Name: s.FirstNames + " " + s.LastName}
	}
	return out, err
}

// ClientIDByKotoID returns the id of orgID's client with the Koto id.
func (t *Tx) ClientIDByKotoID(orgID, kotoID string) (string, error) {
	var id string
	err := t.queryRow(`SELECT id FROM clients WHERE org_id = ? AND koto_id = ?`, orgID, kotoID).Scan(&id)
	return id, notFound(err, "client by koto id")
}

// OrgUser loads a user of orgID; NotFound for any other.
func (t *Tx) OrgUser(orgID, userID string) (auditlog.User, error) {
	var u auditlog.User
	err := t.queryRow(`SELECT id, username, display_name FROM users WHERE org_id = ? AND id = ?`, orgID, userID).
		Scan(&u.ID, &u.Username, &u.DisplayName)
	return u, notFound(err, "user")
}

// AuditReasons loads orgID's stated reasons among ids.
func (t *Tx) AuditReasons(orgID string, ids []string) (map[string]auditlog.Reason, error) {
	out := map[string]auditlog.Reason{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := collect(t, "stated reasons", func(sc scanner) (auditlog.Reason, error) {
		var r auditlog.Reason
		var reviewed sql.NullTime
		err := sc.Scan(&r.ID, &r.Code, &r.Text, &r.CreatedAt, &reviewed)
		r.CreatedAt, r.ReviewedAt = r.CreatedAt.UTC(), timePtr(reviewed)
		return r, err
	}, `SELECT id, reason_code, reason_text, created_at, reviewed_at FROM access_reasons WHERE org_id = ? AND `+t.db.dialect.inList("id"),
		orgID, t.db.dialect.listArg(ids))
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, err
}
