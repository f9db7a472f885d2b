package client

import (
	"context"
	"slices"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/codes"
	"koto/internal/gate"
)

// Store is what the client service needs from persistence: the gate's
// transactions, confined to one organisation, and name search.
type Store interface {
	gate.Store[Tx]
	// WithNameMatches runs fn like WithTx, with the ids of the clients of
	// orgID matching name query q (at least limit when there are that
	// many, best-matching first). The store may match them before the
	// transaction (on SQLite beside its one writer); fn reads what the
	// user sees (ClientSummaries) in the transaction that logs it.
	WithNameMatches(ctx context.Context, orgID, q string, limit int, fn func(tx Tx, ids []string) error) error
	// WithNameOrder runs fn like WithTx, with the ids of every client of
	// orgID in name order, which the store may make before the
	// transaction (names are sealed: it opens them all).
	WithNameOrder(ctx context.Context, orgID string, fn func(tx Tx, ids []string) error) error
}

// Tx is the set of operations available inside a transaction. Every method
// is scoped to one organisation; a client of another organisation is
// reported as apperr.NotFound.
type Tx interface {
	gate.Tx
	InsertClient(c *Client) error
	// InsertClients stores many new clients of orgID as InsertClient
	// stores one; a client whose HETU orgID already has is skipped:
	// inserted[i] says whether cs[i] was stored.
	InsertClients(orgID string, cs []Client) (inserted []bool, err error)
	Client(orgID, id string) (Client, error)
	UpdateClient(c *Client, changes []Change) error
	// ListClients returns one page ordered by creation or update; the
	// name order comes from Store.WithNameOrder.
	ListClients(orgID string, f ListFilter) (Page, error)
	FindByHETU(orgID, hetu string) ([]Summary, error)
	FindByBirthDate(orgID string, d civil.Date, limit int) ([]Summary, error)
	// FindByKotoID finds the client of orgID with the Koto id
	// (CanonicalKotoID), not merged away.
	FindByKotoID(orgID, kotoID string) ([]Summary, error)
	// ClientSummaries returns the summaries of the clients of orgID among
	// ids, in name order.
	ClientSummaries(orgID string, ids []string) ([]Summary, error)
	// FindDuplicates returns the clients of orgID other than exceptID,
	// not merged away, born on d's birth date whose names match d's name
	// by the name search's keys (transliteration- and typo-tolerant):
	// every token of d's name, or all but one when it has three or more.
	FindDuplicates(orgID string, d Details, exceptID string) ([]Summary, error)
	// ClientWithHETU returns the id of the client of orgID other than
	// exceptID that has hetu, "" when there is none.
	ClientWithHETU(orgID, hetu, exceptID string) (string, error)
	ClientChanges(orgID, clientID string) ([]Change, error)
	ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error)
	// OrganisationNames maps organisation ids to their names.
	OrganisationNames(ids []string) (map[string]string, error)
	// UserDisplayNames maps user ids to their display names, leaving out
	// users without one.
	UserDisplayNames(ids []string) (map[string]string, error)
	NeedToKnowTx
	SensitiveTx
	MergeTx
}

// Service is the client registry's use cases. Every method takes the
// actor and goes through the gate (internal/gate): it is authorized before
// the store is touched, validates inside the transaction, and writes its
// access-log entry in the same transaction as the read or write it
// records. Refused attempts are logged as denied.
type Service struct {
	store  Store
	newID  func() string
	policy Policy
}

// Policy holds the limits of need-to-know.
type Policy struct {
	// ReasonsPerDay bounds the stated reasons one user may give in a
	// Finnish calendar day; more answers apperr.TooMany. A caseworker who
	// needs more clients opened than that needs an assignment instead.
	ReasonsPerDay int
}

// DefaultPolicy is used unless configured otherwise.
var DefaultPolicy = Policy{ReasonsPerDay: 10}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string, p Policy) *Service {
	if p.ReasonsPerDay <= 0 {
		p.ReasonsPerDay = DefaultPolicy.ReasonsPerDay
	}
	return &Service{store: store, newID: newID, policy: p}
}

