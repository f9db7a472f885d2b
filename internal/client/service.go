package client

import (
	"context"
	"strconv"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
)

// Store is what the client service needs from persistence. WithTx runs fn in
// one database transaction confined to organisation orgID ("" for actors
// without one): committed when fn returns nil, rolled back otherwise. The store encrypts the HETU and keeps the search index; the
// service decides who may call it.
type Store interface {
	WithTx(ctx context.Context, orgID string, fn func(tx Tx) error) error
	// WithNameMatches runs fn like WithTx, with the ids of the clients of
	// orgID matching name query q (at least limit when there are that
	// many, best-matching first). The store may match them before the
	// transaction (on SQLite beside its one writer); fn reads what the
	// user sees (ClientSummaries) in the transaction that logs it.
	WithNameMatches(ctx context.Context, orgID, q string, limit int, fn func(tx Tx, ids []string) error) error
}

// Tx is the set of operations available inside a transaction. Every method
// is scoped to one organisation; a client of another organisation is
// reported as apperr.NotFound.
type Tx interface {
	Now() time.Time
	InsertClient(c *Client) error
	Client(orgID, id string) (Client, error)
	UpdateClient(c *Client, changes []Change) error
	ListClients(orgID string, f ListFilter) (Page, error)
	FindByHETU(orgID, hetu string) ([]Summary, error)
	FindByBirthDate(orgID string, d civil.Date, limit int) ([]Summary, error)
	// ClientSummaries returns the summaries of the clients of orgID among
	// ids, in name order.
	ClientSummaries(orgID string, ids []string) ([]Summary, error)
	FindDuplicates(orgID string, d Details, exceptID string) ([]Summary, error)
	HETUTaken(orgID, hetu, exceptID string) (bool, error)
	ClientChanges(orgID, clientID string) ([]Change, error)
	ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error)
	AppendAudit(e *audit.Entry) error

	// Need-to-know.
	ClientSummary(orgID, id string) (Summary, error)
	Relation(orgID, clientID, userID string, now time.Time) (access.Relation, error)
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
	InsertAccessReason(orgID string, r *AccessReason) error
	AccessReasons(orgID string, includeReviewed bool, limit int) ([]AccessReason, error)
	MarkReasonReviewed(orgID, reasonID, by string, at time.Time) (clientID string, err error)

	// Special-category data.
	Sensitive(orgID, clientID string) (Sensitive, error)
	SaveSensitive(orgID, clientID string, data Sensitive) error
}

// Service is the client registry's use cases. Every method takes the actor,
// checks the action before touching the store, and writes one access-log
// entry in the same transaction as the read or write it records. Attempts
// that are refused are logged as denied in a transaction of their own.
type Service struct {
	store Store
	newID func() string
}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
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
	// RefuseDuplicates makes Create fail with a DuplicateError when a person
	// with the same name and birth date exists, so the UI can ask first.
	RefuseDuplicates bool
}

// DuplicateError reports possible duplicates of a new client.
type DuplicateError struct{ Matches []Summary }

func (e *DuplicateError) Error() string { return "possible duplicate client" }

// Create registers a new client. It returns the client and the existing
// clients that look like the same person (same name and birth date).
// Errors: Invalid (with fields), Conflict when the HETU is already
// registered in the organisation, Forbidden without client.create.
func (s *Service) Create(ctx context.Context, actor access.Actor, d Details, opts CreateOptions) (Client, []Summary, error) {
	if !actor.Can(access.ClientCreate) {
		return Client{}, nil, s.deny(ctx, actor, access.ClientCreate, "", "card", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	var c Client
	var dups []Summary
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		now := tx.Now()
		d.Normalize()
		if err := d.Validate(civil.DateOf(now)); err != nil {
			return err
		}
		if d.HETU != "" {
			taken, err := tx.HETUTaken(actor.OrgID, d.HETU, "")
			if err != nil {
				return err
			}
			if taken {
				return &apperr.Error{Kind: apperr.Conflict, Key: "client.hetu_taken",
					Fields: []apperr.FieldError{{Field: "hetu", Key: "client.hetu_taken"}}}
			}
		}
		var err error
		if dups, err = tx.FindDuplicates(actor.OrgID, d, ""); err != nil {
			return err
		}
		if len(dups) > 0 && opts.RefuseDuplicates {
			return &DuplicateError{Matches: dups}
		}
		c = Client{ID: s.newID(), OrgID: actor.OrgID, Details: d,
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
		return tx.AppendAudit(entry(actor, access.ClientCreate, c.ID, "card", audit.Allowed, now))
	})
	if err != nil {
		return Client{}, nil, err
	}
	return c, dups, nil
}

// Get opens a client card (details and permits). A client of another
// organisation, or one that does not exist, is NotFound, and the attempt is
// logged as denied.
func (s *Service) Get(ctx context.Context, actor access.Actor, id string) (Client, error) {
	if !actor.Can(access.ClientRead) {
		return Client{}, s.deny(ctx, actor, access.ClientRead, id, "card", apperr.ErrNotFound())
	}
	var c Client
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		// For a role that reads every client of the organisation, reading
		// the client is the existence check authorize would make first.
		if !orgWide(actor, access.ClientRead) {
			if err := s.authorize(tx, actor, access.ClientRead, id); err != nil {
				return err
			}
		}
		var err error
		if c, err = tx.Client(actor.OrgID, id); err != nil {
			return err
		}
		c.hideAddressFrom(actor)
		return tx.AppendAudit(entry(actor, access.ClientRead, id, "card,permits", audit.Allowed, tx.Now()))
	})
	if err != nil {
		return Client{}, s.refused(ctx, actor, access.ClientRead, id, "card", err)
	}
	return c, nil
}

