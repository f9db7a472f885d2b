package consent

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Store is what the consents service needs from persistence: the gate's
// transactions.
type Store interface {
	gate.Store[Tx]
}

// Reader is what the consent checks (Active, MayProcess) read. Every
// method is scoped to one organisation.
type Reader interface {
	// Consents lists a client's consents (and those given under records
	// merged into it), newest first by the day given, with their
	// withdrawals and the scopes opened.
	Consents(orgID, clientID string) ([]Consent, error)
	// ClientServiceEnd is the last day of the client's integration
	// services; zero while they go on. NotFound for a client orgID does
	// not hold.
	ClientServiceEnd(orgID, clientID string) (civil.Date, error)
}

// Tx is what consents need inside a transaction. A consent of another
// client or organisation is apperr.NotFound, like a missing one.
type Tx interface {
	gate.Tx
	Reader
	// InsertConsent seals c's scope with the client's key and stores it.
	InsertConsent(orgID string, c *Consent) error
	// InsertConsentWithdrawal stores w for a consent of clientID;
	// Conflict (consent.already_withdrawn) when it already has one.
	InsertConsentWithdrawal(orgID, clientID string, w *Withdrawal) error
	// UserDisplayNames maps user ids to display names, leaving out users
	// without one.
	UserDisplayNames(ids []string) (map[string]string, error)
	// ConsentForms maps the ids of the client's consents to the ids of
	// the attachments linked to them (their signed forms), oldest first.
	ConsentForms(orgID, clientID string) (map[string][]string, error)
}

// Service is the consents use cases; every method goes through the gate.
type Service struct {
	store Store
	newID func() string
}

// NewService returns a Service over store; newID makes opaque identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// List shows a client's consents, newest first, with the ids of their
// signed forms (consent.read: supervisors, and caseworkers with
// need-to-know). Errors: NotFound (a client the
// actor may not see), reason required.
func (s *Service) List(ctx context.Context, actor access.Actor, clientID string) ([]Consent, error) {
	var out []Consent
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ConsentRead, ClientID: clientID, Touched: "consents"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if out, err = tx.Consents(actor.OrgID, clientID); err != nil {
				return err
			}
			forms, err := tx.ConsentForms(actor.OrgID, clientID)
			if err != nil {
				return err
			}
			for i := range out {
				out[i].Forms = forms[out[i].ID]
			}
			return nameRecorders(tx, out)
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Get shows one consent of the client, as List does. Errors: those of
// List; NotFound for a consent of another client.
func (s *Service) Get(ctx context.Context, actor access.Actor, clientID, consentID string) (Consent, error) {
	var out Consent
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ConsentRead, ClientID: clientID, Touched: "consent:" + consentID},
		func(tx Tx, e *audit.Entry) error {
			c, err := find(tx, actor.OrgID, clientID, consentID)
			if err != nil {
				return err
			}
			cs := []Consent{c}
			err = nameRecorders(tx, cs)
			out = cs[0]
			return err
		})
	if err != nil {
		return Consent{}, err
	}
	return out, nil
}

// Give records a consent the client gave (consent.give, as List); the
// actor is its recorder. It is never edited or deleted afterwards.
// Errors: those of List, Invalid (type, scope, textVersion, given,
// channel).
func (s *Service) Give(ctx context.Context, actor access.Actor, clientID string, in Input) (Consent, error) {
	in.Normalize()
	var c Consent
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ConsentGive, ClientID: clientID, Touched: "consent"},
		func(tx Tx, e *audit.Entry) error {
			now := tx.Now()
			if err := in.Validate(today(now)); err != nil {
				return err
			}
			given, _ := civil.ParseDate(in.Given) // valid: Validate parsed it
			c = Consent{ID: s.newID(), ClientID: clientID, Type: in.Type, Scope: in.Scope, TextVersion: in.TextVersion,
				Given: given, Channel: in.Channel, RecordedBy: actor.UserID, Recorder: actor.Username, CreatedAt: now}
			e.Touched = gate.Touched("consent:"+c.ID, "type:"+c.Type)
			if err := tx.InsertConsent(actor.OrgID, &c); err != nil {
				return err
			}
			cs := []Consent{c}
			err := nameRecorders(tx, cs)
			c = cs[0]
			return err
		})
	if err != nil {
		return Consent{}, err
	}
	return c, nil
}

// Withdraw records the withdrawal of a consent of the client
// (consent.withdraw, as List). It takes effect at once: from the
// withdrawal's date (today when none is given), nothing that depends on
// the consent is allowed. Errors: those of Get, Invalid (date, channel),
// Conflict (consent.already_withdrawn).
func (s *Service) Withdraw(ctx context.Context, actor access.Actor, clientID, consentID string, in WithdrawalInput) (Consent, error) {
	in.Normalize()
	var c Consent
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ConsentWithdraw, ClientID: clientID, Touched: "consent:" + consentID},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if c, err = find(tx, actor.OrgID, clientID, consentID); err != nil {
				return err
			}
			now := tx.Now()
			if err := in.Validate(c, today(now)); err != nil {
				return err
			}
			if c.Withdrawal != nil {
				return apperr.New(apperr.Conflict, "consent.already_withdrawn")
			}
			date := today(now)
			if in.Date != "" {
				date, _ = civil.ParseDate(in.Date) // valid: Validate parsed it
			}
			w := Withdrawal{ID: s.newID(), ConsentID: c.ID, Date: date, Channel: in.Channel, RecordedBy: actor.UserID,
				Recorder: actor.Username, CreatedAt: now}
			e.Touched = gate.Touched(e.Touched, "type:"+c.Type, "withdrawal:"+w.ID)
			if err := tx.InsertConsentWithdrawal(actor.OrgID, c.ClientID, &w); err != nil {
				return err
			}
			c.Withdrawal = &w
			cs := []Consent{c}
			err = nameRecorders(tx, cs)
			c = cs[0]
			return err
		})
	if err != nil {
		return Consent{}, err
	}
	return c, nil
}

// find is the client's consent with id; NotFound when it has none.
func find(tx Reader, orgID, clientID, id string) (Consent, error) {
	cs, err := tx.Consents(orgID, clientID)
	if err != nil {
		return Consent{}, err
	}
	for _, c := range cs {
		if c.ID == id {
			return c, nil
		}
	}
	return Consent{}, apperr.ErrNotFound()
}

// today is the day in Finland at now.
func today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }

// nameRecorders replaces the recorders' usernames with their display
// names where they have one.
func nameRecorders(tx Tx, cs []Consent) error {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.RecordedBy)
		if c.Withdrawal != nil {
			ids = append(ids, c.Withdrawal.RecordedBy)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	names, err := tx.UserDisplayNames(ids)
	if err != nil {
		return err
	}
	for i := range cs {
		if n := names[cs[i].RecordedBy]; n != "" {
			cs[i].Recorder = n
		}
		if w := cs[i].Withdrawal; w != nil {
			if n := names[w.RecordedBy]; n != "" {
				w.Recorder = n
			}
		}
	}
	return nil
}
