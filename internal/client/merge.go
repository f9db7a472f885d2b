package client

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// MergeState is where a merge stands: done but unconfirmed (it can be
// undone), confirmed (final) or undone.
type MergeState string

const (
	MergeUnconfirmed MergeState = "unconfirmed"
	MergeConfirmed   MergeState = "confirmed"
	MergeUndone      MergeState = "undone"
)

// Merge is one merge of two records of the same person: the merged record
// is hidden behind the survivor, which keeps its id. Both rows stay; the
// merged record's history, access log and special-category data are read
// with the survivor's (ADR 17).
type Merge struct {
	ID             string
	SurvivorID     string
	MergedID       string
	MergedKotoID   string // the merged record's Koto id, for the banner
	State          MergeState
	MergedAt       time.Time
	MergedBy       string // user id
	MergedByName   string // username, for the banner
	ConfirmedAt    time.Time
	ConfirmedBy    string
	UndoneAt       time.Time
	UndoneBy       string
	BeforeTeamID   string   // the survivor's team before the merge
	MovedAssignees []string // users whose responsibility moved to the survivor
	// Before is the survivor's details before the merge (the store seals
	// them with the survivor's key): undo restores them.
	Before Details
}

// MergeStatus is how a record stands towards merges.
type MergeStatus struct {
	MergedInto string // the survivor, when the record is merged away
	Open       *Merge // the unconfirmed merge into the record, if any
}

// MergeTx is what merging needs inside a transaction.
type MergeTx interface {
	// MergeStatus tells whether a client of orgID is merged away and
	// which unconfirmed merge it survives; NotFound for no such client.
	MergeStatus(orgID, clientID string) (MergeStatus, error)
	// InsertMerge records m and hides the merged record behind the
	// survivor: it points at the survivor, leaves the HETU index and
	// name search, and its responsible caseworkers move to the survivor
	// (m.MovedAssignees is filled), as does its team when the survivor
	// has none. The survivor's own details are the caller's to store.
	InsertMerge(orgID string, m *Merge) error
	// ConfirmMerge makes merge id final.
	ConfirmMerge(orgID, id, by string, at time.Time) error
	// UndoMerge brings the merged record of m back as it was and marks
	// m undone. The survivor must no longer hold the HETU.
	UndoMerge(orgID string, m Merge, by string, at time.Time) error
	// MergedFrom lists the records merged into clientID, also through
	// records merged into those.
	MergedFrom(orgID, clientID string) ([]string, error)
}

// MergedError answers a use of a record that is merged into another: it is
// NotFound (client.merged) and names the survivor, which the caller may
// open instead. Only an actor allowed to use the merged record gets it.
type MergedError struct{ SurvivorID string }

func (e *MergedError) Error() string { return "client merged into " + e.SurvivorID }

func (e *MergedError) Unwrap() error { return apperr.New(apperr.NotFound, "client.merged") }

// HETUTakenError is the 409 of an edit that sets a HETU another record of
// the organisation holds: the two may be one person, to be merged. Holder
// is that record; the actor's use of it is logged.
type HETUTakenError struct{ Holder string }

func (e *HETUTakenError) Error() string { return "hetu held by " + e.Holder }

func (e *HETUTakenError) Unwrap() error {
	return apperr.OnField(apperr.Conflict, "client.hetu_taken_merge", "hetu")
}

// notMerged refuses a use of a record merged into another with a
// MergedError whose entry commits (the answer names the survivor), and
// returns the record's unconfirmed merge as survivor, if any.
func notMerged(tx Tx, orgID, id string, e *audit.Entry) (*Merge, error) {
	st, err := tx.MergeStatus(orgID, id)
	if err != nil {
		return nil, err
	}
	if st.MergedInto != "" {
		e.Touched = "merged_into:" + st.MergedInto
		return nil, gate.Commit(&MergedError{SurvivorID: st.MergedInto})
	}
	return st.Open, nil
}

// MergePreview is what the merge page compares: both records, the fields
// whose values conflict, and which side each defaults to.
type MergePreview struct {
	Survivor, Merged Client
	Conflicts        []string
	Default          Side
	Result           Details // the merge with the default choices
}

// PreviewMerge reads two records for the merge page. Supervisors
// (client.merge); the use is logged on both clients in one transaction.
// Errors: NotFound for a record the actor may not see (either), Invalid
// (with: the same record), Conflict (a record already merged, or in an
// unconfirmed merge; two different HETUs).
func (s *Service) PreviewMerge(ctx context.Context, actor access.Actor, survivorID, mergedID string) (MergePreview, error) {
	var p MergePreview
	err := s.onBoth(ctx, actor, survivorID, mergedID, "merge_preview", func(tx Tx) error {
		var err error
		if p.Survivor, p.Merged, err = mergeable(tx, actor.OrgID, survivorID, mergedID); err != nil {
			return err
		}
		p.Conflicts = MergeConflicts(p.Survivor.Details, p.Merged.Details)
		p.Default = DefaultSide(p.Survivor, p.Merged)
		p.Result, err = MergeDetails(p.Survivor, p.Merged, nil)
		if err == nil {
			_ = p.Result.Validate(civil.DateOf(tx.Now())) // derives birth date and sex from the HETU
		}
		return err
	})
	return answer(p, err)
}

