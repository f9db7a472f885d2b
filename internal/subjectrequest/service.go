package subjectrequest

import (
	"context"
	"slices"
	"sort"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Handler is a user an objection may be routed to: a supervisor of the
// organisation or a responsible caseworker of the client.
type Handler struct {
	UserID, Name string
}

// Tx is what the requests need inside a transaction; every method is
// scoped to one organisation, and a request of another organisation is
// apperr.NotFound, like a missing one.
type Tx interface {
	gate.Tx
	// SubjectRequests lists the organisation's requests, with the kept
	// records of erased clients, the clients' names opened.
	SubjectRequests(orgID string) ([]Request, error)
	// ClientSubjectRequests lists one client's requests.
	ClientSubjectRequests(orgID, clientID string) ([]Request, error)
	// SubjectRequest is one request (or the kept record of one).
	SubjectRequest(orgID, id string) (Request, error)
	// InsertSubjectRequest and UpdateSubjectRequest seal the free text
	// with the client's key and store r.
	InsertSubjectRequest(r *Request) error
	UpdateSubjectRequest(r *Request) error
	// SubjectRequestClient is the client's name and service language.
	SubjectRequestClient(orgID, clientID string) (name, language string, err error)
	// SubjectRequestHandlers lists the users an objection of the client
	// may be routed to.
	SubjectRequestHandlers(orgID, clientID string) ([]Handler, error)
	// ClientOnHold reports whether the client is on legal hold.
	ClientOnHold(orgID, clientID string) (bool, error)
	// OrganisationNames maps organisation ids to names.
	OrganisationNames(ids []string) (map[string]string, error)
}

// Store runs the service's transactions through the gate.
type Store interface {
	gate.Store[Tx]
}

// Eraser erases the client of a verified, open erasure request in a
// transaction of its own (crypto-shredding, ADR 36), completing the
// request with decision granted and keeping its non-personal record.
// Conflict (retention.erase.on_hold) when the client is on legal hold.
type Eraser interface {
	EraseForSubjectRequest(ctx context.Context, actor access.Actor, r Request) error
}

// Service is the data subject's requests' use cases; every method goes
// through the gate. All but Routed are the data-protection officer's.
type Service struct {
	store  Store
	eraser Eraser
	newID  func() string
}

// NewService returns a Service over store; eraser erases on a granted
// erasure request; newID makes opaque identifiers.
func NewService(store Store, eraser Eraser, newID func() string) *Service {
	return &Service{store: store, eraser: eraser, newID: newID}
}

// View is one request as its page shows it.
type View struct {
	Request
	Controller string    // the organisation's name: the controller of the letter
	Handlers   []Handler // an open objection's possible handlers
	OnHold     bool      // the client is on legal hold (blocks erasure)
}

// List is the organisation's requests matching f, open ones first by
// deadline, then the rest newest first (subject_request.read: the DPO).
// Every client shown is logged. Errors: Forbidden for other roles.
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) ([]Request, error) {
	var out []Request
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.SubjectRequestRead, Touched: "subject_requests"},
		func(tx Tx, e *audit.Entry) error {
			rs, err := tx.SubjectRequests(actor.OrgID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if f.Match(r) {
					out = append(out, r)
					if r.ClientID != "" && !slices.Contains(e.Shown, r.ClientID) {
						e.Shown = append(e.Shown, r.ClientID)
					}
				}
			}
			Sort(out)
			return nil
		})
	return out, err
}

// Sort orders requests: open ones by deadline, then closed ones newest
// received first.
func Sort(rs []Request) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Open() != b.Open() {
			return a.Open()
		}
		if a.Open() {
			return a.Deadline().Before(b.Deadline())
		}
		return b.Received.Before(a.Received)
	})
}

// ForClient lists one client's requests (subject_request.read). Errors:
// NotFound for a client the actor may not see.
func (s *Service) ForClient(ctx context.Context, actor access.Actor, clientID string) ([]Request, error) {
	var out []Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.SubjectRequestRead, ClientID: clientID, Touched: "subject_requests"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			out, err = tx.ClientSubjectRequests(actor.OrgID, clientID)
			Sort(out)
			return err
		})
	return out, err
}

