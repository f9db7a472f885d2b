package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/crypto"
)

// AuditKeys returns the access log's keys, derived from the key ring: the
// checkpoint writer signs with them.
func (db *DB) AuditKeys() *crypto.AuditKeys { return db.audit }

// ensureChain creates the head row of an access-log chain if missing. Two
// sealers may meet a new chain at once; ON CONFLICT lets both go on.
// (Organisations get theirs when they are created, migration 0013.)
func (t *Tx) ensureChain(chain string) error {
	_, err := t.exec(`INSERT INTO audit_heads (chain, seq, hash) VALUES (?, 0, '') ON CONFLICT (chain) DO NOTHING`, chain)
	return apperr.Wrap(err, "create audit head")
}

// AppendAudit writes e inside the transaction: the entry exists if and
// only if the operation it records commits. It gets its id, time and MAC
// here (audit.Entry.Authenticate), so it is authenticated from the moment
// it is written. On PostgreSQL it is written unsealed and takes no lock,
// so concurrent requests of one organisation do not queue behind each
// other; SealAudit chains it a moment later. On SQLite, where the
// transaction already holds the only write lock, it is chained at once
// (dialect.sealInline, ADR 4). On PostgreSQL the INSERT travels with the
// transaction's next statement or its COMMIT (execLater). The clients it
// showed (e.Shown) are a column of the entry, which the database's own
// inverted index makes searchable by client (migration 0013).
func (t *Tx) AppendAudit(e *audit.Entry) error {
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.ID = NewOrderedID(e.At)
	e.Seq, e.PrevHash, e.Hash = 0, "", ""
	if err := e.Authenticate(t.db.audit); err != nil {
		return apperr.Wrap(err, "authenticate audit entry")
	}
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
		e.Seal(t.db.audit, last+1, prev)
		seq = e.Seq
		if _, err := t.exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?`, e.Seq, e.Hash, e.Chain); err != nil {
			return apperr.Wrap(err, "update audit head")
		}
	}
	if err := t.execLater(`INSERT INTO audit_entries (id, chain, seq, at, user_id, username, org_id, via, roles, action, client_id,
		touched, shown, result, channel, request_id, version, mac, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Chain, seq, e.At, e.UserID, e.Username, e.OrgID, e.Via, e.Roles, e.Action, e.ClientID, e.Touched,
		strings.Join(e.Shown, ","), string(e.Result), e.Channel, e.RequestID, e.Version, e.MAC, e.PrevHash, e.Hash); err != nil {
		return apperr.Wrap(err, "insert audit entry")
	}
	return nil
}

// RefusedEntries reports access-log entries SealAudit would not chain:
// unsealed entries whose MAC does not verify (written or altered without
// the key), and on SQLite — where every entry is chained when it is
// written — any unsealed entry. They are left as they are for
// `koto audit verify` to report. The message names entry ids and chains,
// never personal data.
type RefusedEntries struct {
	Count  int
	Chain  string // chain of the first
	First  string // id of the first
	Reason string
}

func (r *RefusedEntries) Error() string {
	return fmt.Sprintf("access log: %d unsealed entries not chained (first %s in chain %s): %s", r.Count, r.First, r.Chain, r.Reason)
}

// sealBatch is how many entries one sealing transaction reads.
const sealBatch = 500

