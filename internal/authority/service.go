package authority

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/disclosure"
	"koto/internal/gate"
)

// Tx is what authority requests need inside a transaction. Every method
// is scoped to one organisation; a request of another client or
// organisation is apperr.NotFound, like a missing one.
type Tx interface {
	gate.Tx
	disclosure.Recorder
	Reader
	// DisclosureRequests lists a client's requests (and those of records
	// merged into it), newest first, with their decisions, the
	// requesters and reasons opened.
	DisclosureRequests(orgID, clientID string) ([]Request, error)
	// InsertDisclosureRequest seals r's requester with the client's key
	// and stores it.
	InsertDisclosureRequest(orgID string, r *Request) error
	// InsertDisclosureDecision seals d's reason with the key of clientID
	// (the request's client) and stores it; Conflict
	// (authority.already_decided) when the request has a decision.
	InsertDisclosureDecision(orgID, clientID string, d *Decision) error
	// UserDisplayNames maps user ids to display names, leaving out users
	// without one.
	UserDisplayNames(ids []string) (map[string]string, error)
}

// Store runs the service's transactions through the gate.
type Store interface {
	gate.Store[Tx]
}

// Service is the authority requests' use cases; every method goes
// through the gate.
type Service struct {
	store Store
	newID func() string
}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// ErrOwnRequest refuses a decision by the user who registered the
// request (four eyes).
func ErrOwnRequest() error { return apperr.New(apperr.Forbidden, "authority.own_request") }

// List shows a client's requests, newest first (disclosure.read:
// supervisors and the data-protection officer, caseworkers with
// need-to-know). Errors: NotFound (a client the actor may not see),
// reason required.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Request, error) {
	var out []Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureRead, ClientID: clientID, Touched: "disclosure_requests"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if out, err = tx.DisclosureRequests(actor.OrgID, clientID); err != nil {
				return err
			}
			return nameUsers(tx, out)
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get shows one request of the client, as List does. Errors: those of
// List; NotFound for a request of another client.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, requestID string) (Request, error) {
	var out Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureRead, ClientID: clientID, Touched: "disclosure_request:" + requestID},
		func(tx Tx, e *audit.Entry) error {
			var err error
			out, err = findNamed(tx, actor.OrgID, clientID, requestID)
			return err
		})
	if err != nil {
		return Request{}, err
	}
	return out, nil
}

// Register records an authority's request (disclosure.authority_request:
// supervisors, caseworkers with need-to-know); the actor is its
// registrar and may not decide it. It is never changed afterwards.
// Errors: those of List; Invalid (requester, provision — required, the
// message authority.provision_required —, received, channel, items).
func (s *Service) Register(ctx context.Context, actor access.Actor, clientID string, in Input) (Request, error) {
	in.Normalize()
	var r Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureAuthorityRequest, ClientID: clientID, Touched: "disclosure_request"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(today(now)); err != nil {
				return err
			}
			received, _ := civil.ParseDate(in.Received) // valid: Validate parsed it
			r = Request{ID: s.newID(), ClientID: clientID, Requester: in.Requester, Provision: in.Provision, Received: received,
				Channel: in.Channel, Items: in.Items, RegisteredBy: actor.UserID, Registrar: actor.Username, CreatedAt: now}
			e.Touched = gate.Touched("disclosure_request:" + r.ID)
			if err := tx.InsertDisclosureRequest(actor.OrgID, &r); err != nil {
				return err
			}
			rs := []Request{r}
			err := nameUsers(tx, rs)
			r = rs[0]
			return err
		})
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

// Decide approves or refuses a request (disclosure.authority_decide:
// supervisors), never one the actor registered (four eyes). An approval
// builds the requested parts from the record and records them as a
// disclosure (kind authority, basis law with the named provision) in the
// same transaction; a refusal records its reason and discloses nothing.
// The decision is written once. Errors: NotFound (a client the actor may
// not see, a request of another client), Invalid (decision, reason —
// required for a refusal), Forbidden (authority.own_request), Conflict
// (authority.already_decided).
func (s *Service) Decide(ctx context.Context, actor access.Actor, clientID, requestID string, in DecisionInput) (Request, error) {
	in.Normalize()
	var r Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureAuthorityDecide, ClientID: clientID, Touched: "disclosure_request:" + requestID},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if r, err = find(tx, actor.OrgID, clientID, requestID); err != nil {
				return err
			}
			if err := in.Validate(); err != nil {
				return err
			}
			if r.Decision != nil {
				return apperr.New(apperr.Conflict, "authority.already_decided")
			}
			if r.RegisteredBy == actor.UserID {
				return ErrOwnRequest()
			}
			now := tx.Now()
			d := Decision{ID: s.newID(), RequestID: r.ID, Outcome: in.Decision, Reason: in.Reason, DecidedBy: actor.UserID,
				Decider: actor.Username, CreatedAt: now}
			e.Touched = gate.Touched(e.Touched, "decision:"+d.Outcome)
			if in.Decision == Approve {
				dis, err := s.disclose(tx, actor, clientID, r, now)
				if err != nil {
					return err
				}
				d.DisclosureID = dis.ID
				e.Touched = gate.Touched(e.Touched, "items:"+joinItems(r.Items), "disclosure:"+dis.ID)
			}
			if err := tx.InsertDisclosureDecision(actor.OrgID, r.ClientID, &d); err != nil {
				return err
			}
			r.Decision = &d
			rs := []Request{r}
			err = nameUsers(tx, rs)
			r = rs[0]
			return err
		})
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