func (c *Client) hideAddressFrom(actor access.Actor) {
	if c.AddressProtected && !actor.Can(access.ClientReadProtectedAddress) {
		c.Address = Address{}
		c.AddressHidden = true
	}
}

// Update changes a client's details. apply receives the current details
// (with a protected address hidden if the actor may not see it) and edits
// them; the result is validated and stored with a change-history row for
// every changed field. version, when not 0, must match the stored version
// (optimistic locking) or the answer is Conflict.
func (s *Service) Update(ctx context.Context, actor access.Actor, id string, version int, apply func(*Details) error) (Client, error) {
	if !actor.Can(access.ClientUpdate) {
		return Client{}, s.deny(ctx, actor, access.ClientUpdate, id, "card", apperr.ErrNotFound())
	}
	var c Client
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := s.authorize(tx, actor, access.ClientUpdate, id); err != nil {
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
		if err := apply(&c.Details); err != nil {
			return err
		}
		if c.AddressHidden {
			// Whoever may not see a protected address may not change it either.
			c.Address = old.Address
			c.AddressProtected = old.AddressProtected
		}
		now := tx.Now()
		c.Normalize()
		if err := c.Validate(civil.DateOf(now)); err != nil {
			return err
		}
		if c.HETU != "" && c.HETU != old.HETU {
			taken, err := tx.HETUTaken(actor.OrgID, c.HETU, id)
			if err != nil {
				return err
			}
			if taken {
				return &apperr.Error{Kind: apperr.Conflict, Key: "client.hetu_taken",
					Fields: []apperr.FieldError{{Field: "hetu", Key: "client.hetu_taken"}}}
			}
		}
		// A permit keeps its id only if it is one of this client's permits;
		// anything else is a new permit with a new id.
		own := map[string]bool{}
		for _, p := range old.Permits {
			own[p.ID] = true
		}
		for i := range c.Permits {
			if !own[c.Permits[i].ID] {
				c.Permits[i].ID = s.newID()
			}
			delete(own, c.Permits[i].ID)
		}
		changes := Diff(old.Details, c.Details)
		touched := "card"
		if len(changes) > 0 {
			c.UpdatedAt, c.UpdatedBy, c.Version = now, actor.UserID, old.Version+1
			for i := range changes {
				changes[i].At, changes[i].UserID, changes[i].Username = now, actor.UserID, actor.Username
			}
			if err := tx.UpdateClient(&c, changes); err != nil {
				return err
			}
			touched = "fields:" + changedFields(changes)
		}
		c.hideAddressFrom(actor)
		return tx.AppendAudit(entry(actor, access.ClientUpdate, id, touched, audit.Allowed, now))
	})
	if err != nil {
		return Client{}, s.refused(ctx, actor, access.ClientUpdate, id, "card", err)
	}
	return c, nil
}

// List pages through the organisation's clients. The access log gets one
// entry for the list view.
func (s *Service) List(ctx context.Context, actor access.Actor, f ListFilter) (Page, error) {
	if !actor.Can(access.ClientList) {
		return Page{}, s.deny(ctx, actor, access.ClientList, "", "list", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	f.normalize()
	var p Page
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		var err error
		if p, err = tx.ListClients(actor.OrgID, f); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientList, "", listTouched("list", len(p.Items)), audit.Allowed, tx.Now()))
	})
	return p, err
}