// SealAudit chains every unsealed entry whose MAC verifies onto the end of
// its chain and returns how many it sealed. Entries it refuses stay
// unsealed and are reported in a *RefusedEntries error, after every other
// entry has been sealed. Several servers may run it at once: each chain's
// head row is locked first, and the unsealed entries are read only after
// that, so no entry is sealed twice. Running it again is harmless.
//
// On SQLite entries are chained as they are written (AppendAudit), so it
// seals nothing and reports any unsealed entry as refused.
func (db *DB) SealAudit(ctx context.Context) (int, error) {
	if db.dialect.sealInline {
		var refused RefusedEntries
		err := db.inReadTx(ctx, "", func(tx *Tx) error {
			return tx.queryRow(`SELECT COUNT(*), COALESCE(MIN(id), '') FROM audit_entries WHERE hash = ''`).Scan(&refused.Count, &refused.First)
		})
		if err != nil {
			return 0, apperr.Wrap(err, "unsealed audit entries")
		}
		if refused.Count > 0 {
			_ = db.readRow(ctx, `SELECT chain FROM audit_entries WHERE id = ?`, refused.First).Scan(&refused.Chain)
			refused.Reason = "on SQLite entries are chained when written, so these were inserted behind Koto's back"
			return 0, &refused
		}
		return 0, nil
	}
	var chains []string
	err := db.inReadTx(ctx, "", func(tx *Tx) error {
		var err error
		chains, err = collect(tx, "pending audit chains", scanString, `SELECT DISTINCT chain FROM audit_entries WHERE hash = ''`)
		return err
	})
	if err != nil {
		return 0, err
	}
	total := 0
	var refused RefusedEntries
	for _, chain := range chains {
		var p sealPass
		for {
			err := db.InTx(ctx, func(tx *Tx) error {
				var err error
				p, err = tx.sealChain(chain, p)
				return err
			})
			if err != nil {
				return total, err
			}
			total += p.sealed
			if len(p.refused) > 0 {
				if refused.Count == 0 {
					refused.Chain, refused.First = chain, p.refused[0]
				}
				refused.Count += len(p.refused)
			}
			if p.read < sealBatch {
				break
			}
		}
	}
	if refused.Count > 0 {
		refused.Reason = "MAC does not verify: written or altered without the key"
		return total, &refused
	}
	return total, nil
}

// sealPass is one sealing transaction's work on a chain, and where the
// next one goes on: after the last entry read, so that entries refused
// stay behind and the next pass reads new ones.
type sealPass struct {
	afterAt time.Time
	afterID string
	read    int
	sealed  int
	refused []string // ids
}

// sealChain seals up to sealBatch entries of one chain after p's last one.
func (t *Tx) sealChain(chain string, p sealPass) (sealPass, error) {
	next := sealPass{afterAt: p.afterAt, afterID: p.afterID}
	if err := t.ensureChain(chain); err != nil {
		return next, err
	}
	// Writing the head row first takes its lock (PostgreSQL) before the
	// pending entries are read.
	var seq int64
	var prev string
	if err := t.queryRow(`UPDATE audit_heads SET seq = seq WHERE chain = ? RETURNING seq, hash`, chain).Scan(&seq, &prev); err != nil {
		return next, apperr.Wrap(err, "lock audit head")
	}
	read, err := collect(t, "pending audit entries", scanEntry,
		`SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND hash = '' AND (at, id) > (?, ?)
		ORDER BY at, id LIMIT ?`, chain, p.afterAt, p.afterID, sealBatch)
	if err != nil {
		return next, err
	}
	var pending []audit.Entry
	for _, e := range read {
		next.read++
		next.afterAt, next.afterID = e.At, e.ID
		// An entry whose MAC does not verify was not written by Koto as
		// it stands: it is not chained, so it cannot pass for a genuine
		// entry (a back-dated insert, an altered one).
		if !e.ValidMAC(t.db.audit) {
			next.refused = append(next.refused, e.ID)
			continue
		}
		pending = append(pending, e)
	}
	for i := range pending {
		seq++
		pending[i].Seal(t.db.audit, seq, prev)
		prev = pending[i].Hash
	}
	if err := t.storeSeals(pending); err != nil {
		return next, err
	}
	if len(pending) > 0 {
		if _, err := t.exec(`UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?`, seq, prev, chain); err != nil {
			return next, apperr.Wrap(err, "update audit head")
		}
	}
	next.sealed = len(pending)
	return next, nil
}