// disclose builds the content of r from the record of clientID and
// records it as the disclosure of the approval.
func (s *Service) disclose(tx Tx, actor access.Actor, clientID string, r Request, now time.Time) (disclosure.Disclosure, error) {
	content, err := BuildContent(tx, actor.OrgID, clientID, r.Items)
	if err != nil {
		return disclosure.Disclosure{}, err
	}
	d := disclosure.Disclosure{ID: s.newID(), OrgID: actor.OrgID, ClientID: clientID, Kind: disclosure.KindAuthority,
		Recipient: r.Requester, Basis: disclosure.BasisLaw, BasisDetail: r.Provision, Items: r.Items, Channel: disclosure.ChannelFile,
		RequestID: r.ID, DisclosedBy: actor.UserID, DisclosedUsername: actor.Username, CreatedAt: now}
	if d.Content, d.ContentHash, err = disclosure.Seal(content); err != nil {
		return disclosure.Disclosure{}, err
	}
	return d, tx.InsertDisclosure(actor.OrgID, &d)
}

// Formats of a download.
const (
	FormatJSON = "json"
	FormatPDF  = "pdf"
)

// Delivery is an approved request with the disclosure it recorded, its
// content included: what is handed to the authority.
type Delivery struct {
	Request    Request
	Disclosure disclosure.Disclosure
}

// Download reads the disclosed content of an approved request for
// handing it over (disclosure.authority_decide: supervisors); every
// download is logged with its format. It reads the recorded content, never
// the record anew, so what is handed over is what the hash covers.
// Errors: NotFound (a client the actor may not see, a request of another
// client, a request not approved).
func (s *Service) Download(ctx context.Context, actor access.Actor, clientID, requestID, format string) (Delivery, error) {
	var out Delivery
	if format != FormatJSON && format != FormatPDF {
		return out, apperr.ErrNotFound()
	}
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.DisclosureAuthorityDecide, ClientID: clientID,
		Touched: gate.Touched("disclosure_request:"+requestID, "download:"+format)},
		func(tx Tx, e *audit.Entry) error {
			r, err := findNamed(tx, actor.OrgID, clientID, requestID)
			if err != nil {
				return err
			}
			if r.Decision == nil || r.Decision.DisclosureID == "" {
				return apperr.ErrNotFound()
			}
			d, err := tx.Disclosure(actor.OrgID, clientID, r.Decision.DisclosureID)
			if err != nil {
				return err
			}
			e.Touched = gate.Touched(e.Touched, "disclosure:"+d.ID)
			out = Delivery{Request: r, Disclosure: d}
			return nil
		})
	if err != nil {
		return Delivery{}, err
	}
	return out, nil
}

// find is the client's request with id; NotFound when it has none.
func find(tx Tx, orgID, clientID, id string) (Request, error) {
	rs, err := tx.DisclosureRequests(orgID, clientID)
	if err != nil {
		return Request{}, err
	}
	for _, r := range rs {
		if r.ID == id {
			return r, nil
		}
	}
	return Request{}, apperr.ErrNotFound()
}

// findNamed is find with the users' display names.
func findNamed(tx Tx, orgID, clientID, id string) (Request, error) {
	r, err := find(tx, orgID, clientID, id)
	if err != nil {
		return Request{}, err
	}
	rs := []Request{r}
	err = nameUsers(tx, rs)
	return rs[0], err
}

// today is the day in Finland at now.
func today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }

func joinItems(items []string) string {
	s := ""
	for i, it := range items {
		if i > 0 {
			s += "+"
		}
		s += it
	}
	return s
}

// nameUsers replaces the registrars' and deciders' usernames with their
// display names where they have one.
func nameUsers(tx Tx, rs []Request) error {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.RegisteredBy)
		if r.Decision != nil {
			ids = append(ids, r.Decision.DecidedBy)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := tx.UserDisplayNames(ids)
	if err != nil {
		return err
	}
	for i := range rs {
		if n := names[rs[i].RegisteredBy]; n != "" {
			rs[i].Registrar = n
		}
		if d := rs[i].Decision; d != nil {
			if n := names[d.DecidedBy]; n != "" {
				d.Decider = n
			}
		}
	}
	return nil
}
