package client

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// ReasonDuration is how long a stated reason keeps a client open.
const ReasonDuration = 8 * time.Hour

// Bounds of a stated reason's free text: long enough to say what the case
// is, which a one-character reason does not.
const (
	MinReasonText = 20
	MaxReasonText = 1000
)

// ReasonCodes a caseworker chooses from when opening a client that is not
// theirs. Free text explains the case.
var ReasonCodes = []string{"substitute", "client_contact", "service_coordination", "supervisor_request", "other"}

// Kinds of review items: every access that rests on the user's own word
// is reviewed by someone else.
const (
	KindReason         = "reason"          // a stated reason for access
	KindSelfAssignment = "self_assignment" // a supervisor made themselves responsible
)

// NeedToKnowTx is what need-to-know needs inside a transaction.
type NeedToKnowTx interface {
	IsColleague(orgID, userID string) (bool, error)
	Assign(orgID, clientID, userID, by string, at time.Time) error
	Unassign(orgID, clientID, userID string) error
	Assignments(orgID, clientID string) ([]Assignment, error)
	Colleagues(orgID string) ([]Colleague, error)
	Teams(orgID string) ([]Team, error)
	InsertTeam(orgID, id, name string, at time.Time) error
	TeamExists(orgID, teamID string) error
	SetTeamMember(orgID, teamID, userID string, member bool) error
	SetClientTeam(orgID, clientID, teamID string) error
	// ClientTeam is the id of the client's team, "" when it has none.
	ClientTeam(orgID, clientID string) (string, error)
	InsertAccessReason(orgID string, r *AccessReason) error
	AccessReasons(orgID string, includeReviewed bool, limit int) ([]AccessReason, error)
	// AccessReason loads one review item; NotFound if the organisation
	// has none with id.
	AccessReason(orgID, id string) (AccessReason, error)
	MarkReasonReviewed(orgID, reasonID, by string, at time.Time) error
	// ReasonsGivenSince counts the stated reasons userID gave in the
	// organisation since the time given.
	ReasonsGivenSince(orgID, userID string, since time.Time) (int, error)
}

// Assignment names a responsible caseworker of a client.
type Assignment struct {
	UserID      string
	Username    string
	DisplayName string // filled by the service; "" when the user has none
	AssignedAt  time.Time
	AssignedBy  string
}

// AccessReason is an item of the review queue: a stated reason that opened
// a client for a while, or a supervisor's self-assignment.
type AccessReason struct {
	ID         string
	Kind       string // KindReason or KindSelfAssignment
	ClientID   string
	ClientName string
	UserID     string
	Username   string
	// DisplayName is the author's display name ("" when none).
	DisplayName string
	Code        string
	Text        string
	CreatedAt   time.Time
	ExpiresAt   time.Time // for a self-assignment: its creation time
	ReviewedAt  *time.Time
	ReviewedBy  string
}

// GiveReason records a stated reason for opening a client of the own
// organisation that is not the actor's, and opens it for ReasonDuration.
// Caseworkers and supervisors (access_reason.give). The reason lands in
// the review queue. Errors: NotFound, Invalid (code; text of
// MinReasonText–MaxReasonText characters), TooMany when the actor has
// given Policy.ReasonsPerDay reasons today (logged as a refusal).
func (s *Service) GiveReason(ctx context.Context, actor access.Actor, clientID, code, text string) (AccessReason, error) {
	var r AccessReason
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AccessReasonGive, ClientID: clientID, Touched: "reason"},
		func(tx Tx, e *audit.Entry) error {
			text = strings.TrimSpace(text)
			if err := validateReason(code, text); err != nil {
				return err
			}
			now := tx.Now()
			given, err := tx.ReasonsGivenSince(actor.OrgID, actor.UserID, dayStart(now))
			if err != nil {
				return err
			}
			if given >= s.policy.ReasonsPerDay {
				e.Result, e.Touched = audit.Denied, "reason_limit"
				return gate.Commit(apperr.OnField(apperr.TooMany, "access.reason_limit", "reasonCode", s.policy.ReasonsPerDay))
			}
			r = AccessReason{ID: s.newID(), Kind: KindReason, ClientID: clientID, UserID: actor.UserID, Username: actor.Username,
				Code: code, Text: text, CreatedAt: now, ExpiresAt: now.Add(ReasonDuration)}
			e.Touched = "reason:" + code + ",id:" + r.ID
			return tx.InsertAccessReason(actor.OrgID, &r)
		})
	return answer(r, err)
}

