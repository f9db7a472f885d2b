package subject

import (
	"context"
	"slices"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/audit"
	"koto/internal/authority"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/gate"
	"koto/internal/handover"
	"koto/internal/note"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/restriction"
	"koto/internal/retention"
	"koto/internal/subjectrequest"
)

// AccessLogLimit bounds the access-log entries of one report; a client's
// log is far shorter in practice, and the DPO's log view pages the rest.
const AccessLogLimit = 100000

// Tx is what the reports read inside one transaction, each method scoped
// to one organisation. Every reader is the one its own capability uses,
// so the report reads what the capability shows.
type Tx interface {
	gate.Tx
	Client(orgID, id string) (client.Client, error)
	SensitiveVersions(orgID, clientID string) ([]client.Sensitive, error)
	ClientChanges(orgID, clientID string) ([]client.Change, error)
	Assignments(orgID, clientID string) ([]client.Assignment, error)
	ClientTeam(orgID, clientID string) (string, error)
	MergedFrom(orgID, clientID string) ([]string, error)
	ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error)
	OrganisationNames(ids []string) (map[string]string, error)
	Notes(orgID, clientID string, openSensitive bool) ([]note.Note, error)
	Plans(orgID, clientID string) ([]plan.Version, error)
	PlanVersion(orgID, clientID, planID string, n int) (plan.Version, error)
	PlanVersions(orgID, clientID, planID string) ([]plan.VersionInfo, error)
	PlanFollowUps(orgID, clientID, planID string) ([]plan.FollowUp, error)
	Assessments(orgID, clientID string) ([]assessment.Assessment, error)
	Background(orgID, clientID string) (assessment.Background, error)
	LanguageTests(orgID, clientID string) ([]assessment.LanguageTest, error)
	Referrals(orgID, clientID string) ([]referral.Referral, error)
	Placement(orgID, clientID string) (placement.Placement, error)
	HouseholdLinks(orgID, clientID string) ([]placement.Link, error)
	Consents(orgID, clientID string) ([]consent.Consent, error)
	Disclosures(orgID, clientID string) ([]disclosure.Disclosure, error)
	Attachments(orgID, clientID string) ([]attachment.Attachment, error)
	DisclosureRequests(orgID, clientID string) ([]authority.Request, error)
	ClientTransfers(orgID, clientID string) ([]handover.Transfer, error)
	HandoverReceipts(orgID, clientID string) ([]handover.Receipt, error)
	RetentionHold(orgID, clientID string) (*retention.Hold, error)
	Restrictions(orgID, clientID string) ([]restriction.Restriction, error)
	ClientSubjectRequests(orgID, clientID string) ([]subjectrequest.Request, error)
}

// Store runs the reports' transactions through the gate.
type Store interface{ gate.Store[Tx] }

// Service makes the data subject's reports.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Export is the art. 15 access report of a client of the actor's
// organisation (subject.export: the organisation's DPO). One transaction,
// one access-log entry with the purpose PurposeAccess. Errors: NotFound
// for a client the actor may not see (another organisation's, a missing
// one, or an actor who is not a DPO).
func (s *Service) Export(ctx context.Context, actor access.Actor, clientID string) (Report, error) {
	var r Report
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.SubjectExport, ClientID: clientID, Touched: "access_report", Purpose: PurposeAccess},
		func(tx Tx, e *audit.Entry) error {
			var err error
			r, err = read(tx, actor.OrgID, clientID)
			return err
		})
	if err != nil {
		return Report{}, err
	}
	return r, nil
}

