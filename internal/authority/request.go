// Package authority is the disclosure of a client's data to another
// authority on its request (issue 14 item 3, ADR 33). An authority — the
// police, Migri, Kela, a court, the social services of another
// municipality — asks for a client's data and names the provision of law
// that gives it the right (domain.md §2.2). A caseworker with need-to-know
// or a supervisor registers the request: who asked, the provision, when
// and how it came, and which parts of the record it asks for. A
// supervisor other than the one who registered it decides (four eyes): an
// approval records the chosen parts, built from the record, as an
// immutable disclosure (package disclosure) in the same transaction; a
// refusal records its reason and discloses nothing.
//
// A request and its decision are never changed or deleted: the decision
// is a row of its own, written once.
package authority

import (
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Parts of the record an authority may ask for, as codes
// (authority.item.<code> in the UI); they are the top-level keys of the
// disclosed content. Special-category data — health and work-ability
// data and sensitive case notes — is not among them (ADR 33): notes are
// disclosed without the sensitive ones.
const (
	ItemCard          = "card"          // names, birth date, HETU, contact details, address
	ItemPermits       = "permits"       // residence permits and applications
	ItemAssessments   = "assessments"   // assessments of competence and service needs
	ItemPlans         = "plans"         // integration plans (current versions)
	ItemReferrals     = "referrals"     // referrals to services with their steps
	ItemLanguageTests = "languageTests" // language test results
	ItemPlacement     = "placement"     // reception data and municipal placement
	ItemNotes         = "notes"         // case notes that are not sensitive, with amendments
)

// Items lists the parts in display order.
var Items = []string{ItemCard, ItemPermits, ItemAssessments, ItemPlans, ItemReferrals, ItemLanguageTests, ItemPlacement, ItemNotes}

// Channels by which a request is received, as codes
// (authority.channel.<code>).
var Channels = []string{"letter", "secure-email", "email", "phone", "in-person", "other"}

// Outcomes of a decision.
const (
	Approve = "approve"
	Refuse  = "refuse"
)

// Statuses of a request, as codes (authority.status.<code>).
const (
	StatusOpen     = "open"
	StatusApproved = "approved"
	StatusRefused  = "refused"
)

// Limits of free text, in characters.
const (
	MaxRequester = 500
	MaxProvision = 300
	MaxReason    = 2000
)

// Request is an authority's request for a client's data as registered,
// with its decision once made.
type Request struct {
	ID       string
	ClientID string
	// Requester is the authority and its office or person, as free text;
	// personal, sealed with the client's key.
	Requester string
	// Provision is the provision of law the authority names
	// ("Ulkomaalaislaki 301/2004 130 §"); not personal.
	Provision    string
	Received     civil.Date
	Channel      string
	Items        []string // codes of Items, in Items order
	RegisteredBy string   // user id
	Registrar    string   // display name, else username
	CreatedAt    time.Time
	Decision     *Decision // nil while open
}

// Status is the request's status code.
func (r Request) Status() string {
	switch {
	case r.Decision == nil:
		return StatusOpen
	case r.Decision.Outcome == Approve:
		return StatusApproved
	}
	return StatusRefused
}

// Decision is the decision on a request, written once.
type Decision struct {
	ID        string
	RequestID string
	Outcome   string // Approve or Refuse
	// Reason is why (required for a refusal); personal, sealed.
	Reason       string
	DisclosureID string // the recorded disclosure of an approval; "" for a refusal
	DecidedBy    string // user id
	Decider      string // display name, else username
	CreatedAt    time.Time
}

// Input is a new request as the caller gives it.
type Input struct {
	Requester string
	Provision string
	Received  string // YYYY-MM-DD, as typed
	Channel   string
	Items     []string
}

// Normalize trims the fields and orders the items as Items, without
// duplicates.
func (in *Input) Normalize() {
	in.Requester = strings.TrimSpace(in.Requester)
	in.Provision = strings.Join(strings.Fields(in.Provision), " ")
	in.Received = strings.TrimSpace(in.Received)
	in.Channel = strings.TrimSpace(in.Channel)
	var items []string
	for _, it := range Items {
		if slices.ContainsFunc(in.Items, func(s string) bool { return strings.TrimSpace(s) == it }) {
			items = append(items, it)
		}
	}
	for _, s := range in.Items {
		if s = strings.TrimSpace(s); !slices.Contains(Items, s) && !slices.Contains(items, s) {
			items = append(items, s) // unknown: kept for Validate to refuse
		}
	}
	in.Items = items
}

// Validate checks a new request against today's date in Finland; the
// errors are translation keys on the API's field names. The provision is
// required: an authority receives data only where a law gives it the
// right, and it must name the provision.
func (in Input) Validate(today civil.Date) error {
	var v apperr.Validation
	v.Text("requester", in.Requester, MaxRequester, "authority.requester_required")
	v.Text("provision", in.Provision, MaxProvision, "authority.provision_required")
	d, err := civil.ParseDate(in.Received)
	switch {
	case in.Received == "":
		v.Add("received", "validation.required")
	case err != nil:
		v.Add("received", "validation.date")
	case d.After(today):
		v.Add("received", "validation.date_future")
	}
	if !slices.Contains(Channels, in.Channel) {
		if in.Channel == "" {
			v.Add("channel", "validation.required")
		} else {
			v.Add("channel", "validation.choice")
		}
	}
	switch {
	case len(in.Items) == 0:
		v.Add("items", "authority.items_required")
	default:
		for _, it := range in.Items {
			if !slices.Contains(Items, it) {
				v.Add("items", "validation.choice")
				break
			}
		}
	}
	return v.Err()
}

// DecisionInput is a decision as the caller gives it.
type DecisionInput struct {
	Decision string // Approve or Refuse
	Reason   string
}

// Normalize trims the fields.
func (in *DecisionInput) Normalize() {
	in.Decision = strings.TrimSpace(in.Decision)
	in.Reason = strings.TrimSpace(in.Reason)
}

// Validate checks a decision: approve or refuse, and a refusal's reason.
func (in DecisionInput) Validate() error {
	var v apperr.Validation
	switch in.Decision {
	case Approve:
		v.Text("reason", in.Reason, MaxReason, "")
	case Refuse:
		v.Text("reason", in.Reason, MaxReason, "authority.reason_required")
	case "":
		v.Add("decision", "validation.required")
	default:
		v.Add("decision", "validation.choice")
	}
	return v.Err()
}
