package referral

import (
	"context"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
	"koto/internal/services"
)

// Provider is a service-provider organisation (org kind provider).
type Provider struct {
	ID, Code, Name string
}

// Event is one step of a referral: its status, the date it happened, and
// for rejected and interrupted the reason (sealed with the client's key).
type Event struct {
	Status Status
	Date   civil.Date
	Reason string
	At     time.Time // when it was recorded
	By     string    // user id
}

// Referral is a client's referral to a provider's service. Status and Date
// are those of the latest event; Events are in order, the first proposed.
type Referral struct {
	ID           string
	ClientID     string
	ProviderID   string
	ProviderCode string
	ProviderName string
	Service      string // a service code of the catalogue
	Status       Status
	Date         civil.Date
	CreatedAt    time.Time
	CreatedBy    string
	Events       []Event
	// ClientName is filled in organisation-wide lists ("Last, First").
	ClientName string
}

// Tx is what referrals need inside a transaction.
type Tx interface {
	gate.Tx
	// Providers lists the organisations of kind provider by name.
	Providers() ([]Provider, error)
	// ProviderByCode returns a provider organisation; NotFound otherwise.
	ProviderByCode(code string) (Provider, error)
	// OwnServices lists the organisation's own services by code.
	OwnServices(orgID string) ([]services.Kind, error)
	// InsertOwnService adds one; a taken code is Conflict.
	InsertOwnService(orgID string, s services.Kind, at time.Time, by string) error
	// InsertReferral stores r with its first event (r.Events[0]).
	InsertReferral(orgID string, r *Referral) error
	// InsertReferrals stores many referrals of orgID with all their
	// events (the bulk path); each referral's status is its last event's.
	InsertReferrals(orgID string, rs []Referral) error
	// InsertReferralEvent appends ev as event number seq (0-based) of
	// the client's referral and makes it the referral's status.
	InsertReferralEvent(orgID, clientID, referralID string, seq int, ev Event) error
	// Referral loads one of the client's referrals with its events;
	// NotFound when the client has none with that id.
	Referral(orgID, clientID, referralID string) (Referral, error)
	// Referrals lists the client's referrals, newest first, with events.
	Referrals(orgID, clientID string) ([]Referral, error)
	// ReferralsByProvider lists the organisation's referrals to a
	// provider (status "" for all), newest first, without events, with
	// the client's name.
	ReferralsByProvider(orgID, providerID string, status Status, limit int) ([]Referral, error)
}

// Store runs referral transactions.
type Store = gate.Store[Tx]

// Service is the referral capability over the gate.
type Service struct {
	store Store
	newID func() string
}

// NewService returns the service; newID makes identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

// ListLimit bounds an organisation-wide list.
const ListLimit = 500

// Overview is what a client's referral page shows: the referrals and what
// a new one may name.
type Overview struct {
	Referrals []Referral
	Providers []Provider
	Services  []services.Kind
}

// ClientReferrals lists a client's referrals with their events, and the
// providers and services a new referral may name (referral.read:
// supervisors, caseworkers with need-to-know). Errors: NotFound (also for
// a client the actor may not see), ErrReasonRequired.
func (s *Service) ClientReferrals(ctx context.Context, actor access.Actor, clientID string) (Overview, error) {
	var out Overview
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ReferralRead, ClientID: clientID, Touched: "referrals"},
		func(tx Tx, _ *audit.Entry) error {
			var err error
			if out.Referrals, err = tx.Referrals(actor.OrgID, clientID); err != nil {
				return err
			}
			if out.Providers, err = tx.Providers(); err != nil {
				return err
			}
			own, err := tx.OwnServices(actor.OrgID)
			out.Services = services.Catalogue(own)
			return err
		})
	if err != nil {
		return Overview{}, err
	}
	return out, nil
}

// NewReferral is the input of Create.
type NewReferral struct {
	Provider string // provider organisation code
	Service  string // service code of the catalogue
	Date     civil.Date
}

