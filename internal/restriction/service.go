package restriction

import (
	"context"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Tx is what restrictions need inside a transaction; every method is
// scoped to one organisation.
type Tx interface {
	gate.Tx
	// Restrictions lists a client's restrictions, newest first, with the
	// reasons opened.
	Restrictions(orgID, clientID string) ([]Restriction, error)
	// InsertRestriction seals r's reason with the client's key and stores
	// it; Conflict (restriction.already_active) when the client has an
	// active restriction.
	InsertRestriction(orgID string, r *Restriction) error
	// LiftRestriction records the lifting of the client's active
	// restriction r (LiftedBy, Lifter, LiftedAt, LiftReason sealed);
	// Conflict (restriction.not_active) when it is no longer active.
	LiftRestriction(orgID string, r *Restriction) error
}

// Store runs the service's transactions through the gate.
type Store interface {
	gate.Store[Tx]
}

// Service is the restriction of processing's use cases; every method
// goes through the gate.
type Service struct {
	store Store
	newID func() string
}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// Status tells whether the client's processing is restricted
// (restriction.read: everyone who may open the client, so every client
// page can show the banner). Errors: NotFound (a client the actor may not
// see), reason required.
func (s *Service) Status(ctx context.Context, actor access.Actor, clientID string) (Status, error) {
	var st Status
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.RestrictionRead, ClientID: clientID, Touched: "restriction"},
		func(tx Tx, e *audit.Entry) error {
			rs, err := tx.Restrictions(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			st = statusOf(rs)
			return nil
		})
	if err != nil {
		return Status{}, err
	}
	return st, nil
}

// History lists the client's restrictions, newest first, with grounds,
// reasons and who placed and lifted them (restriction.history: the
// data-protection officer and supervisors). Errors: NotFound.
func (s *Service) History(ctx context.Context, actor access.Actor, clientID string) ([]Restriction, error) {
	var out []Restriction
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.RestrictionHistory, ClientID: clientID, Touched: "restriction_history"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			out, err = tx.Restrictions(actor.OrgID, clientID)
			return err
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Place restricts the client's processing (restriction.manage: the
// data-protection officer). Errors: NotFound, Invalid (ground, reason,
// requestId), Conflict (restriction.already_active).
func (s *Service) Place(ctx context.Context, actor access.Actor, clientID string, in PlaceInput) (Restriction, error) {
	in.Normalize()
	var r Restriction
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.RestrictionManage, ClientID: clientID, Touched: "restriction.place"},
		func(tx Tx, e *audit.Entry) error {
			if err := in.Validate(); err != nil {
				return err
			}
			r = Restriction{ID: s.newID(), ClientID: clientID, Ground: in.Ground, Reason: in.Reason, RequestRef: in.RequestRef,
				PlacedBy: actor.UserID, Placer: actor.Username, PlacedAt: tx.Now()}
			e.Touched = gate.Touched("restriction.place:"+r.ID, "ground:"+r.Ground)
			return tx.InsertRestriction(actor.OrgID, &r)
		})
	if err != nil {
		return Restriction{}, err
	}
	return r, nil
}

// Lift lifts the client's active restriction (restriction.manage: the
// data-protection officer); it stays in the history. Errors: NotFound,
// Invalid (reason), Conflict (restriction.not_active).
func (s *Service) Lift(ctx context.Context, actor access.Actor, clientID, reason string) (Restriction, error) {
	var r Restriction
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.RestrictionManage, ClientID: clientID, Touched: "restriction.lift"},
		func(tx Tx, e *audit.Entry) error {
			if err := ValidateLift(reason); err != nil {
				return err
			}
			rs, err := tx.Restrictions(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			if len(rs) == 0 || !rs[0].Active() {
				return apperr.New(apperr.Conflict, "restriction.not_active")
			}
			r = rs[0]
			r.LiftedBy, r.Lifter, r.LiftedAt, r.LiftReason = actor.UserID, actor.Username, tx.Now(), strings.TrimSpace(reason)
			e.Touched = gate.Touched("restriction.lift:" + r.ID)
			return tx.LiftRestriction(actor.OrgID, &r)
		})
	if err != nil {
		return Restriction{}, err
	}
	return r, nil
}

// statusOf is the status that the history rs (newest first) gives.
func statusOf(rs []Restriction) Status {
	if len(rs) > 0 && rs[0].Active() {
		return Status{Restricted: true, Since: rs[0].PlacedAt}
	}
	return Status{}
}
