// Package referral holds service providers' services — the national list
// every organisation has and each organisation's own catalogue — and the
// referrals of a client to a provider's service with their lifecycle
// (proposed → sent → accepted / rejected → started → interrupted /
// completed). A referral carries no personal data to the provider: it is
// the organisation's own record of what it asked for (disclosure to the
// provider is a separate capability).
package referral

import (
	"slices"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Status is a step of a referral's lifecycle.
type Status string

const (
	Proposed    Status = "proposed"
	Sent        Status = "sent"
	Accepted    Status = "accepted"
	Rejected    Status = "rejected"
	Started     Status = "started"
	Interrupted Status = "interrupted"
	Completed   Status = "completed"
)

// Statuses in lifecycle order.
var Statuses = []Status{Proposed, Sent, Accepted, Rejected, Started, Interrupted, Completed}

// Transitions is the lifecycle: the steps allowed after each status. A
// status without entries is final.
var Transitions = map[Status][]Status{
	Proposed: {Sent},
	Sent:     {Accepted, Rejected},
	Accepted: {Started},
	Started:  {Interrupted, Completed},
}

// NeedsReason lists the steps that must say why.
var NeedsReason = []Status{Rejected, Interrupted}

// ValidStatus reports whether s is a known status.
func ValidStatus(s Status) bool { return slices.Contains(Statuses, s) }

// Next returns the steps allowed after s.
func Next(s Status) []Status { return Transitions[s] }

// MaxReason bounds a step's reason (characters).
const MaxReason = 2000

// CheckStep validates the step to next on date with reason after the
// previous step (status prev on prevDate): the step must be in
// Transitions, a reason is required for NeedsReason steps, and the date
// may not be before the previous step's. Errors are Invalid on the API's
// fields status, date and reason.
func CheckStep(prev Status, prevDate civil.Date, next Status, date civil.Date, reason string) error {
	var v apperr.Validation
	switch {
	case !ValidStatus(next):
		v.Add("status", "validation.choice")
	case !slices.Contains(Transitions[prev], next):
		v.Add("status", "referral.step_impossible")
	}
	if date.IsZero() || !date.IsValid() {
		v.Add("date", "validation.date")
	} else if !prevDate.IsZero() && date.Before(prevDate) {
		v.Add("date", "referral.date_before_previous")
	}
	if slices.Contains(NeedsReason, next) && reason == "" {
		v.Add("reason", "validation.required")
	}
	if len([]rune(reason)) > MaxReason {
		v.Add("reason", "validation.too_long", MaxReason)
	}
	return v.Err()
}