// Create refers the client to a provider's service: a referral with
// status proposed on in.Date (referral.create: supervisors, caseworkers
// with need-to-know). Errors: those of ClientReferrals, Invalid
// (provider, service, date).
func (s *Service) Create(ctx context.Context, actor access.Actor, clientID string, in NewReferral) (Referral, error) {
	var r Referral
	in.Provider, in.Service = strings.TrimSpace(in.Provider), strings.TrimSpace(in.Service)
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ReferralCreate, ClientID: clientID, Touched: "referral"},
		func(tx Tx, e *audit.Entry) error {
			p, err := checkNew(tx, actor.OrgID, in, nil, nil)
			if err != nil {
				return err
			}
			now := tx.Now()
			r = Referral{ID: s.newID(), ClientID: clientID, ProviderID: p.ID, ProviderCode: p.Code, ProviderName: p.Name,
				Service: in.Service, Status: Proposed, Date: in.Date, CreatedAt: now, CreatedBy: actor.UserID,
				Events: []Event{{Status: Proposed, Date: in.Date, At: now, By: actor.UserID}}}
			e.Touched = "referral.create:" + r.ID
			return tx.InsertReferral(actor.OrgID, &r)
		})
	if err != nil {
		return Referral{}, err
	}
	return r, nil
}

// checkNew validates a new referral of orgID as Create does and returns
// its provider. The bulk path reads once what Create reads every time:
// own, when not nil, is the organisation's own services (nil reads
// them), and known, when not nil, caches the providers by code.
func checkNew(tx Tx, orgID string, in NewReferral, own []services.Kind, known map[string]Provider) (Provider, error) {
	var v apperr.Validation
	p, cached := known[in.Provider]
	switch {
	case in.Provider == "":
		v.Add("provider", "validation.required")
	case !cached:
		var err error
		p, err = tx.ProviderByCode(in.Provider)
		if apperr.Is(err, apperr.NotFound) {
			v.Add("provider", "referral.provider_unknown")
		} else if err != nil {
			return p, err
		} else if known != nil {
			known[in.Provider] = p
		}
	}
	if own == nil {
		var err error
		if own, err = tx.OwnServices(orgID); err != nil {
			return p, err
		}
	}
	if in.Service == "" {
		v.Add("service", "validation.required")
	} else if _, ok := services.Find(services.Catalogue(own), in.Service); !ok {
		v.Add("service", "referral.service_unknown")
	}
	if in.Date.IsZero() || !in.Date.IsValid() {
		v.Add("date", "validation.date")
	}
	return p, v.Err()
}

// Step is the input of AddStep. A zero Date is today (Europe/Helsinki).
type Step struct {
	Status Status
	Date   civil.Date
	Reason string
}

// AddStep moves a client's referral to the next status of its lifecycle
// (Transitions) and returns the referral with the new event
// (referral.update: supervisors, caseworkers with need-to-know). Errors:
// those of ClientReferrals; NotFound for a referral of another client;
// Invalid on status (an impossible step), date (before the previous
// step), reason (required for rejected and interrupted).
func (s *Service) AddStep(ctx context.Context, actor access.Actor, clientID, referralID string, in Step) (Referral, error) {
	var r Referral
	in.Reason = strings.TrimSpace(in.Reason)
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ReferralUpdate, ClientID: clientID, Touched: "referral:" + referralID},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if r, err = tx.Referral(actor.OrgID, clientID, referralID); err != nil {
				return err
			}
			if len(r.Events) == 0 { // every referral starts with its proposal
				return apperr.New(apperr.Internal, "error.internal")
			}
			if in.Date.IsZero() {
				in.Date = civil.DateOf(tx.Now().In(civil.Helsinki))
			}
			last := r.Events[len(r.Events)-1]
			if err := CheckStep(last.Status, last.Date, in.Status, in.Date, in.Reason); err != nil {
				return err
			}
			ev := Event{Status: in.Status, Date: in.Date, Reason: in.Reason, At: tx.Now(), By: actor.UserID}
			e.Touched = "referral:" + referralID + ",status:" + string(in.Status)
			if err := tx.InsertReferralEvent(actor.OrgID, clientID, referralID, len(r.Events), ev); err != nil {
				return err
			}
			r.Events = append(r.Events, ev)
			r.Status, r.Date = ev.Status, ev.Date
			return nil
		})
	if err != nil {
		return Referral{}, err
	}
	return r, nil
}

// ByProvider lists the organisation's referrals to the provider with code
// (in status, "" for every status), newest first, at most ListLimit, with
// the clients' names (referral.list: supervisors). The log entry lists the
// clients shown. Errors: Forbidden, Invalid (provider, status).
func (s *Service) ByProvider(ctx context.Context, actor access.Actor, providerCode string, status Status) ([]Referral, error) {
	v, err := s.providerReferrals(ctx, actor, providerCode, status, true)
	return v.Referrals, err
}

