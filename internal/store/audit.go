package store

import (
	"context"
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/audit"
)

// ensureChain creates the head row of an access-log chain if missing.
func (t *Tx) ensureChain(chain string) error {
	var n int
	if err := t.queryRow(`SELECT COUNT(*) FROM audit_heads WHERE chain = ?`, chain).Scan(&n); err != nil {
		return apperr.Wrap(err, "audit head")
	}
	if n > 0 {
		return nil
	}
	_, err := t.exec(`INSERT INTO audit_heads (chain, seq, hash) VALUES (?, 0, '')`, chain)
	return apperr.Wrap(err, "create audit head")
}

// AppendAudit seals e onto the end of its chain inside the transaction.
// The head row is updated first, which takes its row lock (PostgreSQL) or
// relies on the transaction's write lock (SQLite): concurrent writers of one
// organisation queue here for the rest of their transaction, which is why
// services append as their last step.
func (t *Tx) AppendAudit(e *audit.Entry) error {
	var seq int64
	var prev string
	err := t.queryRow(`UPDATE audit_heads SET seq = seq + 1 WHERE chain = ? RETURNING seq, hash`, e.Chain).Scan(&seq, &prev)
	if err == sql.ErrNoRows {
		if err := t.ensureChain(e.Chain); err != nil {
			return err
		}
		err = t.queryRow(`UPDATE audit_heads SET seq = seq + 1 WHERE chain = ? RETURNING seq, hash`, e.Chain).Scan(&seq, &prev)
	}
	if err != nil {
		return apperr.Wrap(err, "advance audit head")
	}
	e.Seal(seq, prev)
	if _, err := t.exec(`INSERT INTO audit_entries (chain, seq, at, user_id, username, org_id, roles, action, client_id,
		touched, result, channel, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Chain, e.Seq, e.At, e.UserID, e.Username, e.OrgID, e.Roles, e.Action, e.ClientID, e.Touched,
		string(e.Result), e.Channel, e.RequestID, e.PrevHash, e.Hash); err != nil {
		return apperr.Wrap(err, "insert audit entry")
	}
	if _, err := t.exec(`UPDATE audit_heads SET hash = ? WHERE chain = ?`, e.Hash, e.Chain); err != nil {
		return apperr.Wrap(err, "update audit head")
	}
	return nil
}

const auditColumns = `chain, seq, at, user_id, username, org_id, roles, action, client_id, touched, result, channel, request_id, prev_hash, hash`

func scanEntry(sc interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var result string
	err := sc.Scan(&e.Chain, &e.Seq, &e.At, &e.UserID, &e.Username, &e.OrgID, &e.Roles, &e.Action, &e.ClientID,
		&e.Touched, &result, &e.Channel, &e.RequestID, &e.PrevHash, &e.Hash)
	e.Result = audit.Result(result)
	e.At = e.At.UTC()
	return e, err
}

// ClientAccessLog lists the access-log entries about one client, newest first.
func (t *Tx) ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error) {
	rows, err := t.query(`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND client_id = ? ORDER BY seq DESC LIMIT ?`,
		orgID, clientID, limit)
	if err != nil {
		return nil, apperr.Wrap(err, "client access log")
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan audit entry")
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyResult is the outcome of verifying every chain.
type VerifyResult struct {
	Chains  int
	Entries int64
	Breaks  []audit.Break
}

// VerifyAudit recomputes every chain from the stored entries and compares
// with the heads. It streams entries so memory stays flat for any size.
func (db *DB) VerifyAudit(ctx context.Context) (VerifyResult, error) {
	var res VerifyResult
	rows, err := db.read.QueryContext(ctx, `SELECT chain, seq, hash FROM audit_heads ORDER BY chain`)
	if err != nil {
		return res, err
	}
	type head struct {
		chain string
		seq   int64
		hash  string
	}
	var heads []head
	for rows.Next() {
		var h head
		if err := rows.Scan(&h.chain, &h.seq, &h.hash); err != nil {
			rows.Close()
			return res, err
		}
		heads = append(heads, h)
	}
	rows.Close()
	// Entries whose chain has no head row were not written by Koto.
	var orphans int64
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_entries WHERE chain NOT IN (SELECT chain FROM audit_heads)`).Scan(&orphans); err != nil {
		return res, err
	}
	if orphans > 0 {
		res.Breaks = append(res.Breaks, audit.Break{Chain: "?", Reason: "entries of a chain without a head"})
	}
	for _, h := range heads {
		v := audit.NewVerifier(h.chain)
		rows, err := db.read.QueryContext(ctx, db.dialect.rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? ORDER BY seq`), h.chain)
		if err != nil {
			return res, err
		}
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				rows.Close()
				return res, err
			}
			v.Next(e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return res, err
		}
		res.Chains++
		res.Entries += v.Count()
		if b := v.End(h.seq, h.hash); b != nil {
			res.Breaks = append(res.Breaks, *b)
		}
	}
	return res, nil
}