// MergeClients merges the record mergedID into survivorID: the survivor
// keeps its id and gets the combined details (MergeDetails with choices),
// the merged record is hidden behind it, and the merge waits for another
// supervisor's confirmation; until then UndoMerge restores both. One
// transaction, logged on both clients. Supervisors (client.merge). Errors:
// those of PreviewMerge, Invalid (choices, or combined details that do not
// validate).
func (s *Service) MergeClients(ctx context.Context, actor access.Actor, survivorID, mergedID string, choices map[string]Side) (Merge, error) {
	var m Merge
	err := s.onBoth(ctx, actor, survivorID, mergedID, "merge", func(tx Tx) error {
		sv, mg, err := mergeable(tx, actor.OrgID, survivorID, mergedID)
		if err != nil {
			return err
		}
		d, err := MergeDetails(sv, mg, choices)
		if err != nil {
			return err
		}
		now := tx.Now()
		d.Normalize()
		if err := d.Validate(civil.DateOf(now)); err != nil {
			return err
		}
		for i := range d.Permits {
			if d.Permits[i].ID == "" {
				d.Permits[i].ID = s.newID()
			}
		}
		m = Merge{ID: s.newID(), SurvivorID: survivorID, MergedID: mergedID, MergedKotoID: mg.KotoID, State: MergeUnconfirmed,
			MergedAt: now, MergedBy: actor.UserID, MergedByName: actor.Username, Before: sv.Details}
		if err := tx.InsertMerge(actor.OrgID, &m); err != nil {
			return err
		}
		changes := append(Diff(sv.Details, d), Change{Field: "merge", NewValue: mg.KotoID})
		return s.rewrite(tx, actor, sv, d, changes)
	})
	return answer(m, err)
}

// ConfirmMerge makes the unconfirmed merge into survivorID final. Another
// supervisor than the one who merged (four eyes: nobody confirms their
// own). Logged on both clients. Errors: NotFound, Conflict (no
// unconfirmed merge), Forbidden (merge.confirm_own).
func (s *Service) ConfirmMerge(ctx context.Context, actor access.Actor, survivorID string) error {
	return s.onOpenMerge(ctx, actor, survivorID, "merge_confirm", func(tx Tx, m Merge) error {
		if m.MergedBy == actor.UserID {
			return apperr.New(apperr.Forbidden, "merge.confirm_own")
		}
		return tx.ConfirmMerge(actor.OrgID, m.ID, actor.UserID, tx.Now())
	})
}

// UndoMerge undoes the unconfirmed merge into survivorID: the survivor's
// details are restored as they were before the merge (the change history
// keeps both steps) and the merged record comes back as it was. Any
// supervisor. Logged on both clients. Errors: NotFound, Conflict (no
// unconfirmed merge).
func (s *Service) UndoMerge(ctx context.Context, actor access.Actor, survivorID string) error {
	return s.onOpenMerge(ctx, actor, survivorID, "merge_undo", func(tx Tx, m Merge) error {
		sv, err := tx.Client(actor.OrgID, survivorID)
		if err != nil {
			return err
		}
		changes := append(Diff(sv.Details, m.Before), Change{Field: "merge_undone", NewValue: m.MergedKotoID})
		// The survivor gives the HETU back before the merged record takes
		// it again.
		if err := s.rewrite(tx, actor, sv, m.Before, changes); err != nil {
			return err
		}
		return tx.UndoMerge(actor.OrgID, m, actor.UserID, tx.Now())
	})
}

// rewrite stores d as the survivor's details with changes in its history.
func (s *Service) rewrite(tx Tx, actor access.Actor, old Client, d Details, changes []Change) error {
	now := tx.Now()
	c := old
	c.Details = d
	c.UpdatedAt, c.UpdatedBy, c.Version = now, actor.UserID, old.Version+1
	for i := range changes {
		changes[i].At, changes[i].UserID, changes[i].Username = now, actor.UserID, actor.Username
	}
	return tx.UpdateClient(&c, changes)
}

// onOpenMerge runs fn on the unconfirmed merge into survivorID, logged
// on both clients.
func (s *Service) onOpenMerge(ctx context.Context, actor access.Actor, survivorID, touched string, fn func(Tx, Merge) error) error {
	var holders []holderEntry
	use := gate.Use{Action: access.ClientMerge, ClientID: survivorID, Touched: touched + ":survivor"}
	err := gate.Client(ctx, s.store, actor, use, func(tx Tx, e *audit.Entry) error {
		st, err := tx.MergeStatus(actor.OrgID, survivorID)
		if err != nil {
			return err
		}
		if st.Open == nil {
			return apperr.New(apperr.Conflict, "merge.none_open")
		}
		m := *st.Open
		return alsoOn(ctx, tx, e, actor, m.MergedID, touched, &holders, func(tx Tx) error { return fn(tx, m) })
	})
	return s.logAtHolders(ctx, holders, err)
}

