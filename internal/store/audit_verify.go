package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"slices"
	"time"

	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/crypto"
)

// VerifyOptions tune VerifyAudit.
type VerifyOptions struct {
	// Checkpoint is the latest checkpoint written outside the database,
	// already verified (audit.ReadCheckpoints); nil when there is none.
	Checkpoint *audit.Checkpoint
}

// VerifyResult is the outcome of verifying the access log.
type VerifyResult struct {
	Chains  int
	Entries int64 // sealed entries verified
	// Pending counts entries written but not chained yet, younger than
	// audit.SealDelay (PostgreSQL, where a server's sealer chains them).
	Pending int64
	Breaks  []audit.Break // every problem found, the first first
}

// VerifyAudit checks the access log and changes nothing: it reads in one
// read-only transaction (on PostgreSQL a repeatable-read snapshot, so the
// heads, entries and index it compares belong to one moment, whatever
// servers write meanwhile). It checks, reporting each problem as a Break:
//   - every organisation and the system chain have their chain head;
//   - every chain in the checkpoint exists, reaches the checkpoint's
//     sequence and has the checkpoint's hash there;
//   - every prune checkpoint (ADR 41) is signed with the checkpoint key
//     and lies within its chain, and each chain is verified from its
//     latest one (first remaining entry: seq+1, linked to its hash);
//   - every chain's links, keyed hashes, MACs, encoding versions and
//     times (audit.Verifier) and its length against its head;
//   - no sealed entry lies outside a chain;
//   - no entry has been left unsealed: on SQLite any unsealed entry was
//     inserted behind Koto's back; on PostgreSQL an unsealed entry whose
//     MAC does not verify is forged, one older than audit.SealDelay is
//     left behind, and younger ones are counted as pending;
//   - on SQLite, the full-text index of shown clients holds exactly the
//     clients the entries list as shown.
//
// Entries are streamed, so memory stays flat for any size.
func (db *DB) VerifyAudit(ctx context.Context, opts VerifyOptions) (VerifyResult, error) {
	var res VerifyResult
	err := db.readSnapshot(ctx, func(tx *Tx) error {
		v := &logVerifier{tx: tx, keys: db.audit, cp: opts.Checkpoint, res: &res}
		if db.dialect == sqlite {
			v.shown = map[string]*shownDigest{}
		}
		return v.run()
	})
	return res, apperr.Wrap(err, "verify access log")
}

// readSnapshot runs fn in a read-only transaction on the read pool: on
// PostgreSQL a repeatable-read snapshot in system scope (row-level
// security shows every organisation), on SQLite a read transaction on a
// query_only connection.
func (db *DB) readSnapshot(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	sqltx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer sqltx.Rollback()
	if db.dialect == postgres {
		if _, err := sqltx.ExecContext(ctx, `SELECT set_config('role', 'koto_app', true), set_config('koto.scope', 'system', true)`); err != nil {
			return err
		}
	}
	return fn(&Tx{db: db, tx: sqltx, ctx: ctx, now: db.clock().UTC().Truncate(time.Microsecond)})
}

type head struct {
	chain string
	seq   int64
	hash  string
}

// logVerifier is one run of VerifyAudit.
type logVerifier struct {
	tx    *Tx
	keys  *crypto.AuditKeys
	cp    *audit.Checkpoint
	res   *VerifyResult
	heads []head
	shown map[string]*shownDigest // by chain: what the entries list (SQLite; nil = not checked)
}

func (v *logVerifier) fail(chain string, seq int64, format string, args ...any) {
	v.res.Breaks = append(v.res.Breaks, audit.Break{Chain: chain, Seq: seq, Reason: fmt.Sprintf(format, args...)})
}

