package timeline

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Tx is what the timeline needs inside a transaction.
type Tx interface {
	gate.Tx
	// TimelineEvents returns, for each source of events, at most
	// p.Limit+1 of the client's events recorded before p.Before (all
	// when zero), newest first per source, scoped to orgID; events of
	// other clients or organisations never. Unordered across sources.
	TimelineEvents(orgID, clientID string, p Page) ([]Event, error)
}

// Store runs the timeline's transactions through the gate.
type Store interface{ gate.Store[Tx] }

// Service is the client timeline.
type Service struct{ store Store }

// NewService returns the service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Timeline returns one page of the client's events, newest first: at most
// limit (DefaultLimit when 0, MaxLimit at most) recorded before before
// (zero: the newest). The next page is before the last event's At.
// Who may call: timeline.read (supervisors; caseworkers with need-to-know).
// Errors: NotFound (a client the actor may not see, like a missing one),
// gate.ErrReasonRequired.
func (s *Service) Timeline(ctx context.Context, actor access.Actor, clientID string, limit int, before time.Time) ([]Event, error) {
	var out []Event
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.TimelineRead, ClientID: clientID, Touched: "timeline"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			out, err = Read(tx, actor.OrgID, clientID, Page{Limit: limit, Before: before})
			return err
		})
	return out, err
}

// Read is one page of the timeline inside a transaction that the caller
// has authorized (Timeline, or a client overview).
func Read(tx Tx, orgID, clientID string, p Page) ([]Event, error) {
	p = p.Normalize()
	es, err := tx.TimelineEvents(orgID, clientID, p)
	if err != nil {
		return nil, err
	}
	return Cut(es, p.Limit), nil
}
