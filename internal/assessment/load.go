package assessment

import (
	"context"
	"errors"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Records are one client's records of a bulk load: the background, the
// assessments and the language tests as a caller would give them to
// SaveBackground (a first one), Create and AddLanguageTest.
type Records struct {
	ClientID    string
	Background  *Background // nil: none
	Assessments []Assessment
	Tests       []LanguageTest
}

// Load writes many clients' backgrounds, assessments and language tests
// in one transaction: the bulk path of the demo loader (ADR 28), beside
// SaveBackground, Create and AddLanguageTest. Only an actor allowed
// demo.load (the system actor of the CLI) may call it; author is the
// organisation's user in whose name the records are written. Every record
// is validated as the single path validates it, sealed with the client's
// key by the same store code, and the load is logged: the batch in the
// actor's log and one demo.load entry per client, naming what it got, in
// the log of the author's organisation. A client appears at most once in
// records, and its background is its first
// (a client who has one already is Conflict). Errors: Forbidden (not
// demo.load), NotFound (a client the author's organisation does not
// hold), Invalid (a record), Conflict, nothing written then.
func (s *Service) Load(ctx context.Context, actor, author access.Actor, records []Records) error {
	u := gate.Use{Action: access.DemoLoad, Touched: "assessments"}
	return gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		day := today(now)
		seen := map[string]bool{}
		out := make([]Records, 0, len(records))
		var backgrounds, assessments, tests int
		var entries []*audit.Entry
		for _, r := range records {
			if seen[r.ClientID] {
				return apperr.Wrap(errors.New("a client twice in one load"), "load assessments")
			}
			seen[r.ClientID] = true
			if err := tx.HoldsClient(author.OrgID, r.ClientID); err != nil {
				return err
			}
			if r.Background != nil {
				b := *r.Background
				b.Normalize()
				if err := b.Validate(); err != nil {
					return err
				}
				b.Version, b.UpdatedAt, b.UpdatedBy = 1, now, author.UserID
				r.Background = &b
				backgrounds++
			}
			as := make([]Assessment, len(r.Assessments))
			for i, a := range r.Assessments {
				a.Normalize()
				if a.Status == "" {
					a.Status = StatusDraft
				}
				if err := a.Validate(day); err != nil {
					return err
				}
				a.ID, a.ClientID, a.Version = s.newID(), r.ClientID, 1
				a.CreatedAt, a.CreatedBy, a.UpdatedAt, a.UpdatedBy = now, author.UserID, now, author.UserID
				if a.Status == StatusCompleted {
					a.CompletedAt = now
				}
				as[i] = a
			}
			ts := make([]LanguageTest, len(r.Tests))
			for i, t := range r.Tests {
				t.Normalize()
				if err := t.Validate(day); err != nil {
					return err
				}
				t.ID, t.ClientID, t.CreatedAt, t.CreatedBy = s.newID(), r.ClientID, now, author.UserID
				ts[i] = t
			}
			r.Assessments, r.Tests = as, ts
			assessments, tests = assessments+len(as), tests+len(ts)
			out = append(out, r)
			touched := gate.Touched("background:"+strconv.Itoa(backgroundCount(r)), "assessments:"+strconv.Itoa(len(as)),
				"language_tests:"+strconv.Itoa(len(ts)))
			entries = append(entries, gate.Entry(author, access.DemoLoad, r.ClientID, touched, audit.Allowed, now))
		}
		if err := tx.InsertRecords(author.OrgID, out); err != nil {
			return err
		}
		e.Touched = gate.Touched("backgrounds:"+strconv.Itoa(backgrounds), "assessments:"+strconv.Itoa(assessments),
			"language_tests:"+strconv.Itoa(tests), "clients:"+strconv.Itoa(len(out)), "org:"+author.OrgID)
		for _, ce := range entries {
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log demo load")
			}
		}
		return nil
	})
}

func backgroundCount(r Records) int {
	if r.Background != nil {
		return 1
	}
	return 0
}