func (v *logVerifier) run() error {
	for _, step := range []func() error{v.readHeads, v.everyChainHasHead, v.checkpointChainsExist, v.chains, v.orphans, v.unsealed, v.shownIndex} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (v *logVerifier) readHeads() error {
	return each(v.tx, "access-log heads", func(r scanner) error {
		var h head
		if err := r.Scan(&h.chain, &h.seq, &h.hash); err != nil {
			return err
		}
		v.heads = append(v.heads, h)
		return nil
	}, `SELECT chain, seq, hash FROM audit_heads ORDER BY chain`)
}

func (v *logVerifier) hasHead(chain string) bool {
	for _, h := range v.heads {
		if h.chain == chain {
			return true
		}
	}
	return false
}

// everyChainHasHead: every organisation has a chain from its creation,
// and the system too (migration 0013), so a chain removed as a whole is
// noticed here.
func (v *logVerifier) everyChainHasHead() error {
	if !v.hasHead(audit.SystemChain) {
		v.fail(audit.SystemChain, 0, "the system chain has no head (chain removed)")
	}
	return each(v.tx, "organisations", func(r scanner) error {
		var org string
		if err := r.Scan(&org); err != nil {
			return err
		}
		if !v.hasHead(org) {
			v.fail(org, 0, "the organisation has no access-log chain head (chain removed)")
		}
		return nil
	}, `SELECT id FROM organisations ORDER BY id`)
}

func (v *logVerifier) checkpointChainsExist() error {
	if v.cp == nil {
		return nil
	}
	for _, h := range v.cp.Heads {
		if !v.hasHead(h.Chain) {
			v.fail(h.Chain, 0, "the latest checkpoint (%s) has this chain with %d entries, the database has no such chain (chain removed)",
				v.cp.At.Format(time.RFC3339), h.Seq)
		}
	}
	return nil
}

// chains verifies every chain that has a head.
func (v *logVerifier) chains() error {
	for _, h := range v.heads {
		cv := audit.NewVerifier(v.keys, h.chain)
		prune, err := v.prunePoint(h)
		if err != nil {
			return err
		}
		if prune.Seq > 0 {
			cv.StartAfter(prune)
		}
		if v.cp != nil {
			cph, ok := v.cp.Head(h.chain)
			if !ok {
				cph = audit.Head{Chain: h.chain} // made after the checkpoint
			}
			// A checkpoint head at the prune point must be the entry the
			// prune checkpoint names; one before it lies in the deleted
			// years, which the signed prune checkpoint accounts for.
			if cph.Seq > 0 && cph.Seq == prune.Seq && cph.Hash != prune.Hash {
				v.fail(h.chain, cph.Seq, "the latest checkpoint (%s) and the prune checkpoint disagree on entry %d: chain rewritten",
					v.cp.At.Format(time.RFC3339), cph.Seq)
			}
			cv.Checkpoint(cph, v.cp.At)
		}
		digest := v.digest(h.chain)
		err = each(v.tx, "access-log chain", func(r scanner) error {
			e, err := scanEntry(r)
			if err != nil {
				return err
			}
			cv.Next(e)
			digest.addEntry(v.keys, e)
			return nil
		}, `SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND hash <> '' ORDER BY seq`, h.chain)
		if err != nil {
			return err
		}
		v.res.Chains++
		v.res.Entries += cv.Count()
		if b := cv.End(h.seq, h.hash); b != nil {
			v.res.Breaks = append(v.res.Breaks, *b)
		}
	}
	return nil
}

// prunePoint returns the chain's latest prune checkpoint (ADR 41), after
// checking every prune checkpoint of the chain: each must carry a valid
// signature of the checkpoint key (a row inserted or altered without the
// key fails), and none may lie beyond the chain head. The chain is then
// verified from the latest one: its first remaining entry must be
// seq+1 and link to its hash. Zero Prune when the chain was never pruned
// or no prune checkpoint verifies.
func (v *logVerifier) prunePoint(h head) (audit.Prune, error) {
	ps, err := v.tx.prunes(h.chain)
	if err != nil {
		return audit.Prune{}, err
	}
	pub := v.keys.CheckpointPublicKey()
	var latest audit.Prune
	for _, p := range ps {
		switch {
		case !p.Verify(pub):
			v.fail(h.chain, p.Seq, "prune checkpoint %s does not verify (written or altered without the checkpoint key)", p.ID)
		case p.Seq > h.seq:
			v.fail(h.chain, p.Seq, "prune checkpoint %s lies beyond the chain head %d", p.ID, h.seq)
		case p.Seq >= latest.Seq:
			latest = p
		}
	}
	return latest, nil
}

// orphans: sealed entries of a chain without a head were not chained by
// Koto.
func (v *logVerifier) orphans() error {
	return each(v.tx, "access-log orphans", func(r scanner) error {
		var chain string
		if err := r.Scan(&chain); err != nil {
			return err
		}
		v.fail(chain, 0, "sealed entries of a chain without a head")
		return nil
	}, `SELECT chain FROM audit_entries WHERE hash <> '' AND chain NOT IN (SELECT chain FROM audit_heads) LIMIT 1`)
}

// unsealed checks the entries not chained yet; the first problem of each
// chain is reported.
func (v *logVerifier) unsealed() error {
	reported := map[string]bool{}
	stale := v.tx.now.Add(-audit.SealDelay)
	return each(v.tx, "unsealed access-log entries", func(r scanner) error {
		e, err := scanEntry(r)
		if err != nil {
			return err
		}
		v.digest(e.Chain).addEntry(v.keys, e)
		reason := ""
		switch {
		case v.tx.db.dialect.sealInline:
			reason = "is not chained: on SQLite entries are chained when written, so it was inserted behind Koto's back"
		case !e.ValidMAC(v.keys):
			reason = "is not chained and its MAC does not verify (written or altered without the key)"
		case e.At.Before(stale):
			reason = fmt.Sprintf("has been left unsealed for more than %s (no server sealing, or refused by the sealer)", audit.SealDelay)
		default:
			v.res.Pending++
			return nil
		}
		if !reported[e.Chain] {
			reported[e.Chain] = true
			v.fail(e.Chain, 0, "entry %s of %s %s", e.ID, e.At.Format(time.RFC3339), reason)
		}
		return nil
	}, `SELECT `+auditColumns+` FROM audit_entries WHERE hash = '' ORDER BY chain, at, id`)
}

// shownIndex compares SQLite's full-text index of the shown column with
// the Shown lists of the entries (sealed and unsealed alike, which the
// previous steps read): its tables can be written like any other, and a
// document removed from it would hide a search from the client's log, one
// added would invent it. The comparison is of keyed multiset digests per
// chain, so it needs no memory per row and cannot be balanced out by rows
// chosen without the key. (PostgreSQL's GIN index is the database's own
// and follows the column.)
func (v *logVerifier) shownIndex() error {
	if v.tx.db.dialect != sqlite {
		return nil
	}
	index := map[string]*shownDigest{}
	err := each(v.tx, "index of shown clients", func(r scanner) error {
		var chain, entry, client string
		if err := r.Scan(&chain, &entry, &client); err != nil {
			return err
		}
		d := index[chain]
		if d == nil {
			d = &shownDigest{}
			index[chain] = d
		}
		d.add(v.keys, entry, client)
		return nil
	}, `SELECT COALESCE(a.chain, '?'), COALESCE(a.id, ''), t.term FROM audit_entries_shown_terms t LEFT JOIN audit_entries a ON a.rowid = t.doc`)
	if err != nil {
		return err
	}
	var chains []string
	for chain := range index {
		chains = append(chains, chain)
	}
	for chain := range v.shown {
		if index[chain] == nil {
			chains = append(chains, chain)
		}
	}
	slices.Sort(chains)
	for _, chain := range chains {
		var want, got shownDigest
		if d := v.shown[chain]; d != nil {
			want = *d
		}
		if d := index[chain]; d != nil {
			got = *d
		}
		if got != want {
			v.fail(chain, 0, "the index of shown clients does not match the entries (index rows removed or added; rebuild it as docs/operations.md says)")
		}
	}
	return nil
}

func (v *logVerifier) digest(chain string) *shownDigest {
	if v.shown == nil {
		return nil
	}
	d := v.shown[chain]
	if d == nil {
		d = &shownDigest{}
		v.shown[chain] = d
	}
	return d
}

// shownDigest is an order-independent digest of a set of (entry, client)
// pairs: the sum of their keyed hashes, 128 bits.
type shownDigest [2]uint64

func (d *shownDigest) add(k *crypto.AuditKeys, entryID, clientID string) {
	// The entry key's messages otherwise begin with the version byte 2;
	// this prefix keeps the two apart. Ids contain no NUL.
	m := k.EntryMAC([]byte("koto/audit-shown\x00" + entryID + "\x00" + clientID))
	d[0] += binary.BigEndian.Uint64(m[:8])
	d[1] += binary.BigEndian.Uint64(m[8:16])
}

func (d *shownDigest) addEntry(k *crypto.AuditKeys, e audit.Entry) {
	if d == nil {
		return
	}
	for _, c := range e.Shown {
		d.add(k, e.ID, c)
	}
}
