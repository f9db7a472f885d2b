// Package due computes what is due for a client — deadlines of the act and
// of the client's own casework that a caseworker should act on — from the
// facts of the record. It is pure: the store gathers the facts, Compute
// gives the items, the store keeps them in client_due (ADR 26).
package due

import "koto/internal/civil"

// Law is the version of the act the rules below were written from.
const Law = "681/2023"

// Kind is what is due; the API's "kind" and message key "due.kind.<kind>".
type Kind string

// Kinds of due items.
const (
	// AssessmentDue: no assessment yet and the 3-year window from the first
	// permit or registration ends.
	AssessmentDue Kind = "assessment_due"
	// PlanReview: the open plan's next review (planned, else Months after
	// the last review or the start).
	PlanReview Kind = "plan_review"
	// PlanEnding: the open plan ends.
	PlanEnding Kind = "plan_ending"
	// ReferralUnanswered: a referral sent Days ago has no answer.
	ReferralUnanswered Kind = "referral_unanswered"
	// ReferralNotSent: a referral proposed Days ago is not sent.
	ReferralNotSent Kind = "referral_not_sent"
	// PermitExpiring: the client's current permit ends.
	PermitExpiring Kind = "permit_expiring"
)

// Kinds lists every kind in a stable order (documentation, catalogs).
var Kinds = []Kind{AssessmentDue, PlanReview, PlanEnding, ReferralUnanswered, ReferralNotSent, PermitExpiring}

// Rule is one rule as data: for Kind, when the item is due (Days or
// Months after its basis, where the kind has one) and how many days
// before that it is shown (Warn).
type Rule struct {
	Kind   Kind
	Law    string
	Days   int // days after the basis date the item falls due (referrals)
	Months int // months after the basis date (plan review without a planned date)
	Warn   int // days before the due date from which the item is shown
}

// Rules are the rules of 681/2023 and of Koto's casework practice.
var Rules = []Rule{
	{Kind: AssessmentDue, Law: Law, Warn: 90},
	{Kind: PlanReview, Law: Law, Months: 6, Warn: 14},
	{Kind: PlanEnding, Law: Law, Warn: 30},
	{Kind: ReferralUnanswered, Law: Law, Days: 14},
	{Kind: ReferralNotSent, Law: Law, Days: 7},
	{Kind: PermitExpiring, Law: Law, Warn: 60},
}

// Item is one thing due for a client.
type Item struct {
	Kind  Kind
	RefID string     // the plan, referral or permit; "" for the assessment
	Due   civil.Date // the date it falls due
	From  civil.Date // the date from which it is shown (Due less the rule's Warn)
	Law   string
}
