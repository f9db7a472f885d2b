// Package overview is the client overview: the card, the current
// integration plan, the open referrals and the latest timeline events,
// read in one transaction with one access-log entry (ADR 25). It reads
// through the other capabilities' own transaction functions
// (client.ReadCard, timeline.Read, …), so it has no SQL of its own.
package overview

import (
	"context"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/timeline"
)

// Tx is what the overview reads inside its transaction: what the card,
// plans, referrals and the timeline read.
type Tx interface {
	client.Tx
	plan.Tx
	referral.Tx
	timeline.Tx
}

// Store runs the overview's transactions through the gate.
type Store interface{ gate.Store[Tx] }

// Service is the client overview.
type Service struct{ store Store }

// NewService returns the service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Events is how many of the latest timeline events an overview shows.
const Events = 20

// View says whose overview it is: the API's shows the client as
// GET /clients/{id} does; the card page's has the HETU masked and the
// responsible caseworkers, team and merge state (client.Card).
type View int

// The views.
const (
	ForAPI View = iota
	ForCard
)

// Overview is one client's overview.
type Overview struct {
	// Card is the client. For ForAPI only Card.Client is filled.
	Card client.Card
	// Plan is the current version of the newest open plan; nil when none
	// (or when the reader may not see plans).
	Plan *plan.Version
	// Referrals are those not completed, rejected or interrupted.
	Referrals []referral.Referral
	// Timeline is the latest Events events, newest first.
	Timeline []timeline.Event
	// MayPlans, MayReferrals, MayTimeline: the reader's roles allow the
	// part (the parts left out are empty).
	MayPlans, MayReferrals, MayTimeline bool
}

// Get reads the overview of a client in one transaction with one
// access-log entry (client.overview: supervisors; caseworkers with
// need-to-know). The plan, referral and timeline parts are read only when
// the actor's roles allow plan.read, referral.read and timeline.read.
// Errors: those of client.Service.Get — NotFound for a client the actor may
// not see, exactly like a missing one; gate.ErrReasonRequired;
// *client.MergedError for a record merged into another.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID string, view View) (Overview, error) {
	var o Overview
	o.MayPlans, o.MayReferrals, o.MayTimeline = actor.Can(access.PlanRead), actor.Can(access.ReferralRead), actor.Can(access.TimelineRead)
	touched := client.TouchedClient
	if view == ForCard {
		touched = client.TouchedCard
	}
	if o.MayPlans {
		touched += ",plan"
	}
	if o.MayReferrals {
		touched += ",referrals"
	}
	if o.MayTimeline {
		touched += ",timeline"
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientOverview, ClientID: clientID, Touched: touched},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if view == ForCard {
				o.Card, err = client.ReadCard(tx, actor, clientID, e)
			} else {
				o.Card.Client, err = client.ReadClient(tx, actor, clientID, e)
			}
			if err != nil {
				return err
			}
			if o.MayPlans {
				v, ok, err := currentPlan(tx, actor.OrgID, clientID)
				if err != nil {
					return err
				}
				if ok {
					o.Plan = &v
				}
			}
			if o.MayReferrals {
				if o.Referrals, err = openReferrals(tx, actor.OrgID, clientID); err != nil {
					return err
				}
			}
			if o.MayTimeline {
				o.Timeline, err = timeline.Read(tx, actor.OrgID, clientID, timeline.Page{Limit: Events})
			}
			return err
		})
	if err != nil {
		return Overview{}, err
	}
	return o, nil
}

// currentPlan is the current version of the newest open plan; ok is
// false when every plan is closed or there is none.
func currentPlan(tx Tx, orgID, clientID string) (v plan.Version, ok bool, err error) {
	vs, err := tx.Plans(orgID, clientID)
	if err != nil {
		return v, false, err
	}
	for _, v := range vs { // newest start first
		if v.ClosedOn.IsZero() {
			return v, true, nil
		}
	}
	return v, false, nil
}

// openReferrals are the referrals still in progress.
func openReferrals(tx Tx, orgID, clientID string) ([]referral.Referral, error) {
	rs, err := tx.Referrals(orgID, clientID)
	if err != nil {
		return nil, err
	}
	var open []referral.Referral
	for _, r := range rs {
		if Open(r.Status) {
			open = append(open, r)
		}
	}
	return open, nil
}

// Open reports whether a referral in status s is still in progress: not
// completed, rejected or interrupted.
func Open(s referral.Status) bool {
	switch s {
	case referral.Completed, referral.Rejected, referral.Interrupted:
		return false
	}
	return true
}
