package due

import (
	"context"
	"slices"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Filter chooses what Mine lists.
type Filter struct {
	// Within, when not nil, lists the items due within that many days
	// from today (overdue included), whatever their warning window; nil
	// lists the items whose warning window has begun.
	Within *int
	// WithClients also lists the caller's clients with their names (the
	// start page); the API lists the items only.
	WithClients bool
}

// MaxWithin bounds Filter.Within (days).
const MaxWithin = 3660

// Row is an item of one of the caller's clients.
type Row struct {
	ClientID   string
	ClientName string // "Last, First Names"; filled with Filter.WithClients
	Kind       Kind
	RefID      string
	Due        civil.Date
}

// MyClient is a client assigned to the caller.
type MyClient struct {
	ID, KotoID, Name string
	BirthDate        civil.Date
}

// View is the caller's day: their clients and what is due for them.
type View struct {
	Today   civil.Date
	Clients []MyClient // with Filter.WithClients, by name
	Items   []Row      // by due date
}

// Tx is what the due list needs inside a transaction.
type Tx interface {
	gate.Tx
	// DueOfAssigned lists the client_due rows of the clients assigned to
	// userID in orgID whose From is on or before shownBy and whose Due is
	// on or before dueBy (zero: any), by due date: one indexed query.
	DueOfAssigned(orgID, userID string, shownBy, dueBy civil.Date) ([]Row, error)
	// AssignedClients lists the clients assigned to userID by name.
	AssignedClients(orgID, userID string) ([]MyClient, error)
}

// Store runs the due list's transactions.
type Store = gate.Store[Tx]

// Service lists what is due.
type Service struct{ store Store }

// Today is the calendar day in Finland at now.
func Today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }

// NewService returns the service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Mine lists what is due for the clients assigned to the actor (their
// own clients only: another caseworker's clients and another
// organisation's never appear). Action timeline.due; the access-log entry
// records the clients shown. Forbidden for roles without the action.
func (s *Service) Mine(ctx context.Context, actor access.Actor, f Filter) (View, error) {
	var v View
	touched := "due"
	if f.WithClients {
		touched = "due,my_clients"
	}
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.TimelineDue, Touched: touched}, func(tx Tx, e *audit.Entry) error {
		v.Today = Today(tx.Now())
		var dueBy civil.Date
		shownBy := v.Today
		if f.Within != nil {
			dueBy = addDays(v.Today, min(max(*f.Within, 0), MaxWithin))
			shownBy = civil.Date{Year: 9999, Month: 12, Day: 31}
		}
		var err error
		if v.Items, err = tx.DueOfAssigned(actor.OrgID, actor.UserID, shownBy, dueBy); err != nil {
			return err
		}
		if f.WithClients {
			if v.Clients, err = tx.AssignedClients(actor.OrgID, actor.UserID); err != nil {
				return err
			}
			names := map[string]string{}
			for _, c := range v.Clients {
				names[c.ID] = c.Name
				e.Shown = append(e.Shown, c.ID)
			}
			for i := range v.Items {
				v.Items[i].ClientName = names[v.Items[i].ClientID]
			}
		}
		for _, it := range v.Items {
			if !slices.Contains(e.Shown, it.ClientID) {
				e.Shown = append(e.Shown, it.ClientID)
			}
		}
		return nil
	})
	return v, err
}
