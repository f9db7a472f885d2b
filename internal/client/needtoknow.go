package client

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

// ReasonDuration is how long a stated reason keeps a client open.
const ReasonDuration = 8 * time.Hour

// ReasonCodes a caseworker chooses from when opening a client that is not
// theirs. Free text explains the case.
var ReasonCodes = []string{"substitute", "client_contact", "service_coordination", "supervisor_request", "other"}

// Assignment names a responsible caseworker of a client.
type Assignment struct {
	UserID     string
	Username   string
	AssignedAt time.Time
	AssignedBy string
}

// AccessReason is a stated reason that opened a client for a while.
type AccessReason struct {
	ID         string
	ClientID   string
	ClientName string
	UserID     string
	Username   string
	Code       string
	Text       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	ReviewedAt *time.Time
	ReviewedBy string
}

// ErrReasonRequired is the answer when the actor may open the client only
// after stating a reason for access (403, problem type reason-required).
func ErrReasonRequired() *apperr.Error { return apperr.New(apperr.Forbidden, "access.reason_required") }

// IsReasonRequired reports whether err asks for a reason for access.
func IsReasonRequired(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Key == "access.reason_required"
}

// authorize decides action on client id inside tx. It returns NotFound for
// a client the organisation does not hold, ErrReasonRequired when a stated
// reason would open it, and Forbidden-as-NotFound when the role never may.
func (s *Service) authorize(tx Tx, actor access.Actor, action access.Action, id string) error {
	// A role that may act on every client of the organisation needs no
	// relation: only that the organisation holds the client.
	if orgWide(actor, action) {
		_, err := tx.ClientSummary(actor.OrgID, id)
		return err
	}
	rel, err := tx.Relation(actor.OrgID, id, actor.UserID, tx.Now())
	if err != nil {
		return err
	}
	switch actor.Decide(action, rel) {
	case access.Allow:
		return nil
	case access.NeedReason:
		return ErrReasonRequired()
	}
	return apperr.ErrNotFound()
}

// orgWide reports whether actor may do action on every client of the own
// organisation, without a relation to the client.
func orgWide(actor access.Actor, action access.Action) bool {
	return actor.Decide(action, access.Relation{}) == access.Allow
}

// GiveReason records a stated reason for opening a client of the own
// organisation that is not the actor's, and opens it for ReasonDuration.
// Supervisors see it in their review queue.
func (s *Service) GiveReason(ctx context.Context, actor access.Actor, clientID, code, text string) (AccessReason, error) {
	if !actor.Can(access.AccessReasonGive) {
		return AccessReason{}, s.deny(ctx, actor, access.AccessReasonGive, clientID, "reason", apperr.ErrNotFound())
	}
	text = strings.TrimSpace(text)
	var v apperr.Validation
	valid := false
	for _, c := range ReasonCodes {
		valid = valid || c == code
	}
	if !valid {
		v.Add("reasonCode", "validation.choice")
	}
	if text == "" {
		v.Add("text", "validation.required")
	} else if utf8.RuneCountInString(text) > 1000 || !validText(text, 1000) {
		v.Add("text", "validation.too_long", 1000)
	}
	if err := v.Err(); err != nil {
		return AccessReason{}, err
	}
	var r AccessReason
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if _, err := tx.ClientSummary(actor.OrgID, clientID); err != nil {
			return err
		}
		now := tx.Now()
		r = AccessReason{ID: s.newID(), ClientID: clientID, UserID: actor.UserID, Username: actor.Username,
			Code: code, Text: text, CreatedAt: now, ExpiresAt: now.Add(ReasonDuration)}
		if err := tx.InsertAccessReason(actor.OrgID, &r); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.AccessReasonGive, clientID, "reason:"+code, audit.Allowed, now))
	})
	if apperr.Is(err, apperr.NotFound) {
		return AccessReason{}, s.deny(ctx, actor, access.AccessReasonGive, clientID, "reason", err)
	}
	return r, err
}

// ReviewQueue lists stated reasons of the organisation, unreviewed first.
func (s *Service) ReviewQueue(ctx context.Context, actor access.Actor, includeReviewed bool) ([]AccessReason, error) {
	if !actor.Can(access.AccessReasonReview) {
		return nil, s.deny(ctx, actor, access.AccessReasonReview, "", "review_queue", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	var out []AccessReason
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		var err error
		if out, err = tx.AccessReasons(actor.OrgID, includeReviewed, 500); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.AccessReasonReview, "", listTouched("review_queue", len(out)), audit.Allowed, tx.Now()))
	})
	return out, err
}

// MarkReviewed marks a stated reason as reviewed by the supervisor.
func (s *Service) MarkReviewed(ctx context.Context, actor access.Actor, reasonID string) error {
	if !actor.Can(access.AccessReasonReview) {
		return s.deny(ctx, actor, access.AccessReasonReview, "", "reason:"+reasonID, apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		clientID, err := tx.MarkReasonReviewed(actor.OrgID, reasonID, actor.UserID, tx.Now())
		if err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.AccessReasonReview, clientID, "reviewed:"+reasonID, audit.Allowed, tx.Now()))
	})
	if err != nil {
		return s.refused(ctx, actor, access.AccessReasonReview, "", "reason:"+reasonID, err)
	}
	return nil
}

