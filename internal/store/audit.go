package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"koto/internal/apperr"
	"koto/internal/audit"
)

// ensureChain creates the head row of an access-log chain if missing. Two
// sealers may meet a new chain at once; ON CONFLICT lets both go on.
func (t *Tx) ensureChain(chain string) error {
	_, err := t.exec(`INSERT INTO audit_heads (chain, seq, hash) VALUES (?, 0, '') ON CONFLICT (chain) DO NOTHING`, chain)
	return apperr.Wrap(err, "create audit head")
}

// AppendAudit writes e inside the transaction: the entry exists if and
// only if the operation it records commits. On PostgreSQL it is written
// unsealed and takes no lock, so concurrent requests of one organisation do
// not queue behind each other; SealAudit chains it a moment later. On
// SQLite, where the transaction already holds the only write lock, it is
// chained at once (dialect.sealInline, ADR 4).
func (t *Tx) AppendAudit(e *audit.Entry) error {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.ID = NewOrderedID(e.At)
	e.Seq, e.PrevHash, e.Hash = 0, "", ""
	var seq any // NULL until sealed
	if t.db.dialect.sealInline {
		// The transaction holds SQLite's only write lock, so reading the
		// head and then writing it cannot interleave with another writer.
		head := `SELECT seq, hash FROM audit_heads WHERE chain = ?`
		var last int64
		var prev string
		err := t.queryRow(head, e.Chain).Scan(&last, &prev)
		if err == sql.ErrNoRows {
			if err := t.ensureChain(e.Chain); err != nil {
				return err
			}
			err = t.queryRow(head, e.Chain).Scan(&last, &prev)
		}
		if err != nil {
			return apperr.Wrap(err, "read audit head")
		}
		e.Seal(last+1, prev)
		seq = e.Seq
		if _, err := t.exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?`, e.Seq, e.Hash, e.Chain); err != nil {
			return apperr.Wrap(err, "update audit head")
		}
	}
	if err := t.execLater(`INSERT INTO audit_entries (id, chain, seq, at, user_id, username, org_id, roles, action, client_id,
		touched, result, channel, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Chain, seq, e.At, e.UserID, e.Username, e.OrgID, e.Roles, e.Action, e.ClientID, e.Touched,
		string(e.Result), e.Channel, e.RequestID, e.PrevHash, e.Hash); err != nil {
		return apperr.Wrap(err, "insert audit entry")
	}
	return nil
}

// sealBatch is how many entries one sealing transaction chains.
const sealBatch = 500

// SealAudit chains every unsealed entry onto the end of its chain and
// returns how many it sealed. Several servers may run it at once: each
// chain's head row is locked first, and the unsealed entries are read only
// after that, so no entry is sealed twice. Running it again is harmless.
func (db *DB) SealAudit(ctx context.Context) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT chain FROM audit_entries WHERE hash = ''`)
	if err != nil {
		return 0, apperr.Wrap(err, "pending audit chains")
	}
	var chains []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "scan chain")
		}
		chains = append(chains, c)
	}
	rows.Close()
	total := 0
	for _, chain := range chains {
		for {
			n := 0
			err := db.InTx(ctx, func(tx *Tx) error {
				var err error
				n, err = tx.sealChain(chain)
				return err
			})
			if err != nil {
				return total, err
			}
			total += n
			if n < sealBatch {
				break
			}
		}
	}
	return total, nil
}

// sealChain seals up to sealBatch entries of one chain.
func (t *Tx) sealChain(chain string) (int, error) {
	if err := t.ensureChain(chain); err != nil {
		return 0, err
	}
	// Writing the head row first takes its lock (PostgreSQL) before the
	// pending entries are read.
	var seq int64
	var prev string
	if err := t.queryRow(`UPDATE audit_heads SET seq = seq WHERE chain = ? RETURNING seq, hash`, chain).Scan(&seq, &prev); err != nil {
		return 0, apperr.Wrap(err, "lock audit head")
	}
	rows, err := t.query(`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND hash = '' ORDER BY at, id LIMIT ?`, chain, sealBatch)
	if err != nil {
		return 0, apperr.Wrap(err, "pending audit entries")
	}
	var pending []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return 0, apperr.Wrap(err, "scan audit entry")
		}
		pending = append(pending, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, apperr.Wrap(err, "pending audit entries")
	}
	for i := range pending {
		seq++
		pending[i].Seal(seq, prev)
		prev = pending[i].Hash
	}
	if err := t.storeSeals(pending); err != nil {
		return 0, err
	}
	if len(pending) > 0 {
		if _, err := t.exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?`, seq, prev, chain); err != nil {
			return 0, apperr.Wrap(err, "update audit head")
		}
	}
	return len(pending), nil
}