// Get shows one request with what its page needs (subject_request.read).
// Errors: NotFound for another organisation's or a missing request.
func (s *Service) Get(ctx context.Context, actor access.Actor, id string) (View, error) {
	var v View
	err := s.org(ctx, actor, access.SubjectRequestRead, id, "", func(tx Tx, r *Request) (bool, error) {
		var err error
		v, err = s.view(tx, actor, *r)
		return false, err
	})
	return v, err
}

func (s *Service) view(tx Tx, actor access.Actor, r Request) (View, error) {
	v := View{Request: r}
	names, err := tx.OrganisationNames([]string{actor.OrgID})
	if err != nil {
		return v, err
	}
	v.Controller = names[actor.OrgID]
	if r.Kept {
		return v, nil
	}
	if r.Kind == KindObjection && r.Open() {
		if v.Handlers, err = tx.SubjectRequestHandlers(actor.OrgID, r.ClientID); err != nil {
			return v, err
		}
	}
	v.OnHold, err = tx.ClientOnHold(actor.OrgID, r.ClientID)
	return v, err
}

// Register records a request of the client (subject_request.manage: the
// DPO). The letter's language defaults to the client's service language
// when it is fi, sv or en. Errors: NotFound (a client the actor may not
// see), Invalid (kind, channel, received, language, details).
func (s *Service) Register(ctx context.Context, actor access.Actor, clientID string, in Input) (Request, error) {
	in.Normalize()
	var r Request
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.SubjectRequestManage, ClientID: clientID, Touched: "subject_request"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(Today(now)); err != nil {
				return err
			}
			name, lang, err := tx.SubjectRequestClient(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			r = in.New(s.newID(), actor.OrgID, clientID, lang)
			r.RegisteredBy, r.RegistrarName, r.CreatedAt, r.ClientName = actor.UserID, actor.Username, now, name
			e.Touched = gate.Touched("subject_request:"+r.ID, "kind:"+r.Kind)
			return tx.InsertSubjectRequest(&r)
		})
	return r, err
}

// Verify records how the requester's identity was verified
// (subject_request.manage). Errors: NotFound, Invalid (method), Conflict
// (subjectrequest.closed).
func (s *Service) Verify(ctx context.Context, actor access.Actor, id, method string) (Request, error) {
	return s.change(ctx, actor, id, "identity", func(tx Tx, r *Request) error {
		return r.Verify(method, actor.UserID, actor.Username, tx.Now())
	})
}

// Extend extends the deadline (subject_request.manage). Errors: NotFound,
// Invalid (until — after the first deadline, at most received + 3 months
// —, reason, informed — within the first month), Conflict (closed).
func (s *Service) Extend(ctx context.Context, actor access.Actor, id string, in ExtensionInput) (Request, error) {
	return s.change(ctx, actor, id, "extension", func(tx Tx, r *Request) error {
		return r.Extend(in, Today(tx.Now()))
	})
}

