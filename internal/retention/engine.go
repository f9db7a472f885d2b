package retention

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
)

// Candidate is a client whose retention clock may have started.
type Candidate struct {
	ClientID string
	OrgID    string
	Dates    ClientDates
	OnHold   bool
}

// Store is what the engine needs of the database. EraseClient is the unit
// of erasure (also what a data subject's erasure request calls): in one
// transaction it deletes every row that refers to the client, destroys the
// client's data key and appends a tombstone entry to the holder's access
// log; NotFound when the client is gone already.
type Store interface {
	RetentionCandidates(ctx context.Context) ([]Candidate, error)
	EraseClient(ctx context.Context, actor access.Actor, clientID, reason string) error
	// ExpiredRows counts (dryRun) or deletes the rows of an expiry class
	// that expired before cutoff, of organisation orgID ("" = all).
	ExpiredRows(ctx context.Context, class Class, orgID string, cutoff time.Time, dryRun bool) (int, error)
	// PruneAccessLog counts (dryRun) or deletes, per chain (of orgID; ""
	// = every chain), the sealed access-log entries at the start of the
	// chain written before cutoff, and on a real run writes a signed prune
	// checkpoint per chain it pruned (ADR 41).
	PruneAccessLog(ctx context.Context, actor access.Actor, orgID string, cutoff time.Time, dryRun bool) ([]PrunedChain, error)
	InsertRetentionCertificate(ctx context.Context, c *Certificate) error
}

// PrunedChain is what a prune did (or would do) to one chain.
type PrunedChain struct {
	Chain     string
	Count     int64 // entries deleted
	Seq       int64 // the last deleted entry's sequence number
	FirstYear int   // calendar years of the deleted entries (Helsinki time)
	LastYear  int
}

// Archiver writes the archive package of one client before it is erased.
type Archiver interface {
	ArchiveClient(ctx context.Context, actor access.Actor, clientID string) (path string, err error)
}

// Line is one record class's result of a run.
type Line struct {
	Class   Class
	Rule    string
	Count   int // deleted, or would be deleted on a dry run
	Held    int // clients due but kept on legal hold
	Archive int // archive packages written
	// Years (ClassAccessLog): the first and last calendar year of the
	// entries deleted; 0 when none.
	FirstYear, LastYear int
}

// String is the line `koto retention run` prints.
func (l Line) String(dryRun bool) string {
	verb := "deleted"
	if dryRun {
		verb = "would delete"
	}
	if l.Class == ClassAccessLog {
		years := "none"
		switch {
		case l.FirstYear == 0:
		case l.FirstYear == l.LastYear:
			years = fmt.Sprint(l.FirstYear)
		default:
			years = fmt.Sprintf("%d–%d", l.FirstYear, l.LastYear)
		}
		return fmt.Sprintf("%s: %s %d entries (years %s; %s)", l.Class, verb, l.Count, years, l.Rule)
	}
	s := fmt.Sprintf("%s: %s %d (%s)", l.Class, verb, l.Count, l.Rule)
	if l.Class == ClassClient {
		s += fmt.Sprintf("; on legal hold %d; archived %d", l.Held, l.Archive)
	}
	return s
}

// Report is the result of one run.
type Report struct {
	AsOf         civil.Date
	DryRun       bool
	Lines        []Line
	Certificates []*Certificate // one per class of a real run
}

// Engine applies a configuration of rules.
type Engine struct {
	Rules    Rules
	Store    Store
	Archiver Archiver // required when a class is marked Archive
	// OrgID limits a run to one organisation's records (a preview); ""
	// is every organisation.
	OrgID string
}

// Run applies the rules as if today were asOf: one Line per configured
// class in Classes order. A dry run changes nothing; a real run erases
// each due client in a transaction of its own (so a failure leaves the
// clients before it erased and the rest untouched — running again is
// harmless), and records one Certificate per class. actor is the system
// actor that runs it (CLI or job); it is named in the certificates and
// the tombstones.
func (e *Engine) Run(ctx context.Context, actor access.Actor, asOf civil.Date, dryRun bool) (*Report, error) {
	if !actor.Can(access.RetentionRun) {
		return nil, apperr.ErrNotFound()
	}
	return e.run(ctx, actor, asOf, dryRun)
}

// Preview is the dry run of the rules as if today were asOf, limited to
// the actor's organisation: what the job would delete there. The actor
// needs access.RetentionPreview (the organisation's data protection
// officer); NotFound otherwise. It changes nothing and writes no
// certificate.
func (e *Engine) Preview(ctx context.Context, actor access.Actor, asOf civil.Date) (*Report, error) {
	if !actor.Can(access.RetentionPreview) || actor.OrgID == "" {
		return nil, apperr.ErrNotFound()
	}
	scoped := *e
	scoped.OrgID = actor.OrgID
	return scoped.run(ctx, actor, asOf, true)
}

