package api

import (
	"time"

	"koto/internal/civil"
	"koto/internal/subjectrequest"
)

// subjectRequestJSON is a data subject's request on the wire (schema
// SubjectRequest). clientId is absent on the kept record of an erased
// client (kept: true), which holds no text either.
type subjectRequestJSON struct {
	ID              string      `json:"id"`
	ClientID        string      `json:"clientId,omitempty"`
	Kind            string      `json:"kind"`
	Channel         string      `json:"channel"`
	Received        civil.Date  `json:"received"`
	Due             civil.Date  `json:"due"`
	Extended        *civil.Date `json:"extendedDue,omitempty"`
	ExtensionReason string      `json:"extensionReason,omitempty"`
	Informed        *civil.Date `json:"clientInformed,omitempty"`
	Overdue         bool        `json:"overdue"`
	Details         string      `json:"details,omitempty"`
	Language        string      `json:"language,omitempty"`
	IdentityMethod  string      `json:"identityMethod,omitempty"`
	IdentityAt      *time.Time  `json:"identityVerifiedAt,omitempty"`
	IdentityBy      string      `json:"identityVerifiedBy,omitempty"`
	Handler         string      `json:"handler,omitempty"`
	Status          string      `json:"status"`
	Decision        string      `json:"decision,omitempty"`
	Reason          string      `json:"reason,omitempty"`
	Outcome         string      `json:"outcome,omitempty"`
	DecidedAt       *time.Time  `json:"decidedAt,omitempty"`
	DeliveredAt     *time.Time  `json:"deliveredAt,omitempty"`
	CreatedAt       time.Time   `json:"createdAt"`
	Kept            bool        `json:"kept"`
}

func subjectRequestOut(r subjectrequest.Request) subjectRequestJSON {
	j := subjectRequestJSON{ID: r.ID, ClientID: r.ClientID, Kind: r.Kind, Channel: r.Channel, Received: r.Received, Due: r.Due,
		ExtensionReason: r.ExtensionReason, Overdue: r.Overdue(subjectrequest.Today(time.Now())), Details: r.Details,
		Language: r.Language, IdentityMethod: r.IdentityMethod, IdentityBy: r.IdentityByName, Handler: r.HandlerName,
		Status: r.Status, Decision: r.Decision, Reason: r.Reason, Outcome: r.Outcome, CreatedAt: r.CreatedAt.UTC(), Kept: r.Kept}
	if !r.Extended.IsZero() {
		d := r.Extended
		j.Extended = &d
	}
	if !r.Informed.IsZero() {
		d := r.Informed
		j.Informed = &d
	}
	at := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		u := t.UTC()
		return &u
	}
	j.IdentityAt, j.DecidedAt, j.DeliveredAt = at(r.IdentityAt), at(r.DecidedAt), at(r.DeliveredAt)
	return j
}

// subjectRequestList is a list of requests (schema SubjectRequestList).
type subjectRequestList struct {
	Items []subjectRequestJSON `json:"items"`
}

func subjectRequestsOut(rs []subjectrequest.Request) []subjectRequestJSON {
	out := []subjectRequestJSON{}
	for _, r := range rs {
		out = append(out, subjectRequestOut(r))
	}
	return out
}

// subjectRequestInput is a new request (schema SubjectRequestInput).
type subjectRequestInput struct {
	Kind     *string `json:"kind"`
	Channel  *string `json:"channel"`
	Received *string `json:"received"`
	Details  *string `json:"details"`
	Language *string `json:"language"`
}

// subjectRequestAction is the body of an action on a request (schema
// SubjectRequestAction): the fields the action reads.
type subjectRequestAction struct {
	Method   *string `json:"method"`   // identity
	Until    *string `json:"until"`    // extension
	Reason   *string `json:"reason"`   // extension, decision
	Informed *string `json:"informed"` // extension
	Handler  *string `json:"handler"`  // handler (a user id)
	Decision *string `json:"decision"` // decision
	Outcome  *string `json:"outcome"`  // decision
}
