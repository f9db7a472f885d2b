// Package gate is the one path to a client's personal data. Every read or
// write of client data goes through Client (one client) or Org (lists,
// searches, queues, reports): the gate authorizes the actor — organisation,
// role and need-to-know — runs the operation in the same transaction and
// appends the access-log entry there, so an operation commits if and only
// if its entry does ("no log, no answer"). A refusal is logged as denied in
// a transaction of its own.
//
// The gate runs over a small transaction interface of its own (Tx), so any
// capability can use it without importing another domain: a capability's
// Tx embeds gate.Tx and adds what it reads and writes. A read of a casework
// record is then a handful of lines that are correct by construction:
//
//	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.PlanRead, ClientID: id, Touched: "plan"},
//		func(tx Tx, e *audit.Entry) error {
//			var err error
//			plan, err = tx.Plan(actor.OrgID, id)
//			return err
//		})
package gate

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
)

// Tx is what the gate needs inside a transaction.
type Tx interface {
	// Now is the transaction's fixed time.
	Now() time.Time
	// Relation returns userID's need-to-know relation to a client of
	// orgID; apperr.NotFound when orgID holds no such client.
	Relation(orgID, clientID, userID string, now time.Time) (access.Relation, error)
	// HoldsClient returns nil when orgID holds the client, apperr.NotFound
	// otherwise: the check for roles that need no relation.
	HoldsClient(orgID, clientID string) error
	// AppendAudit appends an access-log entry in the transaction.
	AppendAudit(e *audit.Entry) error
	// Processable returns nil when casework on a client of orgID may be
	// processed on day, and the refusal otherwise: after the integration
	// period only with the client's consent (consent.MayProcess, ADR 30).
	Processable(orgID, clientID string, day civil.Date) error
	// Restricted reports whether the processing of a client of orgID is
	// restricted (GDPR art. 18, ADR 40) and since when.
	Restricted(orgID, clientID string) (since time.Time, restricted bool, err error)
}

// Store runs the gate's transactions. T is the capability's own
// transaction type, which embeds Tx.
type Store[T Tx] interface {
	// WithTx runs fn in one transaction confined to organisation orgID
	// ("" for actors without one), committed when fn returns nil.
	WithTx(ctx context.Context, orgID string, fn func(tx T) error) error
	// LogAtHolder appends e, a refused attempt on clientID by a user of
	// organisation e.OrgID, which does not hold the client, to the log of
	// the organisation that does, if any: the holder sees who tried. It
	// runs outside the actor's organisation and tells the caller nothing
	// about whether the client exists.
	LogAtHolder(ctx context.Context, clientID string, e *audit.Entry) error
}

// Use describes one use of personal data: what the actor does, to which
// client, and which parts of the record it touches.
type Use struct {
	Action   access.Action
	ClientID string // the client (Client); "" for organisation-wide work
	// Touched names the parts of the record involved ("card,permits",
	// "history", "fields:lastName,phone"); never content.
	Touched string
	// Purpose is why special-category data is used (access.Purposes);
	// required for actions whose rule says so.
	Purpose string
}

// Client authorizes actor's use u of one client and runs fn in the same
// transaction, then appends the log entry that fn may complete (e.Touched,
// e.Shown). The order is fixed: authorize, then the purpose, then the
// consent rule for casework processing (checkProcessing), then fn —
// so a validation error from fn tells the caller only about a client they
// may use.
//
// A client the actor may not see — another organisation's, a missing one,
// or one whose action the actor's roles never allow — is apperr.NotFound,
// the same answer for all. A client of the own organisation that a stated
// reason would open is ErrReasonRequired. Every refusal is logged as
// denied; one about another organisation's client is logged in the
// holder's log too. An error fn returns rolls the transaction back; if it
// is NotFound or Forbidden it is logged as a refusal, other kinds
// (Invalid, Conflict) pass through unlogged, as nothing was disclosed —
// unless fn wraps its answer in Commit.
func Client[T Tx](ctx context.Context, st Store[T], actor access.Actor, u Use, fn func(tx T, e *audit.Entry) error) error {
	if !actor.Can(u.Action) {
		return Denied(ctx, st, actor, u, apperr.ErrNotFound())
	}
	return run(ctx, st, actor, u, within(ctx, st, actor), func(tx T, e *audit.Entry) error {
		if err := authorize(tx, actor, u, e); err != nil {
			return err
		}
		if err := checkPurpose(u); err != nil {
			return err
		}
		if err := checkRestriction(ctx, tx, actor, u); err != nil {
			e.Touched = join(e.Touched, "restricted")
			return err
		}
		if err := checkProcessing(tx, actor, u); err != nil {
			return err
		}
		if u.Purpose != "" {
			e.Touched = join(e.Touched, "purpose:"+u.Purpose)
		}
		return fn(tx, e)
	})
}