// Sort orders of the client list.
const (
	SortName    = "name"
	SortCreated = "created"
	SortUpdated = "updated"
)

// ListFilter pages through the client list.
type ListFilter struct {
	// Sort is SortName, SortCreated or SortUpdated; without one the list
	// is most recently updated first (SortUpdated, Desc). Names are sealed
	// at rest, so the name order costs the store a pass over every client
	// of the organisation (ADR 13).
	Sort     string
	Desc     bool
	Page     int // from 1
	PageSize int // 1–200, default 50
}

func (f *ListFilter) normalize() {
	switch f.Sort {
	case SortName, SortCreated, SortUpdated:
	default:
		f.Sort, f.Desc = SortUpdated, true
	}
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PageSize < 1 || f.PageSize > 200 {
		f.PageSize = 50
	}
}

// Page is one page of the client list.
type Page struct {
	Items    []Summary
	Total    int
	Page     int
	PageSize int
}

// CreateOptions steer Create.
type CreateOptions struct {
	// RefuseDuplicates makes Create fail with a DuplicateError when a
	// person who looks the same (FindDuplicates) exists, so the UI can ask
	// first.
	RefuseDuplicates bool
}

// DuplicateError reports possible duplicates of a new client.
type DuplicateError struct{ Matches []Summary }

func (e *DuplicateError) Error() string { return "possible duplicate client" }

// errHETUTaken is the answer when another client of the organisation has
// the HETU.
func errHETUTaken() error {
	return apperr.OnField(apperr.Conflict, "client.hetu_taken", "hetu")
}

// Create registers a new client. It returns the client and the existing
// clients that look like the same person (FindDuplicates: the same birth
// date and a name the name search matches).
// Caseworkers and supervisors; the creating caseworker becomes
// responsible. Errors: Invalid (with fields), Conflict when the HETU is
// already registered in the organisation, DuplicateError with
// RefuseDuplicates, Forbidden without client.create.
//
// Both refusals tell the user that a person is a client, so each is
// logged as a use of the existing client: the 409 against the holder of
// the HETU, the duplicates as clients the answer showed.
func (s *Service) Create(ctx context.Context, actor access.Actor, d Details, opts CreateOptions) (Client, []Summary, error) {
	var c Client
	var dups []Summary
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ClientCreate, Touched: "card"}, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		d.Normalize()
		if err := d.Validate(Today(now)); err != nil {
			return err
		}
		if d.HETU != "" {
			holder, err := tx.ClientWithHETU(actor.OrgID, d.HETU, "")
			if err != nil {
				return err
			}
			if holder != "" {
				e.ClientID, e.Touched = holder, "hetu_taken"
				return gate.Commit(errHETUTaken())
			}
		}
		var err error
		if dups, err = tx.FindDuplicates(actor.OrgID, d, ""); err != nil {
			return err
		}
		e.Shown = summaryIDs(dups)
		if len(dups) > 0 && opts.RefuseDuplicates {
			e.Touched = "duplicate_check"
			return gate.Commit(&DuplicateError{Matches: dups})
		}
		c = Client{ID: s.newID(), OrgID: actor.OrgID, Details: d, CodeLists: codes.Versions(),
			CreatedAt: now, CreatedBy: actor.UserID, UpdatedAt: now, UpdatedBy: actor.UserID, Version: 1}
		for i := range c.Permits {
			c.Permits[i].ID = s.newID()
		}
		if err := tx.InsertClient(&c); err != nil {
			return err
		}
		if actor.Has(access.Caseworker) {
			// The creator becomes a responsible caseworker (also a user of an
			// employment area acting for the municipality).
			if err := tx.Assign(actor.OrgID, c.ID, actor.UserID, actor.UserID, now); err != nil {
				return err
			}
		}
		c.hideAddressFrom(actor)
		e.ClientID = c.ID
		return nil
	})
	if err != nil {
		return Client{}, nil, err
	}
	return c, dups, nil
}

