package natrep

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// PageSize is how many clients one page of an export reads, in one
// transaction with one access-log entry: the bound on what an export holds
// in memory at a time, whatever the size of the register.
const PageSize = 200

// MaxPeriodDays bounds an export's period (a little over a year).
const MaxPeriodDays = 400

// Window is the time range records are selected by: changed at or after
// From and before To. The zero Window selects everything.
type Window struct {
	From, To time.Time
}

// Tx is what the export needs inside a transaction.
type Tx interface {
	gate.Tx
	// NatrepClients lists, in id order after the id after, up to limit
	// clients of orgID whose key is not destroyed and who have an
	// assessment completed, or a plan version saved, within w.
	NatrepClients(orgID string, w Window, after string, limit int) ([]string, error)
	// NatrepSource reads one client's identifiers, the assessments
	// completed within w and, for each plan with a version saved within
	// w, its latest version saved before w.To. NotFound when orgID holds
	// no such client.
	NatrepSource(orgID, clientID string, w Window) (Source, error)
}

// Store runs the export's transactions.
type Store = gate.Store[Tx]

// Service exports national repository records.
type Service struct {
	store    Store
	pageSize int
}

// NewService returns the service over store.
func NewService(store Store) *Service { return &Service{store: store, pageSize: PageSize} }

// WithPageSize returns a copy of s that reads n clients a page, so that a
// test register of a few clients spans several pages.
func (s *Service) WithPageSize(n int) *Service { return &Service{store: s.store, pageSize: n} }

// ParsePeriod checks an export period given as two ISO dates: both
// required, from not after to, at most MaxPeriodDays long. The error is
// Invalid on the fields "from" and "to".
func ParsePeriod(from, to string) (civil.Date, civil.Date, error) {
	var v apperr.Validation
	f, ferr := civil.ParseDate(from)
	t, terr := civil.ParseDate(to)
	switch {
	case from == "":
		v.Add("from", "validation.required")
	case ferr != nil:
		v.Add("from", "validation.date")
	}
	switch {
	case to == "":
		v.Add("to", "validation.required")
	case terr != nil:
		v.Add("to", "validation.date")
	}
	if err := v.Err(); err != nil {
		return civil.Date{}, civil.Date{}, err
	}
	switch {
	case t.Before(f):
		v.Add("to", "natrep.period_order")
	case t.Time().Sub(f.Time()) > MaxPeriodDays*24*time.Hour:
		v.Add("to", "natrep.period_too_long", MaxPeriodDays)
	}
	return f, t, v.Err()
}

// WindowOf is the time range of the days from..to in Finland.
func WindowOf(from, to civil.Date) Window {
	start := time.Date(from.Year, from.Month, from.Day, 0, 0, 0, 0, civil.Helsinki)
	end := time.Date(to.Year, to.Month, to.Day+1, 0, 0, 0, 0, civil.Helsinki)
	return Window{From: start.UTC(), To: end.UTC()}
}

// all is the window that selects every record.
var all = Window{From: time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}

// Export emits the record of every client of the actor's organisation with
// an assessment completed or a plan saved in the days from..to, in client
// id order, page by page (PageSize clients, natrep.export): each page is
// one transaction whose access-log entry lists the clients it includes,
// and its records are emitted only after it committed. Only the
// organisation's own clients are read. Supervisors and the operator's CLI
// (an actor of the organisation with System set) may call it. Errors:
// Forbidden, Invalid (the period), and whatever emit returns, which stops
// the export.
func (s *Service) Export(ctx context.Context, actor access.Actor, from, to civil.Date, emit func(Record) error) error {
	w := WindowOf(from, to)
	touched := "national_repository,period:" + from.String() + ".." + to.String()
	after := ""
	for {
		var records []Record
		var ids []string
		err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.NatrepExport, Touched: touched},
			func(tx Tx, e *audit.Entry) error {
				var err error
				if ids, err = tx.NatrepClients(actor.OrgID, w, after, s.pageSize); err != nil {
					return err
				}
				for _, id := range ids {
					src, err := tx.NatrepSource(actor.OrgID, id, w)
					if err != nil {
						return err
					}
					records = append(records, RecordOf(src))
				}
				e.Shown = ids
				return nil
			})
		if err != nil {
			return err
		}
		for _, r := range records {
			if err := emit(r); err != nil {
				return err
			}
		}
		if len(ids) < s.pageSize {
			return nil
		}
		after = ids[len(ids)-1]
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// Client reads one client's record as an export would send it today: every
// completed assessment and every plan's current version (natrep.read).
// Errors: NotFound, also for a client of another organisation.
func (s *Service) Client(ctx context.Context, actor access.Actor, clientID string) (Record, error) {
	var out Record
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.NatrepRead, ClientID: clientID, Touched: "national_repository"},
		func(tx Tx, _ *audit.Entry) error {
			src, err := tx.NatrepSource(actor.OrgID, clientID, all)
			out = RecordOf(src)
			return err
		})
	if err != nil {
		return Record{}, err
	}
	return out, nil
}