func (e *Engine) run(ctx context.Context, actor access.Actor, asOf civil.Date, dryRun bool) (*Report, error) {
	rep := &Report{AsOf: asOf, DryRun: dryRun}
	for _, class := range Classes {
		rule, ok := e.Rules.Rule(class)
		if !ok {
			continue
		}
		line := Line{Class: class, Rule: rule.Describe()}
		var subjects []string
		switch class {
		case ClassClient:
			var err error
			subjects, err = e.clients(ctx, actor, rule, asOf, dryRun, &line)
			if err != nil {
				return rep, err
			}
		case ClassAccessLog:
			pruned, err := e.Store.PruneAccessLog(ctx, actor, e.OrgID, rule.LogCutoff(asOf), dryRun)
			if err != nil {
				return rep, err
			}
			for _, p := range pruned {
				line.Count += int(p.Count)
				if line.FirstYear == 0 || p.FirstYear < line.FirstYear {
					line.FirstYear = p.FirstYear
				}
				line.LastYear = max(line.LastYear, p.LastYear)
				subjects = append(subjects, fmt.Sprintf("%s:%d", p.Chain, p.Seq))
			}
		default:
			n, err := e.Store.ExpiredRows(ctx, class, e.OrgID, rule.ExpiryCutoff(asOf), dryRun)
			if err != nil {
				return rep, err
			}
			line.Count = n
		}
		rep.Lines = append(rep.Lines, line)
		if dryRun {
			continue
		}
		c := &Certificate{Class: class, Rule: line.Rule, AsOf: asOf, Count: line.Count, Held: line.Held,
			Archived: line.Archive, RunBy: runBy(actor), Subjects: subjectsHash(subjects)}
		if err := e.Store.InsertRetentionCertificate(ctx, c); err != nil {
			return rep, err
		}
		rep.Certificates = append(rep.Certificates, c)
	}
	return rep, nil
}

// clients handles ClassClient and returns the erased (or due) client ids.
func (e *Engine) clients(ctx context.Context, actor access.Actor, rule Rule, asOf civil.Date, dryRun bool, line *Line) ([]string, error) {
	cands, err := e.Store.RetentionCandidates(ctx)
	if err != nil {
		return nil, err
	}
	if rule.Archive && e.Archiver == nil && !dryRun {
		return nil, fmt.Errorf("retention: class client is marked for archiving but no archive directory is configured")
	}
	var ids []string
	for _, c := range cands {
		if e.OrgID != "" && c.OrgID != e.OrgID {
			continue
		}
		if !rule.Due(c.Dates, asOf) {
			continue
		}
		if c.OnHold {
			line.Held++
			continue
		}
		ids = append(ids, c.ClientID)
		if dryRun {
			continue
		}
		if rule.Archive {
			if _, err := e.Archiver.ArchiveClient(ctx, actor, c.ClientID); err != nil {
				return ids, err
			}
			line.Archive++
		}
		_, why := rule.DeletableFrom(c.Dates)
		if err := e.Store.EraseClient(ctx, actor, c.ClientID, "retention:"+why); err != nil {
			return ids, err
		}
	}
	line.Count = len(ids)
	return ids, nil
}

func runBy(actor access.Actor) string {
	if actor.Username != "" {
		return actor.Username + " (" + string(actor.Channel) + ")"
	}
	return string(actor.Channel)
}

// subjectsHash is the SHA-256 of the sorted ids of the deleted records:
// the certificate can later confirm that a given id was (or was not)
// deleted in the run without listing anyone.
func subjectsHash(ids []string) string {
	s := slices.Clone(ids)
	slices.Sort(s)
	sum := sha256.Sum256([]byte(strings.Join(s, "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Certificate records one class's deletions of one run. Hash covers every
// other field (Seal), so an altered certificate shows.
type Certificate struct {
	ID       string     `json:"id"`
	Class    Class      `json:"class"`
	Rule     string     `json:"rule"`
	AsOf     civil.Date `json:"asOf"`
	Count    int        `json:"count"`
	Held     int        `json:"held"`
	Archived int        `json:"archived"`
	RunBy    string     `json:"runBy"`
	At       time.Time  `json:"at"`
	Subjects string     `json:"subjects"`
	Hash     string     `json:"hash"`
}

// Seal sets Hash: "sha256:" + hex of the JSON of the certificate with an
// empty Hash. The store calls it once ID and At are set.
func (c *Certificate) Seal() error {
	c.Hash = ""
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	c.Hash = "sha256:" + hex.EncodeToString(sum[:])
	return nil
}

// Hold is a legal hold on a client: while it is set, the retention engine
// never deletes the client.
type Hold struct {
	ClientID string
	OrgID    string
	Reason   string
	SetBy    string
	SetAt    time.Time
}

// MaxReasonLen bounds a hold's reason.
const MaxReasonLen = 500

// Validate checks a hold's reason: required, at most MaxReasonLen characters.
func (h Hold) Validate() error {
	r := strings.TrimSpace(h.Reason)
	if r == "" {
		return apperr.InvalidField("reason", "retention.hold.reason_required")
	}
	if len([]rune(r)) > MaxReasonLen {
		return apperr.InvalidField("reason", "retention.hold.reason_too_long")
	}
	return nil
}