// Get opens a client card: details and permits. Whoever may read the
// client (client.read and need-to-know). Errors: NotFound for a client the
// actor may not see or that does not exist, reason-required
// (gate.IsReasonRequired).
func (s *Service) Get(ctx context.Context, actor access.Actor, id string) (Client, error) {
	var c Client
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientRead, ClientID: id, Touched: TouchedClient},
		func(tx Tx, e *audit.Entry) error {
			var err error
			c, err = ReadClient(tx, actor, id, e)
			return err
		})
	return answer(c, err)
}

// TouchedClient is what reading the client as Get does touches.
const TouchedClient = "card,permits"

// ReadClient is Get inside a transaction that the caller has authorized
// for id (Get, or a client overview): the client with its permits, the
// protected address hidden from those who may not see it. A record merged
// into another is a MergedError.
func ReadClient(tx Tx, actor access.Actor, id string, e *audit.Entry) (Client, error) {
	if _, err := notMerged(tx, actor.OrgID, id, e); err != nil {
		return Client{}, err
	}
	c, err := tx.Client(actor.OrgID, id)
	if err != nil {
		return Client{}, err
	}
	c.hideAddressFrom(actor)
	return c, nil
}

// Card is what the client card page shows: the client, its responsible
// caseworkers and, for those who assign, the colleagues to choose from.
type Card struct {
	Client
	Assignments []Assignment
	Colleagues  []Colleague // only for actors with client.assign
	OpenMerge   *Merge      // an unconfirmed merge into the client
	TeamID      string      // the client's team, "" for none
	Teams       []Team      // the teams to choose from: only for actors with client.assign
}

// Card reads the card page in one transaction with one log entry; the
// HETU comes masked (MaskHETU): showing it in full is RevealHETU. Who may
// call it and the errors are those of Get.
func (s *Service) Card(ctx context.Context, actor access.Actor, id string) (Card, error) {
	var c Card
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientRead, ClientID: id, Touched: TouchedCard},
		func(tx Tx, e *audit.Entry) error {
			var err error
			c, err = ReadCard(tx, actor, id, e)
			return err
		})
	return answer(c, err)
}

// ReadCard is Card inside a transaction that the caller has authorized
// for id (Card, or the client overview); e.Touched should include
// TouchedCard.
func ReadCard(tx Tx, actor access.Actor, id string, e *audit.Entry) (Card, error) {
	var c Card
	var err error
	if c.OpenMerge, err = notMerged(tx, actor.OrgID, id, e); err != nil {
		return c, err
	}
	if c.Client, err = tx.Client(actor.OrgID, id); err != nil {
		return c, err
	}
	c.HETU = MaskHETU(c.HETU)
	c.hideAddressFrom(actor)
	if c.Assignments, err = tx.Assignments(actor.OrgID, id); err != nil {
		return c, err
	}
	if err := nameAssignments(tx, c.Assignments); err != nil {
		return c, err
	}
	if c.TeamID, err = tx.ClientTeam(actor.OrgID, id); err != nil {
		return c, err
	}
	if actor.Can(access.ClientAssign) {
		if c.Teams, err = tx.Teams(actor.OrgID); err != nil {
			return c, err
		}
		c.Colleagues, err = tx.Colleagues(actor.OrgID)
	}
	return c, err
}

func (c *Client) hideAddressFrom(actor access.Actor) {
	if c.AddressProtected && !actor.Can(access.ClientReadProtectedAddress) {
		c.Address = Address{}
		c.AddressHidden = true
	}
}