// Route routes an objection to a handler: a supervisor of the
// organisation or a responsible caseworker of the client
// (subject_request.manage). Errors: NotFound, Invalid (handler),
// Conflict (not an objection, closed).
func (s *Service) Route(ctx context.Context, actor access.Actor, id, handlerID string) (Request, error) {
	return s.change(ctx, actor, id, "handler", func(tx Tx, r *Request) error {
		hs, err := tx.SubjectRequestHandlers(actor.OrgID, r.ClientID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(hs, func(h Handler) bool { return h.UserID == handlerID })
		if i < 0 {
			var v apperr.Validation
			v.Add("handler", "validation.choice")
			return v.Err()
		}
		return r.Route(hs[i].UserID, hs[i].Name)
	})
}

// Deliver records that the access report or the portable copy was handed
// to the person (subject_request.manage). Errors: NotFound, Conflict
// (another kind, identity not verified, closed).
func (s *Service) Deliver(ctx context.Context, actor access.Actor, id string) (Request, error) {
	return s.change(ctx, actor, id, "delivered", func(tx Tx, r *Request) error {
		return r.Deliver(tx.Now())
	})
}

// Withdraw records the client's withdrawal of the request.
func (s *Service) Withdraw(ctx context.Context, actor access.Actor, id string) (Request, error) {
	return s.change(ctx, actor, id, "withdrawn", func(tx Tx, r *Request) error {
		return r.Withdraw(tx.Now())
	})
}

// Decide records the decision (subject_request.manage). Granting an
// erasure request erases the client (subject_request.erase): only an
// open erasure request of that client whose requester's identity is
// verified, never a client on legal hold; a partial grant of an erasure
// is not possible (erase or refuse with reasons). Errors: NotFound,
// Invalid (decision, reason — required for a refusal or partial grant),
// Conflict (subjectrequest.identity_first, subjectrequest.closed,
// retention.erase.on_hold, subjectrequest.erase_partly).
func (s *Service) Decide(ctx context.Context, actor access.Actor, id string, in DecisionInput) (Request, error) {
	var erase *Request
	r, err := s.change(ctx, actor, id, "decision:"+in.Decision, func(tx Tx, r *Request) error {
		if r.Kind == KindErasure && in.Decision == PartlyGranted {
			return apperr.New(apperr.Conflict, "subjectrequest.erase_partly")
		}
		if err := r.Decide(in, actor.UserID, actor.Username, tx.Now()); err != nil {
			return err
		}
		if r.Kind != KindErasure || r.Decision != Granted {
			return nil
		}
		held, err := tx.ClientOnHold(actor.OrgID, r.ClientID)
		if err != nil {
			return err
		}
		if held {
			return apperr.New(apperr.Conflict, "retention.erase.on_hold")
		}
		erase = r
		return errNoWrite
	})
	if erase == nil {
		return r, err
	}
	if !actor.Can(access.SubjectRequestErase) {
		return Request{}, apperr.ErrNotFound()
	}
	if err := s.eraser.EraseForSubjectRequest(ctx, actor, *erase); err != nil {
		return Request{}, err
	}
	erase.Kept, erase.ClientID, erase.ClientName, erase.Details, erase.Reason, erase.Outcome = true, "", "", "", "", ""
	return *erase, nil
}

// errNoWrite tells change not to store the request: the eraser does.
var errNoWrite = apperr.New(apperr.Internal, "no write")

// change loads request id, applies fn and stores it, logged as
// subject_request.manage with the client.
func (s *Service) change(ctx context.Context, actor access.Actor, id, what string, fn func(Tx, *Request) error) (Request, error) {
	var out Request
	err := s.org(ctx, actor, access.SubjectRequestManage, id, what, func(tx Tx, r *Request) (bool, error) {
		if r.Kept {
			return false, ErrClosed()
		}
		if err := fn(tx, r); err != nil {
			return false, err
		}
		out = *r
		return true, nil
	})
	if err == errNoWrite {
		return out, nil
	}
	return out, err
}

// org runs fn on request id in a gate.Org use of action whose entry names
// the request's client; fn's true stores the request.
func (s *Service) org(ctx context.Context, actor access.Actor, action access.Action, id, what string, fn func(Tx, *Request) (bool, error)) error {
	var noWrite bool
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: action, Touched: gate.Touched("subject_request:" + id)},
		func(tx Tx, e *audit.Entry) error {
			r, err := tx.SubjectRequest(actor.OrgID, id)
			if err != nil {
				return err
			}
			e.ClientID = r.ClientID
			if what != "" {
				e.Touched = gate.Touched(e.Touched, what)
			}
			write, err := fn(tx, &r)
			if err == errNoWrite {
				noWrite = true
				return nil
			}
			if err != nil || !write {
				return err
			}
			return tx.UpdateSubjectRequest(&r)
		})
	if err == nil && noWrite {
		return errNoWrite
	}
	return err
}

// Routed lists the open requests routed to the actor
// (subject_request.routed: supervisors and caseworkers), logged with the
// clients shown.
func (s *Service) Routed(ctx context.Context, actor access.Actor) ([]Request, error) {
	var out []Request
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.SubjectRequestRouted, Touched: "subject_requests:routed"},
		func(tx Tx, e *audit.Entry) error {
			rs, err := tx.SubjectRequests(actor.OrgID)
			if err != nil {
				return err
			}
			for _, r := range rs {
				if r.HandlerID == actor.UserID && r.Open() {
					out = append(out, r)
					e.Shown = append(e.Shown, r.ClientID)
				}
			}
			Sort(out)
			return nil
		})
	return out, err
}

// Today is the day in Finland at now.
func Today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }
