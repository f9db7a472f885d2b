package natrep

import (
	"context"
	"fmt"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/disclosure"
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
	// InsertDisclosures records disclosures of clients of orgID in one
	// statement per batch (each validated and sealed as
	// disclosure.Recorder.InsertDisclosure does). NotFound when orgID
	// holds one of the clients no longer.
	InsertDisclosures(orgID string, ds []*disclosure.Disclosure) error
}

// Store runs the export's transactions.
type Store = gate.Store[Tx]

// Service exports national repository records.
type Service struct {
	store    Store
	newID    func() string
	pageSize int
}

// NewService returns the service over store; newID makes the ids of the
// disclosures an export records.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID, pageSize: PageSize}
}

// WithPageSize returns a copy of s that reads n clients a page, so that a
// test register of a few clients spans several pages.
func (s *Service) WithPageSize(n int) *Service {
	return &Service{store: s.store, newID: s.newID, pageSize: n}
}

// The national repository is outside the organisation: an export is a
// disclosure of every client it includes (ADR 35), recorded with these.
// The recipient is named by the repository the decree sets up, not by the
// authority that keeps it (authority names change: domain.md).
const (
	// Recipient names the recipient of an export's disclosures.
	Recipient = "Kansallinen kotoutumisen tietovaranto (VNA 874/2024)"
	// BasisDetail is the provision the disclosure rests on.
	BasisDetail = "Laki kotoutumisen edistämisestä 681/2023; valtioneuvoston asetus 874/2024"
)

// disclosureOf is the record of exporting r: kind export to the national
// repository, on the basis of law (BasisDetail), the items it carries,
// its canonical content and hash; the channel is a file for the
// operator's CLI and the API otherwise.
func (s *Service) disclosureOf(actor access.Actor, clientID string, r Record, at time.Time) (*disclosure.Disclosure, error) {
	items := []string{"kotoId"}
	if r.Person.HETU != "" {
		items = append(items, "hetu")
	}
	if len(r.Assessments) > 0 {
		items = append(items, "assessments")
	}
	if len(r.Plans) > 0 {
		items = append(items, "plans")
	}
	channel := disclosure.ChannelAPI
	if actor.Channel == access.ChannelCLI {
		channel = disclosure.ChannelFile
	}
	by := actor.UserID
	if by == "" {
		by = actor.Username // the operator's CLI acts as "system"
	}
	d := &disclosure.Disclosure{ID: s.newID(), ClientID: clientID, Kind: disclosure.KindExport, Recipient: Recipient,
		Basis: disclosure.BasisLaw, BasisDetail: BasisDetail, Items: items, Channel: channel,
		DisclosedBy: by, DisclosedUsername: actor.Username, CreatedAt: at}
	var err error
	d.Content, d.ContentHash, err = disclosure.Seal(r)
	return d, err
}

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
// one transaction whose access-log entry lists the clients it includes
// and which records each record as a disclosure to the national
// repository (disclosureOf; one bulk insert a page), and its records are
// emitted only after it committed. Only the
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
				ds := make([]*disclosure.Disclosure, 0, len(ids))
				var shown []string
				withheld := 0
				for _, id := range ids {
					// A client whose processing is restricted (GDPR art.
					// 18, ADR 40) is left out of the export, and the
					// entry counts those left out; a later export of the
					// period includes the client once it is lifted.
					if err := gate.CheckRestriction(tx, actor, access.NatrepExport, id); gate.IsRestricted(err) {
						withheld++
						continue
					} else if err != nil {
						return err
					}
					shown = append(shown, id)
					src, err := tx.NatrepSource(actor.OrgID, id, w)
					if err != nil {
						return err
					}
					r := RecordOf(src)
					records = append(records, r)
					d, err := s.disclosureOf(actor, id, r, tx.Now())
					if err != nil {
						return err
					}
					ds = append(ds, d)
				}
				e.Shown = shown
				if withheld > 0 {
					e.Touched = gate.Touched(e.Touched, fmt.Sprintf("withheld_restricted:%d", withheld))
				}
				return tx.InsertDisclosures(actor.OrgID, ds)
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