func validateReason(code, text string) error {
	var v apperr.Validation
	if !slices.Contains(ReasonCodes, code) {
		v.Add("reasonCode", "validation.choice")
	}
	switch n := utf8.RuneCountInString(text); {
	case text == "":
		v.Add("text", "validation.required")
	case n < MinReasonText:
		v.Add("text", "validation.too_short", MinReasonText)
	case n > MaxReasonText || !validText(text, MaxReasonText):
		v.Add("text", "validation.too_long", MaxReasonText)
	}
	return v.Err()
}

// ReviewQueue lists the organisation's review items, unreviewed first
// (supervisors and data-protection officers: access_reason.review). The
// log entry lists the clients the queue shows. Errors: Forbidden.
func (s *Service) ReviewQueue(ctx context.Context, actor access.Actor, includeReviewed bool) ([]AccessReason, error) {
	var out []AccessReason
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.AccessReasonReview, Touched: "review_queue"}, func(tx Tx, e *audit.Entry) error {
		var err error
		out, err = tx.AccessReasons(actor.OrgID, includeReviewed, 500)
		if err != nil {
			return err
		}
		for _, r := range out {
			if !slices.Contains(e.Shown, r.ClientID) {
				e.Shown = append(e.Shown, r.ClientID)
			}
		}
		names, err := displayNames(tx, out, func(r AccessReason) string { return r.UserID })
		for i := range out {
			out[i].DisplayName = names[out[i].UserID]
		}
		return err
	})
	return answer(out, err)
}

// MarkReviewed marks a review item reviewed. Supervisors and
// data-protection officers, never the item's own author: access resting
// on one's own word is cleared by someone else. Marking it again changes
// nothing. Errors: Forbidden (also for the author, logged), NotFound.
func (s *Service) MarkReviewed(ctx context.Context, actor access.Actor, reasonID string) error {
	return gate.Org(ctx, s.store, actor, gate.Use{Action: access.AccessReasonReview, Touched: "review:" + reasonID}, func(tx Tx, e *audit.Entry) error {
		r, err := tx.AccessReason(actor.OrgID, reasonID)
		if err != nil {
			return err
		}
		e.ClientID = r.ClientID
		if r.UserID == actor.UserID {
			return apperr.New(apperr.Forbidden, "access.review_own")
		}
		return tx.MarkReasonReviewed(actor.OrgID, reasonID, actor.UserID, tx.Now())
	})
}

// Assignments lists a client's responsible caseworkers; whoever may read
// the client may see them. Errors: those of Get.
func (s *Service) Assignments(ctx context.Context, actor access.Actor, clientID string) ([]Assignment, error) {
	var out []Assignment
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientRead, ClientID: clientID, Touched: "assignments"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if out, err = tx.Assignments(actor.OrgID, clientID); err != nil {
				return err
			}
			return nameAssignments(tx, out)
		})
	return answer(out, err)
}