// storeSeals writes the chain fields of sealed entries. PostgreSQL takes
// them all in one statement: one round trip per batch instead of one per
// entry, so sealing costs the server little beside the requests it
// records. On SQLite entries are sealed inline (AppendAudit), and this runs
// only for entries left unsealed by an older version.
func (t *Tx) storeSeals(sealed []audit.Entry) error {
	if len(sealed) == 0 {
		return nil
	}
	if t.db.dialect == postgres {
		ids, prevs, hashes := make([]string, len(sealed)), make([]string, len(sealed)), make([]string, len(sealed))
		seqs := make([]int64, len(sealed))
		for i, e := range sealed {
			ids[i], seqs[i], prevs[i], hashes[i] = e.ID, e.Seq, e.PrevHash, e.Hash
		}
		res, err := t.exec(`UPDATE audit_entries a SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
			FROM unnest(?::text[], ?::bigint[], ?::text[], ?::text[]) AS v(id, seq, prev_hash, hash)
			WHERE a.id = v.id AND a.hash = ''`, ids, seqs, prevs, hashes)
		if err != nil {
			return apperr.Wrap(err, "seal audit entries")
		}
		// The chain head is locked, so every pending entry read is still
		// unsealed; anything else would leave a gap in the chain.
		n, err := res.RowsAffected()
		if err == nil && n != int64(len(sealed)) {
			err = fmt.Errorf("%d of %d entries updated", n, len(sealed))
		}
		return apperr.Wrap(err, "seal audit entries")
	}
	for _, e := range sealed {
		if _, err := t.exec(`UPDATE audit_entries SET seq = ?, prev_hash = ?, hash = ? WHERE id = ? AND hash = ''`,
			e.Seq, e.PrevHash, e.Hash, e.ID); err != nil {
			return apperr.Wrap(err, "seal audit entry")
		}
	}
	return nil
}

const auditColumns = `id, chain, seq, at, user_id, username, org_id, roles, action, client_id, touched, result, channel, request_id, prev_hash, hash`

func scanEntry(sc interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var result string
	var seq sql.NullInt64
	err := sc.Scan(&e.ID, &e.Chain, &seq, &e.At, &e.UserID, &e.Username, &e.OrgID, &e.Roles, &e.Action, &e.ClientID,
		&e.Touched, &result, &e.Channel, &e.RequestID, &e.PrevHash, &e.Hash)
	e.Result = audit.Result(result)
	e.At = e.At.UTC()
	e.Seq = seq.Int64
	return e, err
}

// ClientAccessLog lists the access-log entries about one client, newest first.
func (t *Tx) ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error) {
	rows, err := t.query(`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND client_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
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
	Chains   int
	Entries  int64 // sealed entries verified
	Unsealed int64 // entries written but not yet chained by SealAudit
	Breaks   []audit.Break
}

// VerifyAudit recomputes every chain from the stored, sealed entries and
// compares with the heads; entries not sealed yet are counted. It streams entries so memory stays flat for any size.
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
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_entries WHERE hash <> '' AND chain NOT IN (SELECT chain FROM audit_heads)`).Scan(&orphans); err != nil {
		return res, err
	}
	if orphans > 0 {
		res.Breaks = append(res.Breaks, audit.Break{Chain: "?", Reason: "entries of a chain without a head"})
	}
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_entries WHERE hash = ''`).Scan(&res.Unsealed); err != nil {
		return res, err
	}
	for _, h := range heads {
		v := audit.NewVerifier(h.chain)
		rows, err := db.read.QueryContext(ctx, db.dialect.rebind(`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND hash <> '' ORDER BY seq`), h.chain)
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