// authorize decides u inside tx and notes in e how the access was
// granted: a role that acts on every client of the organisation needs only
// that the organisation holds the client; others need a relation.
func authorize(tx Tx, actor access.Actor, u Use, e *audit.Entry) error {
	if actor.Decide(u.Action, access.Relation{}) == access.Allow {
		return tx.HoldsClient(actor.OrgID, u.ClientID)
	}
	rel, err := tx.Relation(actor.OrgID, u.ClientID, actor.UserID, tx.Now())
	if err != nil {
		return err
	}
	switch actor.Decide(u.Action, rel) {
	case access.Allow:
		if !rel.Assigned && rel.ReasonID != "" {
			// Opened by a stated reason: the entry names it, so the
			// review of the reason finds what it was used for.
			e.Touched = join(e.Touched, "by_reason:"+rel.ReasonID)
		}
		return nil
	case access.NeedReason:
		return ErrReasonRequired()
	}
	return apperr.ErrNotFound()
}

// checkPurpose requires a purpose from access.Purposes for actions whose
// rule asks for one (special-category data).
func checkPurpose(u Use) error {
	if !access.Rules[u.Action].Purpose {
		return nil
	}
	if !slices.Contains(access.Purposes, u.Purpose) {
		return ErrPurposeRequired()
	}
	return nil
}

// checkProcessing applies the consent rule to actions whose rule marks
// them as casework processing: after the client's integration period they
// need an active consent to processing (consent.MayProcess). It runs in
// the operation's transaction, so a withdrawal committed before it takes
// effect at once.
func checkProcessing(tx Tx, actor access.Actor, u Use) error {
	if !access.Rules[u.Action].Processing {
		return nil
	}
	return tx.Processable(actor.OrgID, u.ClientID, civil.DateOf(tx.Now().In(civil.Helsinki)))
}

// ErrRestricted refuses an action that changes, processes or discloses
// the record of a client whose processing is restricted (GDPR art. 18):
// Forbidden, with its own message so the user learns why.
func ErrRestricted() error { return apperr.New(apperr.Forbidden, RestrictedKey) }

// RestrictedKey is the translation key of ErrRestricted; the API names
// its problem type after it.
const RestrictedKey = "client.restricted"

// IsRestricted reports whether err is ErrRestricted.
func IsRestricted(err error) bool {
	var ae *apperr.Error
	return errors.As(err, &ae) && ae.Key == RestrictedKey
}

// CheckRestriction refuses action on a client of actor's organisation
// when the action's rule marks it as changing, processing or disclosing
// the record (access.Rule.Changes), the client's processing is
// restricted and the actor is not the data-protection officer (GDPR art.
// 18, ADR 40). Client applies it to every use; a service that changes a
// second client in the same transaction (a household link) applies it
// to that one too.
func CheckRestriction(tx Tx, actor access.Actor, action access.Action, clientID string) error {
	if !access.Rules[action].Changes || actor.Has(access.DPO) {
		return nil
	}
	_, restricted, err := tx.Restricted(actor.OrgID, clientID)
	if err != nil {
		return err
	}
	if restricted {
		return ErrRestricted()
	}
	return nil
}