// Assign makes userID a responsible caseworker of the client (assign) or
// removes them. Supervisors (client.assign); the user must be an active
// caseworker or supervisor of the organisation. A supervisor assigning
// themselves gets need-to-know on their own word, so that lands in the
// review queue like a stated reason. Errors: NotFound, Invalid (userId).
func (s *Service) Assign(ctx context.Context, actor access.Actor, clientID, userID string, assign bool) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, ClientID: clientID, Touched: "assignment"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if !assign {
				e.Touched = "unassign:" + userID
				return tx.Unassign(actor.OrgID, clientID, userID)
			}
			e.Touched = "assign:" + userID
			ok, err := tx.IsColleague(actor.OrgID, userID)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.InvalidField("userId", "user.unknown")
			}
			if err := tx.Assign(actor.OrgID, clientID, userID, actor.UserID, now); err != nil {
				return err
			}
			if userID != actor.UserID {
				return nil
			}
			item := AccessReason{ID: s.newID(), Kind: KindSelfAssignment, ClientID: clientID, UserID: actor.UserID,
				Username: actor.Username, Code: KindSelfAssignment, CreatedAt: now, ExpiresAt: now}
			e.Touched += ",self_assignment:" + item.ID
			return tx.InsertAccessReason(actor.OrgID, &item)
		})
}

// Colleague is a caseworker or supervisor of the actor's organisation, as
// offered on the assignment screen.
type Colleague struct {
	UserID      string
	Username    string
	DisplayName string
}

// Team is a group of caseworkers; the members have need-to-know for the
// clients of the team.
type Team struct {
	ID      string
	Name    string
	Members []Colleague
}

// Teams lists the organisation's teams with their members (supervisors:
// client.assign). Errors: Forbidden.
func (s *Service) Teams(ctx context.Context, actor access.Actor) ([]Team, error) {
	var out []Team
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, Touched: "teams"}, func(tx Tx, _ *audit.Entry) error {
		var err error
		out, err = tx.Teams(actor.OrgID)
		return err
	})
	return answer(out, err)
}

// CreateTeam adds a team to the organisation (supervisors). Errors:
// Forbidden, Invalid (name).
func (s *Service) CreateTeam(ctx context.Context, actor access.Actor, name string) (Team, error) {
	t := Team{ID: s.newID(), Name: collapseSpaces(name)}
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, Touched: "team.create:" + t.ID}, func(tx Tx, _ *audit.Entry) error {
		var v apperr.Validation
		requiredName(&v, "name", t.Name)
		if err := v.Err(); err != nil {
			return err
		}
		return tx.InsertTeam(actor.OrgID, t.ID, t.Name, tx.Now())
	})
	return answer(t, err)
}

// SetTeamMember adds (member) or removes a caseworker or supervisor of the
// organisation to or from a team (supervisors). A supervisor cannot add
// themselves: membership opens every client of the team, so another
// supervisor decides it. Errors: Forbidden, NotFound (team), Invalid
// (userId).
func (s *Service) SetTeamMember(ctx context.Context, actor access.Actor, teamID, userID string, member bool) error {
	touched := "team.remove:" + teamID + ",user:" + userID
	if member {
		touched = "team.add:" + teamID + ",user:" + userID
	}
	return gate.Org(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, Touched: touched}, func(tx Tx, _ *audit.Entry) error {
		if err := tx.TeamExists(actor.OrgID, teamID); err != nil {
			return err
		}
		if member && userID == actor.UserID {
			return apperr.New(apperr.Forbidden, "team.self")
		}
		if member {
			ok, err := tx.IsColleague(actor.OrgID, userID)
			if err != nil {
				return err
			}
			if !ok {
				return apperr.InvalidField("userId", "user.unknown")
			}
		}
		return tx.SetTeamMember(actor.OrgID, teamID, userID, member)
	})
}

// SetClientTeam puts a client in a team ("" takes it out of any team).
// Supervisors. Errors: NotFound, Invalid (teamId).
func (s *Service) SetClientTeam(ctx context.Context, actor access.Actor, clientID, teamID string) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, ClientID: clientID, Touched: "team:" + teamID},
		func(tx Tx, _ *audit.Entry) error {
			if teamID != "" {
				if err := tx.TeamExists(actor.OrgID, teamID); err != nil {
					return apperr.InvalidField("teamId", "team.unknown")
				}
			}
			return tx.SetClientTeam(actor.OrgID, clientID, teamID)
		})
}