// read gathers the report in tx; the log is read before the entry of
// this report is appended, so the report ends with the use before it.
func read(tx Tx, orgID, id string) (Report, error) {
	r := Report{Generated: tx.Now()}
	var err error
	if r.Client, err = tx.Client(orgID, id); err != nil {
		return r, err
	}
	steps := []func() error{
		func() (err error) { r.Sensitive, err = tx.SensitiveVersions(orgID, id); return },
		func() (err error) { r.History, err = tx.ClientChanges(orgID, id); return },
		func() (err error) { r.Assignments, err = tx.Assignments(orgID, id); return },
		func() (err error) { r.TeamID, err = tx.ClientTeam(orgID, id); return },
		func() (err error) { r.MergedFrom, err = tx.MergedFrom(orgID, id); return },
		func() (err error) { r.Notes, err = tx.Notes(orgID, id, true); return },
		func() (err error) { r.Plans, err = plans(tx, orgID, id); return },
		func() (err error) { r.Assessments, err = tx.Assessments(orgID, id); return },
		func() (err error) { r.Background, err = tx.Background(orgID, id); return },
		func() (err error) { r.LanguageTests, err = tx.LanguageTests(orgID, id); return },
		func() (err error) { r.Referrals, err = tx.Referrals(orgID, id); return },
		func() error {
			p, err := tx.Placement(orgID, id)
			if apperr.Is(err, apperr.NotFound) {
				return nil
			}
			r.Placement = &p
			return err
		},
		func() (err error) { r.Household, err = tx.HouseholdLinks(orgID, id); return },
		func() (err error) { r.Consents, err = tx.Consents(orgID, id); return },
		func() (err error) { r.Disclosures, err = tx.Disclosures(orgID, id); return },
		func() (err error) { r.Attachments, err = tx.Attachments(orgID, id); return },
		func() (err error) { r.DisclosureRequests, err = tx.DisclosureRequests(orgID, id); return },
		func() (err error) { r.Transfers, err = tx.ClientTransfers(orgID, id); return },
		func() (err error) { r.HandoverReceipts, err = tx.HandoverReceipts(orgID, id); return },
		func() (err error) { r.RetentionHold, err = tx.RetentionHold(orgID, id); return },
		func() (err error) { r.Restrictions, err = tx.Restrictions(orgID, id); return },
		func() (err error) { r.SubjectRequests, err = tx.ClientSubjectRequests(orgID, id); return },
		func() (err error) { r.AccessLog, err = accessLog(tx, orgID, id); return },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return r, err
		}
	}
	return r, nil
}

// plans loads every version of every plan of the client.
func plans(tx Tx, orgID, clientID string) ([]PlanHistory, error) {
	current, err := tx.Plans(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]PlanHistory, len(current))
	for i, c := range current {
		infos, err := tx.PlanVersions(orgID, clientID, c.PlanID)
		if err != nil {
			return nil, err
		}
		for _, info := range infos {
			v, err := tx.PlanVersion(orgID, clientID, c.PlanID, info.Number)
			if err != nil {
				return nil, err
			}
			out[i].Versions = append(out[i].Versions, v)
		}
		if out[i].FollowUps, err = tx.PlanFollowUps(orgID, clientID, c.PlanID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// accessLog is the client's access log as the report tells it: dates,
// organisations, actions and purposes, without the staff (ADR 37).
func accessLog(tx Tx, orgID, clientID string) ([]LogItem, error) {
	entries, err := tx.ClientAccessLog(orgID, clientID, AccessLogLimit)
	if err != nil {
		return nil, err
	}
	merged, err := tx.MergedFrom(orgID, clientID)
	if err != nil {
		return nil, err
	}
	own := append(merged, clientID)
	var orgs []string
	for _, e := range entries {
		if !slices.Contains(orgs, e.OrgID) {
			orgs = append(orgs, e.OrgID)
		}
	}
	names, err := tx.OrganisationNames(orgs)
	if err != nil {
		return nil, err
	}
	out := make([]LogItem, len(entries))
	for i, e := range entries {
		out[i] = LogItem{At: e.At, OrgID: e.OrgID, Organisation: names[e.OrgID], Action: e.Action, Touched: e.Touched,
			Result: e.Result, Appearance: !slices.Contains(own, e.ClientID)}
	}
	return out, nil
}

// Portability is the art. 20 copy of what the client provided
// (subject.export, as Export), logged with PurposePortability. Errors:
// those of Export.
func (s *Service) Portability(ctx context.Context, actor access.Actor, clientID string) (Provided, error) {
	var p Provided
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.SubjectExport, ClientID: clientID, Touched: "portability", Purpose: PurposePortability},
		func(tx Tx, e *audit.Entry) error {
			c, err := tx.Client(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			p = Provided{Identity: Portable(c), Generated: tx.Now()}
			if p.Background, err = tx.Background(actor.OrgID, clientID); err != nil {
				return err
			}
			p.Consents, err = tx.Consents(actor.OrgID, clientID)
			return err
		})
	if err != nil {
		return Provided{}, err
	}
	return p, nil
}
