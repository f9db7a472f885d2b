// Package restriction is the restriction of processing of a client (GDPR
// art. 18, issue 15 item 5, ADR 40). When the client contests the accuracy
// of the data, objects to their processing, asks for the data to be kept
// for a legal claim, or the processing is unlawful but the client wants
// the data kept, the data-protection officer restricts the processing: the
// data are kept and can be read (every read logged), but the gate refuses
// every action that changes, processes or discloses the record
// (access.Rule.Changes) to everyone but the data-protection officer, on
// every path (web, API, CLI). Every client page shows a banner while a
// restriction is active.
//
// A restriction is placed once and lifted once; lifted ones stay as the
// history. At most one is active per client.
package restriction

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/apperr"
)

// Grounds of a restriction (GDPR art. 18(1) a–d), as codes
// (restriction.ground.<code> in the UI).
const (
	GroundAccuracy  = "accuracy_contested" // a: the accuracy is contested, for the time needed to check it
	GroundUnlawful  = "unlawful"           // b: unlawful processing, the client asks for restriction instead of erasure
	GroundLegal     = "legal_claims"       // c: the client needs the data for legal claims
	GroundObjection = "objection_pending"  // d: an objection (art. 21) is being weighed
)

// Grounds lists the grounds in display order.
var Grounds = []string{GroundAccuracy, GroundUnlawful, GroundLegal, GroundObjection}

// MaxReason is the longest reason accepted, in characters.
const MaxReason = 2000

// Restriction is one restriction of a client's processing.
type Restriction struct {
	ID       string
	ClientID string
	Ground   string
	Reason   string // sealed with the client's key in the store
	// RequestRef is the data-subject request it answers, as a plain
	// reference ("" when none).
	RequestRef string
	PlacedBy   string // user id
	Placer     string // username
	PlacedAt   time.Time
	// Lifted: zero LiftedAt while the restriction is active.
	LiftedBy   string
	Lifter     string
	LiftedAt   time.Time
	LiftReason string
}

// Active reports whether the restriction has not been lifted.
func (r Restriction) Active() bool { return r.LiftedAt.IsZero() }

// Status is what every user who may open the client sees: whether its
// processing is restricted and since when.
type Status struct {
	Restricted bool
	Since      time.Time
}

// PlaceInput is the form of a new restriction.
type PlaceInput struct {
	Ground     string
	Reason     string
	RequestRef string
}

// Normalize trims the fields.
func (in *PlaceInput) Normalize() {
	in.Ground = strings.TrimSpace(in.Ground)
	in.Reason = strings.TrimSpace(in.Reason)
	in.RequestRef = strings.TrimSpace(in.RequestRef)
}

// Validate checks the input; the errors carry translation keys on the
// fields ground, reason and requestId.
func (in PlaceInput) Validate() error {
	var v apperr.Validation
	if !slices.Contains(Grounds, in.Ground) {
		v.Add("ground", "restriction.ground_invalid")
	}
	validReason(&v, in.Reason)
	if utf8.RuneCountInString(in.RequestRef) > 100 || strings.ContainsAny(in.RequestRef, "\r\n\t") {
		v.Add("requestId", "restriction.request_invalid")
	}
	return v.Err()
}

// ValidateLift checks the reason of a lifting (field reason).
func ValidateLift(reason string) error {
	var v apperr.Validation
	validReason(&v, strings.TrimSpace(reason))
	return v.Err()
}

func validReason(v *apperr.Validation, s string) {
	switch n := utf8.RuneCountInString(s); {
	case n == 0:
		v.Add("reason", "restriction.reason_required")
	case n > MaxReason:
		v.Add("reason", "restriction.reason_too_long", MaxReason)
	}
}