// AccessLog returns who accessed a client, newest first. Reading it is
// itself logged.
func (s *Service) AccessLog(ctx context.Context, actor access.Actor, id string) ([]audit.Entry, error) {
	if !actor.Can(access.AuditReadClient) {
		return nil, s.deny(ctx, actor, access.AuditReadClient, id, "access_log", apperr.ErrNotFound())
	}
	var entries []audit.Entry
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if _, err := tx.Client(actor.OrgID, id); err != nil {
			return err
		}
		if err := tx.AppendAudit(entry(actor, access.AuditReadClient, id, "access_log", audit.Allowed, tx.Now())); err != nil {
			return err
		}
		var err error
		entries, err = tx.ClientAccessLog(actor.OrgID, id, 1000)
		return err
	})
	if apperr.Is(err, apperr.NotFound) {
		return nil, s.deny(ctx, actor, access.AuditReadClient, id, "access_log", err)
	}
	return entries, err
}

// History returns the change history of a client, newest first.
func (s *Service) History(ctx context.Context, actor access.Actor, id string) ([]Change, error) {
	if !actor.Can(access.ClientRead) {
		return nil, s.deny(ctx, actor, access.ClientRead, id, "history", apperr.ErrNotFound())
	}
	var changes []Change
	err := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		if err := s.authorize(tx, actor, access.ClientRead, id); err != nil {
			return err
		}
		c, err := tx.Client(actor.OrgID, id)
		if err != nil {
			return err
		}
		if changes, err = tx.ClientChanges(actor.OrgID, id); err != nil {
			return err
		}
		c.hideAddressFrom(actor)
		if c.AddressHidden {
			// The history must not reveal a protected address either.
			for i := range changes {
				if strings.HasPrefix(changes[i].Field, "address.") {
					changes[i].OldValue, changes[i].NewValue, changes[i].Encrypted = "", "", true
				}
			}
		}
		return tx.AppendAudit(entry(actor, access.ClientRead, id, "history", audit.Allowed, tx.Now()))
	})
	if err != nil {
		return nil, s.refused(ctx, actor, access.ClientRead, id, "history", err)
	}
	return changes, nil
}

// LogDenied records a refused attempt that a transport layer stopped before
// calling the service (a route the actor's roles do not allow).
func (s *Service) LogDenied(ctx context.Context, actor access.Actor, action access.Action, clientID string) error {
	return s.deny(ctx, actor, action, clientID, "route", nil)
}

// refused logs err as a denied attempt when it refuses access (not found,
// forbidden, reason required) and returns it; other errors pass through.
func (s *Service) refused(ctx context.Context, actor access.Actor, action access.Action, clientID, touched string, err error) error {
	switch {
	case IsReasonRequired(err):
		return s.deny(ctx, actor, action, clientID, touched+",reason_required", err)
	case apperr.Is(err, apperr.NotFound), apperr.Is(err, apperr.Forbidden):
		return s.deny(ctx, actor, action, clientID, touched, err)
	}
	return err
}

// deny logs a refused attempt in its own transaction (the operation's own
// transaction, if any, has been rolled back) and returns err. If logging
// fails the caller gets the logging error: no log, no answer.
func (s *Service) deny(ctx context.Context, actor access.Actor, action access.Action, clientID, touched string, err error) error {
	logErr := s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error {
		return tx.AppendAudit(entry(actor, action, clientID, touched, audit.Denied, tx.Now()))
	})
	if logErr != nil {
		return logErr
	}
	return err
}

// entry builds an access-log entry for actor.
func entry(actor access.Actor, action access.Action, clientID, touched string, result audit.Result, at time.Time) *audit.Entry {
	chain := actor.OrgID
	if chain == "" {
		chain = audit.SystemChain
	}
	if actor.HomeOrgCode != "" {
		touched += ",via:" + actor.HomeOrgCode
	}
	return &audit.Entry{Chain: chain, At: at, UserID: actor.UserID, Username: actor.Username, OrgID: actor.OrgID,
		Roles: actor.RoleNames(), Action: string(action), ClientID: clientID, Touched: touched,
		Result: result, Channel: string(actor.Channel), RequestID: actor.RequestID}
}

func listTouched(kind string, n int) string {
	return kind + ",results:" + strconv.Itoa(n)
}
