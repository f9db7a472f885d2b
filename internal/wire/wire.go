// Package wire builds Koto's capability services over a store: the one
// list that `koto serve`, the command line and the tests share. A new
// capability is wired here — a field of Services and a line of New — and
// the web UI and the API reach it through the same value.
package wire

import (
	"koto/internal/retention"
	"time"

	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/auditlog"
	"koto/internal/auth"
	"koto/internal/authority"
	"koto/internal/blob"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/due"
	"koto/internal/gate"
	"koto/internal/handover"
	"koto/internal/natrep"
	"koto/internal/note"
	"koto/internal/org"
	"koto/internal/overview"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/restriction"
	"koto/internal/store"
	"koto/internal/subject"
	"koto/internal/subjectrequest"
	"koto/internal/timeline"
)

// Services are the capability services, each over the same store.
type Services struct {
	Auth      *auth.Service
	Orgs      *org.Service
	Clients   *client.Service
	Referrals *referral.Service // providers, the service catalogue, referrals
	Notes     *note.Service
	Consents  *consent.Service
	// Disclosures: the package to a service provider, the client's
	// disclosure log and a provider's inbox (ADR 31).
	Disclosures *disclosure.Service
	// DisclosureLogs reads the organisation-wide disclosure log.
	DisclosureLogs *disclosure.LogService
	Attachments    *attachment.Service // a client's documents, sealed in the blob store
	Authority      *authority.Service  // authorities' requests for a client's data
	Handover       *handover.Service   // integration records out and in, transfers
	Subjects       *subject.Service    // the data subject's access report and portable copy
	Plans          *plan.Service
	Assessments    *assessment.Service // backgrounds, language tests, assessments
	Placements     *placement.Service  // reception, placement, household links
	Natrep         *natrep.Service     // national repository records (decree 874/2024)
	Timeline       *timeline.Service
	Overview       *overview.Service
	Due            *due.Service // a caseworker's own clients and what is due
	// AuditLog reads the organisation-wide access log (ADR 38).
	AuditLog *auditlog.Service
	// Retention: legal holds, the retention page and its dry-run preview.
	Retention *retention.Service
	// Gate logs refusals at the routes (gate.Denied).
	Gate         gate.Store[gate.Tx]
	Restrictions *restriction.Service // restriction of processing (GDPR art. 18, ADR 40)

	// SubjectRequests: the data subject's requests (GDPR arts. 12–22,
	// ADR 39); granting an erasure request erases through the retention
	// store.
	SubjectRequests *subjectrequest.Service
}

// Options are what a deployment chooses.
type Options struct {
	Auth               auth.Policy   // e.g. auth.DefaultPolicy
	Client             client.Policy // e.g. client.DefaultPolicy
	Blobs              blob.Store    // the attachments' store (required for attachments)
	AttachmentMaxBytes int64         // zero: attachment.DefaultMaxBytes
	// RetentionRules are the configured retention rules (the preview's);
	// nil: the built-in rules.
	RetentionRules *retention.Rules
}

// New builds every service over db.
func New(db *store.DB, o Options) Services {
	if o.AttachmentMaxBytes == 0 {
		o.AttachmentMaxBytes = attachment.DefaultMaxBytes
	}
	return Services{
		Auth:           auth.NewService(db.Auth(), o.Auth, store.NewID, time.Now),
		Orgs:           org.NewService(db.Orgs(), store.NewID),
		Clients:        client.NewService(db.Clients(), store.NewID, o.Client),
		Referrals:      referral.NewService(db.Referrals(), store.NewID),
		Notes:          note.NewService(db.Notes(), store.NewID),
		Consents:       consent.NewService(db.Consents(), store.NewID),
		Disclosures:    disclosure.NewService(db.ProviderDisclosures(), store.NewID),
		DisclosureLogs: disclosure.NewLogService(db.DisclosureLog()),
		Attachments:    attachment.NewService(db.Attachments(), o.Blobs, store.NewID, o.AttachmentMaxBytes),
		Authority:      authority.NewService(db.AuthorityRequests(), store.NewID),
		Handover:       handover.NewService(db.Handover(), store.NewID),
		Subjects:       subject.NewService(db.Subjects()),
		Plans:          plan.NewService(db.Plans(), store.NewID),
		Assessments:    assessment.NewService(db.Assessments(), store.NewID),
		Placements:     placement.NewService(db.Placements(), store.NewID),
		Natrep:         natrep.NewService(db.Natrep(), store.NewID),
		Timeline:       timeline.NewService(db.Timeline()),
		Overview:       overview.NewService(db.Overview()),
		Due:            due.NewService(db.Due()),
		Restrictions:   restriction.NewService(db.Restrictions(), store.NewID),
		AuditLog:       auditlog.NewService(db.AuditLog()),
		Retention:      retention.NewService(db.RetentionPages(), retentionEngine(db, o.RetentionRules)),
		Gate:           store.Gate[gate.Tx](db),

		SubjectRequests: subjectrequest.NewService(db.SubjectRequests(), db.Retention().WithBlobs(o.Blobs), store.NewID),
	}
}

// retentionEngine builds the engine a preview runs: a dry run never
// archives or deletes, so the rules and the store are all it needs.
func retentionEngine(db *store.DB, rules *retention.Rules) func() (*retention.Engine, error) {
	return func() (*retention.Engine, error) {
		r := retention.Default()
		if rules != nil {
			r = *rules
		}
		return &retention.Engine{Rules: r, Store: db.Retention()}, nil
	}
}