// Assignments lists a client's responsible caseworkers.
func (s *Service) Assignments(ctx context.Context, actor access.Actor, clientID string) ([]Assignment, error) {
	var out []Assignment
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := s.authorize(tx, actor, access.ClientRead, clientID); err != nil {
			return err
		}
		var err error
		if out, err = tx.Assignments(actor.OrgID, clientID); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientRead, clientID, "assignments", audit.Allowed, tx.Now()))
	})
	if err != nil {
		return nil, s.refused(ctx, actor, access.ClientRead, clientID, "assignments", err)
	}
	return out, nil
}

// Assign makes userID a responsible caseworker of the client (assign=true)
// or removes them. Only supervisors; the user must belong to the
// organisation.
func (s *Service) Assign(ctx context.Context, actor access.Actor, clientID, userID string, assign bool) error {
	if !actor.Can(access.ClientAssign) {
		return s.deny(ctx, actor, access.ClientAssign, clientID, "assignment", apperr.ErrNotFound())
	}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if _, err := tx.ClientSummary(actor.OrgID, clientID); err != nil {
			return err
		}
		var err error
		touched := "unassign:" + userID
		if assign {
			touched = "assign:" + userID
			ok, cerr := tx.IsColleague(actor.OrgID, userID)
			if cerr != nil {
				return cerr
			}
			if !ok {
				return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "userId", Key: "user.unknown"}}}
			}
			err = tx.Assign(actor.OrgID, clientID, userID, actor.UserID, tx.Now())
		} else {
			err = tx.Unassign(actor.OrgID, clientID, userID)
		}
		if err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientAssign, clientID, touched, audit.Allowed, tx.Now()))
	})
	if apperr.Is(err, apperr.NotFound) {
		return s.deny(ctx, actor, access.ClientAssign, clientID, "assignment", err)
	}
	return err
}

// Colleague is a caseworker or supervisor of the actor's organisation, as
// offered on the assignment screen.
type Colleague struct {
	UserID      string
	Username    string
	DisplayName string
}

// Colleagues lists the active caseworkers and supervisors of the actor's
// organisation, for supervisors assigning clients.
func (s *Service) Colleagues(ctx context.Context, actor access.Actor) ([]Colleague, error) {
	if !actor.Can(access.ClientAssign) {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var out []Colleague
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		var err error
		out, err = tx.Colleagues(actor.OrgID)
		return err
	})
	return out, err
}

// Team is a group of caseworkers; the members have need-to-know for the
// clients of the team.
type Team struct {
	ID      string
	Name    string
	Members []Colleague
}

// Teams lists the organisation's teams with their members (supervisors).
func (s *Service) Teams(ctx context.Context, actor access.Actor) ([]Team, error) {
	if !actor.Can(access.ClientAssign) {
		return nil, s.deny(ctx, actor, access.ClientAssign, "", "teams", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	var out []Team
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		var err error
		out, err = tx.Teams(actor.OrgID)
		return err
	})
	return out, err
}

// CreateTeam adds a team to the organisation.
func (s *Service) CreateTeam(ctx context.Context, actor access.Actor, name string) (Team, error) {
	if !actor.Can(access.ClientAssign) {
		return Team{}, s.deny(ctx, actor, access.ClientAssign, "", "team", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	name = collapseSpaces(name)
	var v apperr.Validation
	requiredName(&v, "name", name)
	if err := v.Err(); err != nil {
		return Team{}, err
	}
	t := Team{ID: s.newID(), Name: name}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := tx.InsertTeam(actor.OrgID, t.ID, t.Name, tx.Now()); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientAssign, "", "team.create:"+t.ID, audit.Allowed, tx.Now()))
	})
	return t, err
}

// SetTeamMember adds (member=true) or removes a caseworker or supervisor
// of the organisation to or from a team.
func (s *Service) SetTeamMember(ctx context.Context, actor access.Actor, teamID, userID string, member bool) error {
	if !actor.Can(access.ClientAssign) {
		return s.deny(ctx, actor, access.ClientAssign, "", "team:"+teamID, apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := tx.TeamExists(actor.OrgID, teamID); err != nil {
			return err
		}
		touched := "team.remove:" + teamID + ",user:" + userID
		if member {
			ok, err := tx.IsColleague(actor.OrgID, userID)
			if err != nil {
				return err
			}
			if !ok {
				return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "userId", Key: "user.unknown"}}}
			}
			touched = "team.add:" + teamID + ",user:" + userID
		}
		if err := tx.SetTeamMember(actor.OrgID, teamID, userID, member); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientAssign, "", touched, audit.Allowed, tx.Now()))
	})
	if err != nil {
		return s.refused(ctx, actor, access.ClientAssign, "", "team:"+teamID, err)
	}
	return nil
}

// SetClientTeam puts a client in a team ("" takes it out of any team).
func (s *Service) SetClientTeam(ctx context.Context, actor access.Actor, clientID, teamID string) error {
	if !actor.Can(access.ClientAssign) {
		return s.deny(ctx, actor, access.ClientAssign, clientID, "team", apperr.ErrNotFound())
	}
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if _, err := tx.ClientSummary(actor.OrgID, clientID); err != nil {
			return err
		}
		if teamID != "" {
			if err := tx.TeamExists(actor.OrgID, teamID); err != nil {
				return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: "teamId", Key: "team.unknown"}}}
			}
		}
		if err := tx.SetClientTeam(actor.OrgID, clientID, teamID); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientAssign, clientID, "team:"+teamID, audit.Allowed, tx.Now()))
	})
	if err != nil {
		return s.refused(ctx, actor, access.ClientAssign, clientID, "team", err)
	}
	return nil
}