// checkRestriction is CheckRestriction for an authorized use u, which
// also notes the client's restriction in the request's Observation, if
// any, so the page that made the use can show the banner without a read
// of its own.
func checkRestriction(ctx context.Context, tx Tx, actor access.Actor, u Use) error {
	obs, _ := ctx.Value(observationKey{}).(*Observation)
	if obs == nil {
		return CheckRestriction(tx, actor, u.Action, u.ClientID)
	}
	since, restricted, err := tx.Restricted(actor.OrgID, u.ClientID)
	if err != nil {
		return err
	}
	obs.note(u.ClientID, since, restricted)
	if restricted && access.Rules[u.Action].Changes && !actor.Has(access.DPO) {
		return ErrRestricted()
	}
	return nil
}

// Observation collects, for one request, whether the clients its uses
// authorized are restricted (ADR 40): a page shows the banner from what
// its own logged use saw, with no extra read or log entry.
type Observation struct {
	mu    sync.Mutex
	since map[string]time.Time // client id → restricted since; absent: not restricted or not used
}

type observationKey struct{}

// Observe returns ctx carrying a new Observation for the uses made with it.
func Observe(ctx context.Context) (context.Context, *Observation) {
	o := &Observation{since: map[string]time.Time{}}
	return context.WithValue(ctx, observationKey{}, o), o
}

// ObservationFrom returns the Observation ctx carries, or nil.
func ObservationFrom(ctx context.Context) *Observation {
	o, _ := ctx.Value(observationKey{}).(*Observation)
	return o
}

func (o *Observation) note(clientID string, since time.Time, restricted bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if restricted {
		o.since[clientID] = since
	} else {
		delete(o.since, clientID)
	}
}