// storeSeals writes the chain fields of sealed entries, all in one
// statement: one round trip per batch instead of one per entry, so sealing
// costs the server little beside the requests it records. PostgreSQL only:
// SQLite chains entries as they are written.
func (t *Tx) storeSeals(sealed []audit.Entry) error {
	if len(sealed) == 0 {
		return nil
	}
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

const auditColumns = `id, chain, seq, at, user_id, username, org_id, via, roles, action, client_id, touched, shown, result, channel, request_id, version, mac, prev_hash, hash`

func scanEntry(sc scanner) (audit.Entry, error) {
	var e audit.Entry
	var result, shown string
	var seq sql.NullInt64
	err := sc.Scan(&e.ID, &e.Chain, &seq, &e.At, &e.UserID, &e.Username, &e.OrgID, &e.Via, &e.Roles, &e.Action, &e.ClientID,
		&e.Touched, &shown, &result, &e.Channel, &e.RequestID, &e.Version, &e.MAC, &e.PrevHash, &e.Hash)
	e.Result = audit.Result(result)
	e.At = e.At.UTC()
	e.Seq = seq.Int64
	if shown != "" {
		e.Shown = strings.Split(shown, ",")
	}
	return e, err
}

// clientAccessLogOf lists, newest first, the access-log entries about one
// client — those whose client is it, and the searches and lists that
// showed it (ClientID another client or none, clientID in Shown). Each half
// is read by index, at most limit entries: the entry's client (chain,
// client_id, at), and the inverted index of the shown column.
func (t *Tx) clientAccessLogOf(orgID, clientID string, limit int) ([]audit.Entry, error) {
	return collect(t, "client access log", scanEntry, `SELECT `+auditColumns+` FROM audit_entries WHERE id IN (
			SELECT id FROM (SELECT id FROM audit_entries WHERE chain = ? AND client_id = ? ORDER BY at DESC, id DESC LIMIT ?) own
			UNION ALL
			SELECT id FROM (`+t.db.dialect.showedClient()+`) shown)
		ORDER BY at DESC, id DESC LIMIT ?`,
		orgID, clientID, limit, orgID, t.db.dialect.showedClientArg(clientID), ","+clientID+",", limit, limit)
}

// showedClient selects the ids of the entries of a chain that showed a
// client, newest first, through the engine's inverted index of the shown
// column: its parameters are the chain, showedClientArg, the client as
// ",id," and the limit. The check that the comma-separated column holds
// the id keeps the answer right even if the index and the column ever
// disagreed (verify reports that).
func (d dialect) showedClient() string {
	if d.dollar {
		return `SELECT id FROM audit_entries WHERE chain = ? AND shown <> '' AND string_to_array(shown, ',') @> ?::text[]
			AND strpos(',' || shown || ',', ?) > 0 ORDER BY at DESC, id DESC LIMIT ?`
	}
	// CROSS JOIN keeps SQLite from reading the whole chain by its own
	// index: the full-text index's few matches lead, by rowid.
	return `SELECT a.id FROM audit_entries_shown f CROSS JOIN audit_entries a ON a.rowid = f.rowid
			WHERE a.chain = ? AND f.audit_entries_shown MATCH ? AND instr(',' || a.shown || ',', ?) > 0 ORDER BY a.at DESC, a.id DESC LIMIT ?`
}

// showedClientArg is the index condition's argument for clientID: an
// array of it (PostgreSQL), or a full-text query of the one term (SQLite;
// ids are letters and digits, quoted all the same).
func (d dialect) showedClientArg(clientID string) any {
	if d.dollar {
		return []string{clientID}
	}
	return `"` + strings.ReplaceAll(clientID, `"`, `""`) + `"`
}

// AuditHeads returns the head of every chain with the time of its head
// entry, for a checkpoint. Heads are returned as stored, even when the
// database has been tampered with: the checkpoint is evidence either way.
func (db *DB) AuditHeads(ctx context.Context) ([]audit.Head, error) {
	var out []audit.Head
	err := db.inReadTx(ctx, "", func(tx *Tx) error {
		var err error
		out, err = collect(tx, "read audit heads", scanHead, `SELECT h.chain, h.seq, h.hash, e.at FROM audit_heads h
			LEFT JOIN audit_entries e ON e.chain = h.chain AND e.seq = h.seq ORDER BY h.chain`)
		return err
	})
	return out, err
}

// scanHead scans a chain head with the time of its head entry.
func scanHead(sc scanner) (audit.Head, error) {
	var h audit.Head
	var at sql.NullTime
	err := sc.Scan(&h.Chain, &h.Seq, &h.Hash, &at)
	if at.Valid { // else the chain is empty, or its head entry gone (verify says which)
		h.At = at.Time.UTC()
	}
	return h, err
}