// ProviderView is the per-provider list page: the providers to choose
// from and, once one is chosen, its referrals.
type ProviderView struct {
	Providers []Provider
	Provider  Provider // zero when none is chosen
	Referrals []Referral
	Services  []services.Kind // the catalogue, to name the services
}

// ProviderReferrals is ByProvider for the list page: with providerCode ""
// it shows only the providers to choose from. Errors: those of ByProvider;
// with Invalid the view still holds the providers and the catalogue.
func (s *Service) ProviderReferrals(ctx context.Context, actor access.Actor, providerCode string, status Status) (ProviderView, error) {
	return s.providerReferrals(ctx, actor, providerCode, status, false)
}

func (s *Service) providerReferrals(ctx context.Context, actor access.Actor, providerCode string, status Status, required bool) (ProviderView, error) {
	var out ProviderView
	providerCode = strings.TrimSpace(providerCode)
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ReferralList, Touched: "referrals"}, func(tx Tx, e *audit.Entry) error {
		var err error
		if out.Providers, err = tx.Providers(); err != nil {
			return err
		}
		own, err := tx.OwnServices(actor.OrgID)
		if err != nil {
			return err
		}
		out.Services = services.Catalogue(own)
		var v apperr.Validation
		if status != "" && !ValidStatus(status) {
			v.Add("status", "validation.choice")
		}
		switch {
		case providerCode == "" && required:
			v.Add("provider", "validation.required")
		case providerCode != "":
			out.Provider, err = tx.ProviderByCode(providerCode)
			if apperr.Is(err, apperr.NotFound) {
				v.Add("provider", "referral.provider_unknown")
			} else if err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil || providerCode == "" {
			e.Touched = "providers"
			return err
		}
		e.Touched = "referrals,provider:" + out.Provider.ID
		if status != "" {
			e.Touched += ",status:" + string(status)
		}
		if out.Referrals, err = tx.ReferralsByProvider(actor.OrgID, out.Provider.ID, status, ListLimit); err != nil {
			return err
		}
		for _, r := range out.Referrals {
			if !slices.Contains(e.Shown, r.ClientID) {
				e.Shown = append(e.Shown, r.ClientID)
			}
		}
		return nil
	})
	if apperr.Is(err, apperr.Invalid) {
		return ProviderView{Providers: out.Providers, Services: out.Services}, err
	}
	if err != nil {
		return ProviderView{}, err
	}
	return out, nil
}

// Providers lists the provider organisations (referral.service_list).
// Errors: Forbidden.
func (s *Service) Providers(ctx context.Context, actor access.Actor) ([]Provider, error) {
	var out []Provider
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ReferralServiceList, Touched: "providers"}, func(tx Tx, _ *audit.Entry) error {
		var err error
		out, err = tx.Providers()
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Services lists the organisation's catalogue: the national list and its
// own services (referral.service_list). Errors: Forbidden.
func (s *Service) Services(ctx context.Context, actor access.Actor) ([]services.Kind, error) {
	var out []services.Kind
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ReferralServiceList, Touched: "services"}, func(tx Tx, _ *audit.Entry) error {
		own, err := tx.OwnServices(actor.OrgID)
		out = services.Catalogue(own)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AddService adds a service to the organisation's own catalogue
// (referral.service_manage: supervisors, organisation admins). Errors:
// Forbidden, Invalid (code, nameFi, nameSv, nameEn), Conflict (code taken).
func (s *Service) AddService(ctx context.Context, actor access.Actor, in services.Kind) (services.Kind, error) {
	in = services.NormalizeOwn(in)
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ReferralServiceManage, Touched: "service.add:" + codeText(in.Code)}, func(tx Tx, _ *audit.Entry) error {
		if err := services.ValidateOwn(in); err != nil {
			return err
		}
		return tx.InsertOwnService(actor.OrgID, in, tx.Now(), actor.UserID)
	})
	if err != nil {
		return services.Kind{}, err
	}
	return in, nil
}

// codeText is a service code as the log may hold it.
func codeText(code string) string {
	if services.ValidCode(code) {
		return code
	}
	return "invalid"
}