// Restricted reports whether a use in the request found clientID
// restricted, and since when; false when none was authorized.
func (o *Observation) Restricted(clientID string) (time.Time, bool) {
	if o == nil {
		return time.Time{}, false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	since, ok := o.since[clientID]
	return since, ok
}

// Org authorizes actor's organisation-wide use u (a list, a search, a
// queue, a report, a registration) and runs fn in one transaction with the
// log entry, which fn completes: e.Shown lists the clients the answer
// shows, e.ClientID the client a registration creates. A refused action is
// Forbidden; refusals, also those fn returns, are logged as for Client.
func Org[T Tx](ctx context.Context, st Store[T], actor access.Actor, u Use, fn func(tx T, e *audit.Entry) error) error {
	return OrgWithin(ctx, st, actor, u, within(ctx, st, actor), fn)
}

// OrgWithin is Org for work that needs a transaction from elsewhere than
// st.WithTx — a name search, whose store matches the index first (ADR 11):
// inTx runs its function in the transaction that fn and the entry share.
func OrgWithin[T Tx](ctx context.Context, st Store[T], actor access.Actor, u Use, inTx func(func(T) error) error, fn func(tx T, e *audit.Entry) error) error {
	if !actor.Can(u.Action) {
		return Denied(ctx, st, actor, u, apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	return run(ctx, st, actor, u, inTx, fn)
}

// within runs a function in a transaction of the actor's organisation.
func within[T Tx](ctx context.Context, st Store[T], actor access.Actor) func(func(T) error) error {
	return func(fn func(T) error) error { return st.WithTx(ctx, actor.OrgID, fn) }
}

// run is the transaction every use shares: fn, then the entry; a refusal
// is logged on its own after the rollback, and a Commit answer commits
// what fn logged before it is returned.
func run[T Tx](ctx context.Context, st Store[T], actor access.Actor, u Use, inTx func(func(T) error) error, fn func(tx T, e *audit.Entry) error) error {
	var answer error // an answer whose log entries commit (Commit)
	var e *audit.Entry
	err := inTx(func(tx T) error {
		e = Entry(actor, u.Action, u.ClientID, u.Touched, audit.Allowed, tx.Now())
		err := fn(tx, e)
		var c committed
		if errors.As(err, &c) {
			answer, err = c.err, nil
		}
		if err != nil {
			return err
		}
		return tx.AppendAudit(e)
	})
	switch {
	case err != nil && refuses(err):
		if e != nil { // the refusal is logged with what fn had found out
			u.ClientID, u.Touched = e.ClientID, e.Touched
		}
		return Denied(ctx, st, actor, u, err)
	case err != nil:
		return err
	}
	return answer
}

// Commit wraps the answer of an operation that must not change the record
// but whose disclosure is a use all the same: the transaction commits the
// log entries written so far and the operation's entry, and Client or Org
// returns err. A registration refused because the HETU is already
// registered is one: the refusal tells the user the person is a client,
// so it is logged as a use of that client. fn must not have written
// anything else before returning Commit.
func Commit(err error) error { return committed{err} }

type committed struct{ err error }

func (c committed) Error() string { return c.err.Error() }

// Denied logs a refused use in a transaction of its own (the operation's
// transaction, if any, has been rolled back) and returns err. A refusal
// about a client the actor's organisation does not hold also goes to the
// holder's log. If logging fails the caller gets the logging error: no
// log, no answer. Transports call it for routes the actor's roles never
// allow.
func Denied[T Tx](ctx context.Context, st Store[T], actor access.Actor, u Use, err error) error {
	touched := u.Touched
	if IsReasonRequired(err) {
		touched = join(touched, "reason_required")
	}
	var at time.Time
	notHeld := false
	logErr := st.WithTx(ctx, actor.OrgID, func(tx T) error {
		at = tx.Now()
		e := Entry(actor, u.Action, u.ClientID, touched, audit.Denied, at)
		if u.ClientID != "" && apperr.Is(err, apperr.NotFound) {
			// Not the own organisation's client (or no client at all):
			// the own log says so, and the holder's log gets the attempt.
			herr := tx.HoldsClient(actor.OrgID, u.ClientID)
			if herr != nil && !apperr.Is(herr, apperr.NotFound) {
				return herr
			}
			if notHeld = herr != nil; notHeld {
				e.Touched = join(e.Touched, "not_held")
			}
		}
		return tx.AppendAudit(e)
	})
	if logErr != nil {
		return logErr
	}
	if notHeld {
		e := Entry(actor, u.Action, u.ClientID, join(touched, "other_organisation"), audit.Denied, at)
		if logErr := st.LogAtHolder(ctx, u.ClientID, e); logErr != nil {
			return logErr
		}
	}
	return err
}

// refuses reports whether err, returned by an operation, refuses access.
func refuses(err error) bool {
	return apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden)
}

// Entry builds the access-log entry of actor's attempt at action: every
// entry Koto writes, including authentication's, is made here. It goes to
// the chain of the actor's organisation (audit.SystemChain for actors
// without one); an actor acting for another organisation is named with
// its home organisation (Via).
func Entry(actor access.Actor, action access.Action, clientID, touched string, result audit.Result, at time.Time) *audit.Entry {
	chain := actor.OrgID
	if chain == "" {
		chain = audit.SystemChain
	}
	return &audit.Entry{Chain: chain, At: at, UserID: actor.UserID, Username: actor.Username, OrgID: actor.OrgID,
		Via: actor.HomeOrgCode, Roles: actor.RoleNames(), Action: string(action), ClientID: clientID, Touched: touched,
		Result: result, Channel: string(actor.Channel), RequestID: actor.RequestID}
}

// join appends part to a comma-separated touched list.
func join(touched, part string) string {
	if touched == "" {
		return part
	}
	return touched + "," + part
}

// ErrReasonRequired is the answer when the actor may use the client only
// after stating a reason for access (403, problem type reason-required).
func ErrReasonRequired() *apperr.Error { return apperr.New(apperr.Forbidden, reasonRequiredKey) }

// IsReasonRequired reports whether err asks for a reason for access.
func IsReasonRequired(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Key == reasonRequiredKey
}

const reasonRequiredKey = "access.reason_required"

// ErrPurposeRequired is the answer when special-category data is asked
// for without a valid purpose: Invalid, on the field "purpose".
func ErrPurposeRequired() *apperr.Error {
	return apperr.InvalidField("purpose", "validation.choice")
}

// IsPurposeRequired reports whether err is ErrPurposeRequired.
func IsPurposeRequired(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Kind == apperr.Invalid && len(ae.Fields) == 1 && ae.Fields[0].Field == "purpose"
}

// Touched joins the parts of a record an operation touched.
func Touched(parts ...string) string { return strings.Join(parts, ",") }