// onBoth authorizes actor's use of both records in one transaction —
// gate.Client for each, so each gets its entry — and runs fn.
func (s *Service) onBoth(ctx context.Context, actor access.Actor, survivorID, mergedID, touched string, fn func(Tx) error) error {
	var holders []holderEntry
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientMerge, ClientID: survivorID, Touched: touched + ":survivor"},
		func(tx Tx, e *audit.Entry) error {
			if mergedID == "" || mergedID == survivorID {
				return apperr.InvalidField("with", "merge.same_record")
			}
			return alsoOn(ctx, tx, e, actor, mergedID, touched, &holders, fn)
		})
	return s.logAtHolders(ctx, holders, err)
}

// alsoOn authorizes actor's use of the merged record inside the
// survivor's transaction tx (a second gate.Client) and runs fn. When the
// merged record is refused, its refusal entry — written in tx — commits
// with the survivor's entry, marked denied, and the refusal is the answer.
func alsoOn(ctx context.Context, tx Tx, e *audit.Entry, actor access.Actor, mergedID, touched string, held *[]holderEntry, fn func(Tx) error) error {
	inner := &sameTx{tx: tx}
	err := gate.Client(ctx, inner, actor, gate.Use{Action: access.ClientMerge, ClientID: mergedID, Touched: touched + ":merged"},
		func(tx Tx, _ *audit.Entry) error { return fn(tx) })
	*held = inner.held
	if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
		e.Touched, e.Result = touched+":refused", audit.Denied
		return gate.Commit(err)
	}
	return err
}

// mergeable reads both records and checks that they can be merged.
func mergeable(tx Tx, orgID, survivorID, mergedID string) (Client, Client, error) {
	for _, id := range []string{survivorID, mergedID} {
		st, err := tx.MergeStatus(orgID, id)
		if err != nil {
			return Client{}, Client{}, err
		}
		if st.MergedInto != "" {
			return Client{}, Client{}, apperr.New(apperr.Conflict, "merge.already_merged")
		}
		if st.Open != nil {
			return Client{}, Client{}, apperr.New(apperr.Conflict, "merge.open")
		}
	}
	sv, err := tx.Client(orgID, survivorID)
	if err != nil {
		return Client{}, Client{}, err
	}
	mg, err := tx.Client(orgID, mergedID)
	if err != nil {
		return Client{}, Client{}, err
	}
	if sv.HETU != "" && mg.HETU != "" && sv.HETU != mg.HETU {
		return Client{}, Client{}, apperr.New(apperr.Conflict, "merge.hetu_differ")
	}
	return sv, mg, nil
}

// sameTx is a gate store whose transaction is one already open, so a
// second gate.Client runs inside the first: a use of two clients is
// authorized and logged for each in one transaction. A refusal's entry for
// another organisation is kept and written after the transaction
// (logAtHolders), which runs its own.
type sameTx struct {
	tx   Tx
	held []holderEntry
}

type holderEntry struct {
	clientID string
	e        *audit.Entry
}

func (s *sameTx) WithTx(_ context.Context, _ string, fn func(Tx) error) error { return fn(s.tx) }

func (s *sameTx) LogAtHolder(_ context.Context, clientID string, e *audit.Entry) error {
	s.held = append(s.held, holderEntry{clientID, e})
	return nil
}

// logAtHolders writes the held refusals to their holders' logs and
// returns err; a logging failure wins (no log, no answer).
func (s *Service) logAtHolders(ctx context.Context, held []holderEntry, err error) error {
	for _, h := range held {
		if lerr := s.store.LogAtHolder(ctx, h.clientID, h.e); lerr != nil {
			return lerr
		}
	}
	return err
}

// MergeCandidates reads a record and the records that look like the same
// person (FindDuplicates), for choosing what to merge into it.
// Supervisors (client.merge); the entry lists the candidates as shown.
// Errors: NotFound (also for a record merged away: MergedError).
func (s *Service) MergeCandidates(ctx context.Context, actor access.Actor, id string) (Client, []Summary, error) {
	var c Client
	var dups []Summary
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientMerge, ClientID: id, Touched: "merge_candidates"},
		func(tx Tx, e *audit.Entry) error {
			if _, err := notMerged(tx, actor.OrgID, id, e); err != nil {
				return err
			}
			var err error
			if c, err = tx.Client(actor.OrgID, id); err != nil {
				return err
			}
			dups, err = tx.FindDuplicates(actor.OrgID, c.Details, id)
			e.Shown = summaryIDs(dups)
			return err
		})
	if err != nil {
		return Client{}, nil, err
	}
	return c, dups, nil
}