// Update changes a client's details. apply receives the current details —
// a protected address the actor may not see is empty, and addressHidden
// says so — and edits them; the result is validated and stored with a
// change-history row for every changed field. A hidden address stays as
// it was whatever apply does: whoever may not see it may not change it.
// version, when not 0, must match the stored version (optimistic
// locking). Whoever may update the client (client.update and
// need-to-know). Errors: those of Get, Invalid, Conflict (version, or a
// HETU another client has — logged as a use of that client).
func (s *Service) Update(ctx context.Context, actor access.Actor, id string, version int, apply func(d *Details, addressHidden bool) error) (Client, error) {
	c, _, err := s.UpdateChecked(ctx, actor, id, version, apply)
	return c, err
}

// UpdateChecked is Update that also returns the other clients that look
// like the same person after a change of the HETU, name or birth date
// (FindDuplicates; logged as shown). A HETU another client holds is a
// HETUTakenError: the two may be one person, to be merged.
func (s *Service) UpdateChecked(ctx context.Context, actor access.Actor, id string, version int, apply func(d *Details, addressHidden bool) error) (Client, []Summary, error) {
	var c Client
	var dups []Summary
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientUpdate, ClientID: id, Touched: "card"},
		func(tx Tx, e *audit.Entry) error {
			if _, err := notMerged(tx, actor.OrgID, id, e); err != nil {
				return err
			}
			old, err := tx.Client(actor.OrgID, id)
			if err != nil {
				return err
			}
			if version != 0 && version != old.Version {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			c = old
			c.Details = old.Details.clone()
			c.hideAddressFrom(actor)
			if err := apply(&c.Details, c.AddressHidden); err != nil {
				return err
			}
			if c.AddressHidden {
				c.Address = old.Address
				c.AddressProtected = old.AddressProtected
			}
			now := tx.Now()
			c.Normalize()
			if err := c.ValidateChange(Today(now), &old.Details); err != nil {
				return err
			}
			if c.HETU != "" && c.HETU != old.HETU {
				holder, err := tx.ClientWithHETU(actor.OrgID, c.HETU, id)
				if err != nil {
					return err
				}
				if holder != "" {
					e.Touched, e.Result = "hetu_taken", audit.Denied
					if err := tx.AppendAudit(gate.Entry(actor, access.ClientUpdate, holder, "hetu_taken", audit.Allowed, now)); err != nil {
						return err
					}
					return gate.Commit(&HETUTakenError{Holder: holder})
				}
			}
			if c.HETU != old.HETU || c.BirthDate != old.BirthDate || c.FirstNames != old.FirstNames || c.LastName != old.LastName {
				if dups, err = tx.FindDuplicates(actor.OrgID, c.Details, id); err != nil {
					return err
				}
				e.Shown = summaryIDs(dups)
			}
			keepOwnPermitIDs(old.Permits, c.Permits, s.newID)
			changes := Diff(old.Details, c.Details)
			if len(changes) > 0 {
				c.UpdatedAt, c.UpdatedBy, c.Version, c.CodeLists = now, actor.UserID, old.Version+1, codes.Versions()
				for i := range changes {
					changes[i].At, changes[i].UserID, changes[i].Username = now, actor.UserID, actor.Username
				}
				if err := tx.UpdateClient(&c, changes); err != nil {
					return err
				}
				e.Touched = "fields:" + changedFields(changes)
			}
			c.hideAddressFrom(actor)
			return nil
		})
	if err != nil {
		return Client{}, nil, err
	}
	return c, dups, nil
}

// keepOwnPermitIDs lets a permit keep its id only if it is one of the
// client's own permits; anything else is a new permit with a new id, so
// an edit can neither take over nor duplicate another permit.
func keepOwnPermitIDs(old, edited []Permit, newID func() string) {
	own := map[string]bool{}
	for _, p := range old {
		own[p.ID] = true
	}
	for i := range edited {
		if !own[edited[i].ID] {
			edited[i].ID = newID()
		}
		delete(own, edited[i].ID)
	}
}

