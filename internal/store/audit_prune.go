package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
	"koto/internal/retention"
)

// PruneAccessLog applies the access-log retention (ADR 41): for each chain
// (orgID's, or every chain when orgID is ""), the sealed entries at the
// start of the chain written before cutoff — whole calendar years, as the
// rule's cutoff is the start of a year — are counted (dryRun) or deleted.
// A real run first verifies the segment it deletes (links, keyed hashes,
// MACs) against the previous prune checkpoint, so a tampered entry is
// never deleted and blessed; then, in one maintenance transaction per
// chain, it deletes the entries, writes a prune checkpoint signed with
// the checkpoint key (chain, last deleted seq and hash, the year closed,
// the count, the time) and appends an entry recording the prune to the
// chain. Only the system (access.RetentionRun) may delete; a dry run of
// the actor's own organisation is allowed with access.RetentionPreview.
// NotFound otherwise.
func (s RetentionStore) PruneAccessLog(ctx context.Context, actor access.Actor, orgID string, cutoff time.Time, dryRun bool) ([]retention.PrunedChain, error) {
	preview := dryRun && orgID != "" && orgID == actor.OrgID && actor.Can(access.RetentionPreview)
	if !actor.Can(access.RetentionRun) && !preview {
		return nil, apperr.ErrNotFound()
	}
	cutoff = cutoff.UTC()
	chains := []string{orgID}
	if orgID == "" {
		err := s.db.InTx(ctx, func(t *Tx) error {
			var err error
			chains, err = collect(t, "access-log chains", scanString, `SELECT chain FROM audit_heads ORDER BY chain`)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	var out []retention.PrunedChain
	for _, chain := range chains {
		var p retention.PrunedChain
		fn := func(t *Tx) error {
			var err error
			p, err = t.pruneChain(actor, chain, cutoff, dryRun)
			return err
		}
		var err error
		if dryRun {
			err = s.db.InOrgTx(ctx, orgID, fn)
		} else {
			err = s.db.inMaintenanceTx(ctx, fn)
		}
		if err != nil {
			return out, err
		}
		if p.Count > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// pruneChain prunes (or measures) one chain; see PruneAccessLog.
func (t *Tx) pruneChain(actor access.Actor, chain string, cutoff time.Time, dryRun bool) (retention.PrunedChain, error) {
	p := retention.PrunedChain{Chain: chain}
	last, err := t.latestPrune(chain)
	if err != nil {
		return p, err
	}
	var headSeq int64
	if err := t.queryRow(`SELECT seq FROM audit_heads WHERE chain = ?`, chain).Scan(&headSeq); err != nil {
		if err == sql.ErrNoRows {
			return p, nil
		}
		return p, apperr.Wrap(err, "prune: chain head")
	}
	var firstKept sql.NullInt64
	if err := t.queryRow(`SELECT MIN(seq) FROM audit_entries WHERE chain = ? AND seq IS NOT NULL AND at >= ?`, chain, cutoff).Scan(&firstKept); err != nil {
		return p, apperr.Wrap(err, "prune: first entry kept")
	}
	through := headSeq
	if firstKept.Valid {
		through = firstKept.Int64 - 1
	}
	if through <= last.Seq {
		return p, nil
	}
	p.Seq, p.Count = through, through-last.Seq
	var firstAt, lastAt time.Time
	var hash string
	if err := t.queryRow(`SELECT at FROM audit_entries WHERE chain = ? AND seq = ?`, chain, last.Seq+1).Scan(&firstAt); err != nil {
		return p, apperr.Wrap(err, "prune: first entry (chain broken: run koto audit verify)")
	}
	if err := t.queryRow(`SELECT at, hash FROM audit_entries WHERE chain = ? AND seq = ?`, chain, through).Scan(&lastAt, &hash); err != nil {
		return p, apperr.Wrap(err, "prune: last entry (chain broken: run koto audit verify)")
	}
	p.FirstYear, p.LastYear = firstAt.In(civil.Helsinki).Year(), lastAt.In(civil.Helsinki).Year()
	if dryRun {
		return p, nil
	}
	if err := t.verifySegment(chain, last, through); err != nil {
		return p, err
	}
	if t.db.dialect == sqlite {
		// The full-text index of shown clients is external content: its
		// documents go with their entries.
		if _, err := t.exec(`INSERT INTO audit_entries_shown (audit_entries_shown, rowid, shown)
			SELECT 'delete', rowid, shown FROM audit_entries WHERE chain = ? AND seq IS NOT NULL AND seq <= ? AND shown <> ''`, chain, through); err != nil {
			return p, apperr.Wrap(err, "prune: index of shown clients")
		}
	} else if _, err := t.exec(`SELECT set_config('koto.audit_prune', 'on', true)`); err != nil {
		return p, apperr.Wrap(err, "prune: lift the delete guard")
	}
	restore, err := t.liftDeleteGuards([]string{"audit_entries"})
	if err != nil {
		return p, err
	}
	res, err := t.exec(`DELETE FROM audit_entries WHERE chain = ? AND seq IS NOT NULL AND seq <= ?`, chain, through)
	if err != nil {
		return p, apperr.Wrap(err, "prune access log")
	}
	if n, err := res.RowsAffected(); err != nil || n != p.Count {
		return p, apperr.Wrap(fmt.Errorf("deleted %d entries, want %d", n, p.Count), "prune access log")
	}
	if err := restore(); err != nil {
		return p, err
	}
	if t.db.dialect != sqlite {
		if _, err := t.exec(`SELECT set_config('koto.audit_prune', 'off', true)`); err != nil {
			return p, apperr.Wrap(err, "prune: restore the delete guard")
		}
	}
	cp := audit.Prune{ID: NewID(), Chain: chain, Seq: through, Hash: hash, Year: lastAt.In(civil.Helsinki).Year(), Count: p.Count, At: t.Now()}
	cp.Sign(t.db.audit)
	if _, err := t.exec(`INSERT INTO audit_prunes (id, chain, seq, hash, year, count, at, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		cp.ID, cp.Chain, cp.Seq, cp.Hash, cp.Year, cp.Count, cp.At, base64.StdEncoding.EncodeToString(cp.Sig)); err != nil {
		return p, apperr.Wrap(err, "insert prune checkpoint")
	}
	e := gate.Entry(actor, access.RetentionRun, "", gate.Touched("access_log_pruned", fmt.Sprintf("through %d", through), fmt.Sprintf("year %d", cp.Year)), audit.Allowed, t.Now())
	e.Chain = chain
	return p, t.AppendAudit(e)
}

// verifySegment checks the entries after prune checkpoint last through
// sequence through before they are deleted.
func (t *Tx) verifySegment(chain string, last audit.Prune, through int64) error {
	v := audit.NewVerifier(t.db.audit, chain)
	if last.Seq > 0 {
		v.StartAfter(last)
	}
	err := each(t, "access-log segment", func(r scanner) error {
		e, err := scanEntry(r)
		if err != nil {
			return err
		}
		v.Next(e)
		return nil
	}, `SELECT `+auditColumns+` FROM audit_entries WHERE chain = ? AND seq IS NOT NULL AND seq <= ? ORDER BY seq`, chain, through)
	if err != nil {
		return err
	}
	var hash string
	if err := t.queryRow(`SELECT hash FROM audit_entries WHERE chain = ? AND seq = ?`, chain, through).Scan(&hash); err != nil {
		return apperr.Wrap(err, "prune: verify segment")
	}
	if b := v.End(through, hash); b != nil {
		return apperr.Wrap(fmt.Errorf("%s", b), "prune refused: the entries to delete do not verify (run koto audit verify)")
	}
	return nil
}

// latestPrune returns the chain's prune checkpoint with the highest
// sequence (zero Prune when none), not verified.
func (t *Tx) latestPrune(chain string) (audit.Prune, error) {
	ps, err := t.prunes(chain)
	if err != nil || len(ps) == 0 {
		return audit.Prune{}, err
	}
	return ps[len(ps)-1], nil
}

// prunes lists a chain's prune checkpoints by sequence.
func (t *Tx) prunes(chain string) ([]audit.Prune, error) {
	return collect(t, "prune checkpoints", scanPrune,
		`SELECT id, chain, seq, hash, year, count, at, sig FROM audit_prunes WHERE chain = ? ORDER BY seq, at, id`, chain)
}

func scanPrune(sc scanner) (audit.Prune, error) {
	var p audit.Prune
	var sig string
	if err := sc.Scan(&p.ID, &p.Chain, &p.Seq, &p.Hash, &p.Year, &p.Count, &p.At, &sig); err != nil {
		return p, err
	}
	p.At = p.At.UTC()
	p.Sig, _ = base64.StdEncoding.DecodeString(sig) // a malformed signature does not verify
	return p, nil
}
