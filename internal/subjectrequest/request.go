// Package subjectrequest is the data subject's requests under GDPR arts.
// 12–22 (issue 15 item 2, ADR 39): access, rectification, erasure,
// restriction, portability, objection and withdrawal of consent. The
// data-protection officer registers a request as it arrives (date and
// channel), verifies the requester's identity, may extend the deadline
// once the client has been told why, routes an objection to a handler,
// and decides. The rules of the deadline (one month, at most two more)
// and of the order (no decision before the identity is verified) live
// here; the package knows no HTTP and no SQL.
package subjectrequest

import (
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Kinds of request, as codes (subjectrequest.kind.<code> in the UI).
const (
	KindAccess            = "access"             // art. 15
	KindRectification     = "rectification"      // art. 16
	KindErasure           = "erasure"            // art. 17
	KindRestriction       = "restriction"        // art. 18
	KindPortability       = "portability"        // art. 20
	KindObjection         = "objection"          // art. 21
	KindConsentWithdrawal = "consent_withdrawal" // art. 7(3)
)

// Kinds lists the kinds in display order.
var Kinds = []string{KindAccess, KindRectification, KindErasure, KindRestriction, KindPortability, KindObjection, KindConsentWithdrawal}

// Channels by which a request arrives (subjectrequest.channel.<code>).
var Channels = []string{"letter", "email", "in_person", "e_service", "phone"}

// IdentityMethods are how the requester's identity was verified
// (subjectrequest.identity.<code>).
var IdentityMethods = []string{"id_document", "strong_auth", "known_in_person", "other"}

// Languages of the response letter.
var Languages = []string{"fi", "sv", "en"}

// Statuses (subjectrequest.status.<code>).
const (
	StatusReceived   = "received"
	StatusInProgress = "in_progress"
	StatusCompleted  = "completed"
	StatusRefused    = "refused"
	StatusWithdrawn  = "withdrawn"
)

// Statuses lists the statuses in display order.
var Statuses = []string{StatusReceived, StatusInProgress, StatusCompleted, StatusRefused, StatusWithdrawn}

// Decisions (subjectrequest.decision.<code>).
const (
	Granted       = "granted"
	PartlyGranted = "partly_granted"
	Refused       = "refused"
)

// Decisions lists the decisions in display order.
var Decisions = []string{Granted, PartlyGranted, Refused}

// Limits of free text, in characters.
const (
	MaxDetails = 4000
	MaxReason  = 4000
)

// Request is a data subject's request with what has been done about it.
type Request struct {
	ID       string
	OrgID    string
	ClientID string // "" for the kept record of an erased client (Kept)
	Kind     string
	Channel  string
	Received civil.Date
	// Due is received + 1 month (art. 12(3)); Extended, when set, the
	// extended deadline (at most received + 3 months).
	Due      civil.Date
	Extended civil.Date
	// ExtensionReason (sealed) and Informed, the day the client was told
	// of the extension and its reasons (within the first month).
	ExtensionReason string
	Informed        civil.Date
	// Details is what the person asked (sealed): the data to rectify, the
	// processing objected to, the consent withdrawn.
	Details  string
	Language string // of the response letter: fi, sv, en
	// Identity: how, by whom and when the requester's identity was verified.
	IdentityMethod string
	IdentityBy     string // user id
	IdentityByName string
	IdentityAt     time.Time // zero: not verified
	// Handler is the user an objection is routed to ("" none).
	HandlerID, HandlerName string
	Status                 string
	Decision               string
	// Reason is the decision's reasons (sealed); Outcome what was done —
	// what was corrected, the outcome of an objection (sealed).
	Reason, Outcome string
	DecidedBy       string
	DecidedByName   string
	DecidedAt       time.Time
	DeliveredAt     time.Time // the access report or copy handed over; zero: not yet
	RegisteredBy    string
	RegistrarName   string
	CreatedAt       time.Time
	ClientName      string // for lists; "" when not read
	// Kept: the client was erased; what remains is the non-personal
	// record (kind, dates, decision) that shows the request was handled.
	Kept bool
}

// DueDate is the one-month deadline of a request received on received:
// the same day number a month later, else that month's last day.
func DueDate(received civil.Date) civil.Date { return received.AddMonths(1) }

// MaxDue is the latest extended deadline: received + 3 months (art. 12(3):
// a further two months).
func MaxDue(received civil.Date) civil.Date { return received.AddMonths(3) }

// Deadline is the request's current deadline: the extended one if any.
func (r Request) Deadline() civil.Date {
	if !r.Extended.IsZero() {
		return r.Extended
	}
	return r.Due
}

// Open reports whether the request is still to be answered.
func (r Request) Open() bool {
	return r.Status == StatusReceived || r.Status == StatusInProgress
}

// Overdue reports whether an open request's deadline is before today.
func (r Request) Overdue(today civil.Date) bool {
	return r.Open() && r.Deadline().Before(today)
}

// Verified reports whether the requester's identity has been verified.
func (r Request) Verified() bool { return !r.IdentityAt.IsZero() }

// Input is a new request as the caller gives it.
type Input struct {
	Kind, Channel, Received, Details, Language string
}

// Normalize trims the fields.
func (in *Input) Normalize() {
	in.Kind = strings.TrimSpace(in.Kind)
	in.Channel = strings.TrimSpace(in.Channel)
	in.Received = strings.TrimSpace(in.Received)
	in.Details = strings.TrimSpace(in.Details)
	in.Language = strings.TrimSpace(in.Language)
}

// Validate checks a new request against today in Finland; the errors are
// translation keys on the API's field names.
func (in Input) Validate(today civil.Date) error {
	var v apperr.Validation
	choice(&v, "kind", in.Kind, Kinds)
	choice(&v, "channel", in.Channel, Channels)
	date(&v, "received", in.Received, today, true)
	if in.Language != "" {
		choice(&v, "language", in.Language, Languages)
	}
	v.Text("details", in.Details, MaxDetails, "")
	return v.Err()
}

// New builds the request of a valid in; language is the letter's
// language when in names none.
func (in Input) New(id, orgID, clientID, language string) Request {
	received, _ := civil.ParseDate(in.Received)
	if in.Language != "" {
		language = in.Language
	}
	if !slices.Contains(Languages, language) {
		language = "fi"
	}
	return Request{ID: id, OrgID: orgID, ClientID: clientID, Kind: in.Kind, Channel: in.Channel, Received: received,
		Due: DueDate(received), Details: in.Details, Language: language, Status: StatusReceived}
}

// ErrClosed refuses a change to a request that is decided or withdrawn.
func ErrClosed() error { return apperr.New(apperr.Conflict, "subjectrequest.closed") }

// ErrIdentityFirst refuses a decision before the identity is verified.
func ErrIdentityFirst() error { return apperr.New(apperr.Conflict, "subjectrequest.identity_first") }

// Verify records the verification of the requester's identity by method
// on at by user (id, name); the request is then in progress.
func (r *Request) Verify(method, userID, userName string, at time.Time) error {
	if !r.Open() {
		return ErrClosed()
	}
	var v apperr.Validation
	choice(&v, "method", strings.TrimSpace(method), IdentityMethods)
	if err := v.Err(); err != nil {
		return err
	}
	r.IdentityMethod, r.IdentityBy, r.IdentityByName, r.IdentityAt = strings.TrimSpace(method), userID, userName, at
	r.Status = StatusInProgress
	return nil
}

// ExtensionInput is an extension as the caller gives it.
type ExtensionInput struct {
	Until, Reason, Informed string
}

// Extend sets the extended deadline: after the first deadline and at most
// received + 3 months, with the reasons and the day the client was
// informed, which must be within the first month (art. 12(3)) and not in
// the future.
func (r *Request) Extend(in ExtensionInput, today civil.Date) error {
	if !r.Open() {
		return ErrClosed()
	}
	in.Until, in.Reason, in.Informed = strings.TrimSpace(in.Until), strings.TrimSpace(in.Reason), strings.TrimSpace(in.Informed)
	var v apperr.Validation
	until, err := civil.ParseDate(in.Until)
	switch {
	case in.Until == "":
		v.Add("until", "validation.required")
	case err != nil:
		v.Add("until", "validation.date")
	case !until.After(r.Due):
		v.Add("until", "subjectrequest.extend.after_due")
	case until.After(MaxDue(r.Received)):
		v.Add("until", "subjectrequest.extend.max", MaxDue(r.Received).String())
	}
	v.Text("reason", in.Reason, MaxReason, "subjectrequest.extend.reason_required")
	informed, err := civil.ParseDate(in.Informed)
	switch {
	case in.Informed == "":
		v.Add("informed", "subjectrequest.extend.informed_required")
	case err != nil:
		v.Add("informed", "validation.date")
	case informed.After(today):
		v.Add("informed", "validation.date_future")
	case informed.Before(r.Received) || informed.After(r.Due):
		v.Add("informed", "subjectrequest.extend.informed_in_time", r.Due.String())
	}
	if err := v.Err(); err != nil {
		return err
	}
	r.Extended, r.ExtensionReason, r.Informed = until, in.Reason, informed
	return nil
}

// DecisionInput is a decision as the caller gives it.
type DecisionInput struct {
	Decision string
	Reason   string
	Outcome  string // what was done (corrected, the objection's outcome)
}

// Decide records the decision: only an open request whose requester's
// identity is verified; a refusal or a partial grant needs its reasons.
// A grant completes the request, a refusal refuses it.
func (r *Request) Decide(in DecisionInput, userID, userName string, at time.Time) error {
	if !r.Open() {
		return ErrClosed()
	}
	if !r.Verified() {
		return ErrIdentityFirst()
	}
	in.Decision, in.Reason, in.Outcome = strings.TrimSpace(in.Decision), strings.TrimSpace(in.Reason), strings.TrimSpace(in.Outcome)
	var v apperr.Validation
	choice(&v, "decision", in.Decision, Decisions)
	required := ""
	if in.Decision == Refused || in.Decision == PartlyGranted {
		required = "subjectrequest.reason_required"
	}
	v.Text("reason", in.Reason, MaxReason, required)
	v.Text("outcome", in.Outcome, MaxReason, "")
	if err := v.Err(); err != nil {
		return err
	}
	r.Decision, r.Reason, r.Outcome, r.DecidedBy, r.DecidedByName, r.DecidedAt = in.Decision, in.Reason, in.Outcome, userID, userName, at
	r.Status = StatusCompleted
	if in.Decision == Refused {
		r.Status = StatusRefused
	}
	return nil
}

// Withdraw records that the client withdrew the request.
func (r *Request) Withdraw(at time.Time) error {
	if !r.Open() {
		return ErrClosed()
	}
	r.Status, r.DecidedAt = StatusWithdrawn, at
	return nil
}

// Deliver records that the access report or the portable copy was handed
// over (access and portability requests, identity verified).
func (r *Request) Deliver(at time.Time) error {
	if r.Kind != KindAccess && r.Kind != KindPortability {
		return apperr.New(apperr.Conflict, "subjectrequest.deliver_kind")
	}
	if !r.Verified() {
		return ErrIdentityFirst()
	}
	if r.Status == StatusRefused || r.Status == StatusWithdrawn {
		return ErrClosed()
	}
	r.DeliveredAt = at
	return nil
}

// Route sets the handler of an objection (a supervisor or the client's
// responsible caseworker; the service checks who may be one).
func (r *Request) Route(userID, userName string) error {
	if !r.Open() {
		return ErrClosed()
	}
	if r.Kind != KindObjection {
		return apperr.New(apperr.Conflict, "subjectrequest.route_kind")
	}
	r.HandlerID, r.HandlerName = userID, userName
	r.Status = StatusInProgress
	return nil
}

// MayErase checks that r allows erasing its client: an open, verified
// erasure request of that client.
func (r Request) MayErase(clientID string) error {
	switch {
	case r.Kind != KindErasure || r.ClientID != clientID:
		return apperr.New(apperr.Conflict, "subjectrequest.erase_kind")
	case !r.Open():
		return ErrClosed()
	case !r.Verified():
		return ErrIdentityFirst()
	}
	return nil
}

// Filter selects requests of an organisation-wide list.
type Filter struct {
	Status string // a status, "open" (received or in progress), or "" all
	Kind   string
}

// Match reports whether r passes f.
func (f Filter) Match(r Request) bool {
	switch {
	case f.Kind != "" && r.Kind != f.Kind:
		return false
	case f.Status == "open":
		return r.Open()
	case f.Status != "" && r.Status != f.Status:
		return false
	}
	return true
}

func choice(v *apperr.Validation, field, s string, allowed []string) {
	switch {
	case s == "":
		v.Add(field, "validation.required")
	case !slices.Contains(allowed, s):
		v.Add(field, "validation.choice")
	}
}

func date(v *apperr.Validation, field, s string, today civil.Date, required bool) {
	d, err := civil.ParseDate(s)
	switch {
	case s == "" && required:
		v.Add(field, "validation.required")
	case s == "":
	case err != nil:
		v.Add(field, "validation.date")
	case d.After(today):
		v.Add(field, "validation.date_future")
	}
}