// List pages through the organisation's clients (caseworkers and
// supervisors). The log entry lists the clients the page shows, so each
// client's own log says it appeared in a list. Errors: Forbidden.
func (s *Service) List(ctx context.Context, actor access.Actor, f ListFilter) (Page, error) {
	f.normalize()
	var p Page
	use := gate.Use{Action: access.ClientList, Touched: "list"}
	if f.Sort != SortName {
		err := gate.Org(ctx, s.store, actor, use, func(tx Tx, e *audit.Entry) error {
			var err error
			p, err = tx.ListClients(actor.OrgID, f)
			e.Shown = summaryIDs(p.Items)
			return err
		})
		return answer(p, err)
	}
	var order []string
	inTx := func(fn func(Tx) error) error {
		return s.store.WithNameOrder(ctx, actor.OrgID, func(tx Tx, ids []string) error {
			order = ids
			return fn(tx)
		})
	}
	err := gate.OrgWithin(ctx, s.store, actor, use, inTx, func(tx Tx, e *audit.Entry) error {
		if f.Desc {
			slices.Reverse(order)
		}
		p = Page{Page: f.Page, PageSize: f.PageSize, Total: len(order)}
		from := min((f.Page-1)*f.PageSize, len(order))
		var err error
		// ClientSummaries answers in name order.
		p.Items, err = tx.ClientSummaries(actor.OrgID, order[from:min(from+f.PageSize, len(order))])
		if f.Desc {
			slices.Reverse(p.Items)
		}
		e.Shown = summaryIDs(p.Items)
		return err
	})
	return answer(p, err)
}

// LogItem is one entry of a client's access log as its reader sees it.
type LogItem struct {
	audit.Entry
	// Appearance: the entry is a search, list or check whose answer
	// showed the client (it is in Shown), not a use of the client itself.
	Appearance bool
	// Organisation names the organisation whose user made the attempt
	// when it is not the reader's own (an attempt by another
	// organisation on the reader's client); "" otherwise.
	Organisation string
	// DisplayName is the user's display name now, "" when they have none.
	DisplayName string
}

// AccessLog returns who used a client, newest first, including the
// searches and lists that showed it and the attempts of other
// organisations. Supervisors and data-protection officers
// (audit.read_client); reading it is itself logged. Errors: NotFound.
func (s *Service) AccessLog(ctx context.Context, actor access.Actor, id string) ([]LogItem, error) {
	var items []LogItem
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.AuditReadClient, ClientID: id, Touched: "access_log"},
		func(tx Tx, _ *audit.Entry) error {
			entries, err := tx.ClientAccessLog(actor.OrgID, id, 1000)
			if err != nil {
				return err
			}
			var foreign []string
			for _, e := range entries {
				if e.OrgID != actor.OrgID && !slices.Contains(foreign, e.OrgID) {
					foreign = append(foreign, e.OrgID)
				}
			}
			names, err := tx.OrganisationNames(foreign)
			if err != nil {
				return err
			}
			// The entries of records merged into the client are its own.
			merged, err := tx.MergedFrom(actor.OrgID, id)
			if err != nil {
				return err
			}
			own := append(merged, id)
			users, err := displayNames(tx, entries, func(e audit.Entry) string { return e.UserID })
			if err != nil {
				return err
			}
			items = make([]LogItem, len(entries))
			for i, e := range entries {
				items[i] = LogItem{Entry: e, Appearance: !slices.Contains(own, e.ClientID), Organisation: names[e.OrgID], DisplayName: users[e.UserID]}
			}
			return nil
		})
	return answer(items, err)
}

// summaryIDs lists the ids of summaries, for an entry's Shown.
func summaryIDs(ss []Summary) []string {
	if len(ss) == 0 {
		return nil
	}
	ids := make([]string, len(ss))
	for i, s := range ss {
		ids[i] = s.ID
	}
	return ids
}

// today is the actor's calendar day at now, as the reason limit counts it.
func dayStart(now time.Time) time.Time {
	local := now.In(civil.Helsinki)
	return time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, civil.Helsinki)
}

// answer returns v only when err is nil: no log, no answer — whatever an
// operation read before its log entry failed never leaves the service.
func answer[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
