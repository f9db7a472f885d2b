package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/client"
)

// Need-to-know: a caseworker opens only the clients they are responsible
// for (or whose team they belong to). Any other client of the organisation
// answers 403 of type reason-required until the caller states a reason for
// access, which opens it for client.ReasonDuration and lands in the
// supervisors' review queue. Supervisors assign responsible caseworkers.

// reasonInput is the body of POST /clients/{id}/access-reasons.
type reasonInput struct {
	ReasonCode string `json:"reasonCode"`
	Text       string `json:"text"`
}

// reasonJSON is a stated reason for access (schema AccessReason).
type reasonJSON struct {
	ID         string    `json:"id"`
	ClientID   string    `json:"clientId"`
	ReasonCode string    `json:"reasonCode"`
	Text       string    `json:"text"`
	CreatedAt  time.Time `json:"createdAt"`
	ExpiresAt  time.Time `json:"expiresAt"`
}

// reviewItemJSON is a row of the review queue (schema AccessReasonReview):
// the reason with who gave it, for which client, and its review state.
type reviewItemJSON struct {
	Kind string `json:"kind"` // "reason" or "self_assignment"
	reasonJSON
	UserID     string     `json:"userId"`
	Username   string     `json:"username"`
	ClientName string     `json:"clientName"`
	ReviewedAt *time.Time `json:"reviewedAt"`
	ReviewedBy *string    `json:"reviewedBy"`
}

// assignmentJSON is a responsible caseworker of a client (schema Assignment).
type assignmentJSON struct {
	UserID     string    `json:"userId"`
	Username   string    `json:"username"`
	AssignedAt time.Time `json:"assignedAt"`
}

func reasonOut(r client.AccessReason) reasonJSON {
	return reasonJSON{ID: r.ID, ClientID: r.ClientID, ReasonCode: r.Code, Text: r.Text,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC()}
}

// giveReason states a reason for access: 201 with the reason, whose
// expiresAt says until when the client is open to the caller.
func (a *API) giveReason(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in reasonInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	reason, err := a.Clients.GiveReason(r.Context(), actor, r.PathValue("id"), in.ReasonCode, in.Text)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, reasonOut(reason))
	return nil
}

// reviewQueue lists the organisation's stated reasons for supervisors:
// unreviewed ones only, or with ?all=true also the reviewed ones.
func (a *API) reviewQueue(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	var all bool
	switch r.URL.Query().Get("all") {
	case "", "false":
	case "true":
		all = true
	default:
		return badRequest("api.query_param", "all")
	}
	reasons, err := a.Clients.ReviewQueue(r.Context(), actor, all)
	if err != nil {
		return err
	}
	out := make([]reviewItemJSON, len(reasons))
	for i, rs := range reasons {
		out[i] = reviewItemJSON{Kind: rs.Kind, reasonJSON: reasonOut(rs), UserID: rs.UserID, Username: rs.Username, ClientName: rs.ClientName}
		if rs.ReviewedAt != nil {
			at, by := rs.ReviewedAt.UTC(), rs.ReviewedBy
			out[i].ReviewedAt, out[i].ReviewedBy = &at, &by
		}
	}
	writeJSON(w, http.StatusOK, itemsJSON[reviewItemJSON]{Items: out})
	return nil
}

// markReviewed marks a review item as reviewed: 204. Marking it again
// changes nothing; the item's own author is refused (403).
func (a *API) markReviewed(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if err := a.Clients.MarkReviewed(r.Context(), actor, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// assignments lists a client's responsible caseworkers; whoever may open
// the client may see them.
func (a *API) assignments(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	as, err := a.Clients.Assignments(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]assignmentJSON, len(as))
	for i, x := range as {
		out[i] = assignmentJSON{UserID: x.UserID, Username: x.Username, AssignedAt: x.AssignedAt.UTC()}
	}
	writeJSON(w, http.StatusOK, itemsJSON[assignmentJSON]{Items: out})
	return nil
}

// assign (PUT) makes a user a responsible caseworker; unassign (DELETE)
// removes them. Both are idempotent and answer 204.
func (a *API) assign(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.setAssignment(w, r, actor, true)
}

func (a *API) unassign(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.setAssignment(w, r, actor, false)
}

func (a *API) setAssignment(w http.ResponseWriter, r *http.Request, actor access.Actor, assign bool) error {
	if err := a.Clients.Assign(r.Context(), actor, r.PathValue("id"), r.PathValue("userId"), assign); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
