// Package subject is the data subject's rights to their own data (issue 15
// items 3 and 4): the access report of GDPR art. 15 — everything Koto
// holds about a person, in one logged read — and the portable copy of
// art. 20 of what the person provided.
//
// Completeness is a property of the schema, not of this file's memory:
// Tables maps every database table that refers to a client to the report
// key that carries its rows, and Excluded names, with a reason, the tables
// that hold no personal data of the client. A store test walks the live
// schema on both engines and fails when a table is in neither (ADR 37).
package subject

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/audit"
	"koto/internal/authority"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/handover"
	"koto/internal/note"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/restriction"
	"koto/internal/retention"
	"koto/internal/subjectrequest"
)

// Purpose is the purpose the access log records for a report: the data
// subject's right of access (GDPR art. 15) or to data portability (art. 20).
const (
	PurposeAccess      = "data_subject_access"
	PurposePortability = "data_subject_portability"
)

// Report is the art. 15 access report: every record Koto holds about the
// client, sealed fields opened. Sensitive notes and special-category data
// are included: the report is the data subject's own.
type Report struct {
	Client        client.Client      // identity, contacts, permits (Client.Permits)
	Sensitive     []client.Sensitive // special-category data, every saved version, oldest first
	History       []client.Change    // the change history of the client's details, newest first
	Assignments   []client.Assignment
	TeamID        string   // the client's team, "" for none
	MergedFrom    []string // ids of duplicate records merged into the client
	Notes         []note.Note
	Plans         []PlanHistory
	Assessments   []assessment.Assessment
	Background    assessment.Background
	LanguageTests []assessment.LanguageTest
	Referrals     []referral.Referral  // with their events
	Placement     *placement.Placement // nil when nothing is recorded
	Household     []placement.Link
	Consents      []consent.Consent
	Disclosures   []disclosure.Disclosure // the disclosure log, without content
	// Attachments are the attachments' metadata (category, title,
	// description, type, size, date) — not their content, which the DPO
	// hands over as files on request (ADR 37).
	Attachments []attachment.Attachment
	// DisclosureRequests are the authorities' requests with their
	// decisions, newest first.
	DisclosureRequests []authority.Request
	Transfers          []handover.Transfer // transfers between municipalities, either way
	HandoverReceipts   []handover.Receipt  // hand-over documents received into the record
	RetentionHold      *retention.Hold     // the legal hold on erasure; nil for none
	// Restrictions are the restrictions of processing (GDPR art. 18),
	// newest first, lifted ones included.
	Restrictions    []restriction.Restriction
	AccessLog       []LogItem
	Generated       time.Time
	SubjectRequests []subjectrequest.Request
}

// PlanHistory is one integration plan with every saved version, oldest
// first, and its follow-up entries.
type PlanHistory struct {
	Versions  []plan.Version
	FollowUps []plan.FollowUp
}

// LogItem is one use of the client's data as the report tells it: when,
// by which organisation, what and why — not by whom (ADR 37: staff
// identities only on a reasoned request, CJEU C-579/21).
type LogItem struct {
	At           time.Time
	OrgID        string
	Organisation string // the organisation's name
	Action       string
	Touched      string // the parts of the record and the purpose; never content
	Result       audit.Result
	Appearance   bool // the client was shown in the answer of a search or list
}

// Provided is the art. 20 portable copy: the data the person provided
// themselves, where processing rests on their consent (ADR 37): identity
// and contacts as given, languages, background (education, work,
// languages they reported), and the consents they gave.
type Provided struct {
	Identity   client.Client // identity and contact fields only (Portable clears the rest)
	Background assessment.Background
	Consents   []consent.Consent
	Generated  time.Time
}

// Tables maps each database table that refers to a client (a client_id
// column, a foreign key to clients, other_id, survivor_id, merged_id) to
// the key of the JSON report that carries its rows. The schema-walk test
// (internal/store) fails when a table is neither here nor in Excluded.
var Tables = map[string]string{
	"clients":                      "client",
	"permits":                      "permits",
	"client_sensitive_versions":    "sensitive",
	"client_changes":               "history",
	"client_assignments":           "assignments",
	"client_merges":                "mergedRecords",
	"notes":                        "notes",
	"note_amendments":              "notes",
	"plans":                        "plans",
	"plan_versions":                "plans",
	"plan_follow_ups":              "plans",
	"assessments":                  "assessments",
	"client_backgrounds":           "background",
	"language_tests":               "languageTests",
	"referrals":                    "referrals",
	"referral_events":              "referrals",
	"client_placements":            "placement",
	"household_links":              "householdLinks",
	"consents":                     "consents",
	"consent_withdrawals":          "consents",
	"disclosures":                  "disclosures",
	"attachments":                  "attachments",
	"disclosure_requests":          "disclosureRequests",
	"disclosure_request_decisions": "disclosureRequests",
	"client_transfers":             "transfers",
	"handover_receipts":            "handoverReceipts",
	"retention_holds":              "retentionHold",
	"client_restrictions":          "restrictions",
	"subject_requests":             "subjectRequests",
	"audit_entries":                "accessLog",
	// A stated reason opens the client to one user for a while; every use
	// it opened is in the access log, marked by_reason.
	"access_reasons": "accessLog",
}

// Excluded are the tables that refer to a client but hold no personal
// data of the client to report, each with the reason.
var Excluded = map[string]string{
	"client_keys":        "the client's wrapped data key: key material, not data about the person",
	"client_search_keys": "keyed (HMAC) name-search tokens derived from the names in `client`; no information of their own",
	"client_due":         "derived reminders recomputed from plans, assessments and referrals, which the report holds",
	"client_due_dirty":   "a recompute marker of client_due: a sequence number and a time, nothing about the person",
}

// Portable returns c with only the fields the person provides: names,
// birth data, languages, citizenships, address and contacts. Permits,
// service dates and codes the authorities decide are left out.
func Portable(c client.Client) client.Client {
	return client.Client{
		ID: c.ID, KotoID: c.KotoID, Details: client.Details{
			FirstNames: c.FirstNames, LastName: c.LastName, PreviousNames: c.PreviousNames,
			BirthDate: c.BirthDate, BirthPlace: c.BirthPlace, Sex: c.Sex, HETU: c.HETU,
			MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage,
			InterpreterNeeded: c.InterpreterNeeded, InterpreterLanguage: c.InterpreterLanguage,
			Citizenships: c.Citizenships, Stateless: c.Stateless, Nationality: c.Nationality,
			Address: c.Address, Phone: c.Phone, Email: c.Email,
		},
	}
}
