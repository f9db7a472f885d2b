package retention

import (
	"context"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Tx is what the retention pages need inside a transaction; every method
// is scoped to one organisation.
type Tx interface {
	gate.Tx
	// ClientRetentionHold returns the client's legal hold; ok false when
	// there is none.
	ClientRetentionHold(orgID, clientID string) (h Hold, ok bool, err error)
	// PutRetentionHold sets (or replaces) the client's legal hold.
	PutRetentionHold(orgID string, h Hold) error
	// DeleteRetentionHold removes the client's legal hold, if any.
	DeleteRetentionHold(orgID, clientID string) error
	// HeldClients lists the organisation's clients on legal hold with
	// their names, by name.
	HeldClients(orgID string) ([]HeldClient, error)
	// DeletionCertificates lists the deletion certificates, newest first.
	DeletionCertificates() ([]Certificate, error)
	// JobResult returns a job's last run time and result ("" when it has
	// not run).
	JobResult(name string) (at time.Time, result string, err error)
}

// PageStore runs the service's transactions through the gate.
type PageStore interface {
	gate.Store[Tx]
}

// HeldClient is a client on legal hold, as the retention page lists it.
type HeldClient struct {
	Hold
	Name string
}

// JobName is the daily retention job's name in the jobs table.
const JobName = "retention.daily"

// Service is the legal holds and the retention overview for the data
// protection officer (issue 15 item 7); every method goes through the
// gate, so every read and change is in the access log.
type Service struct {
	store  PageStore
	engine func() (*Engine, error) // the configured engine, for previews
}

// NewService returns a Service over store; engine builds the configured
// engine for a preview (nil: previews are unavailable).
func NewService(store PageStore, engine func() (*Engine, error)) *Service {
	return &Service{store: store, engine: engine}
}

// Hold returns a client's legal hold (access.RetentionHold: the data
// protection officer); ok false when the client has none. Errors:
// NotFound for a client the actor may not see.
func (s *Service) Hold(ctx context.Context, actor access.Actor, clientID string) (h Hold, ok bool, err error) {
	err = gate.Client(ctx, s.store, actor, gate.Use{Action: access.RetentionHold, ClientID: clientID, Touched: "retention_hold"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			h, ok, err = tx.ClientRetentionHold(actor.OrgID, clientID)
			return err
		})
	return h, ok, err
}

// SetHold puts a legal hold on a client, replacing an earlier one's
// reason. reason is a reference (a court case or request number).
// Errors: NotFound as Hold; Invalid (reason) for a missing or too long
// reason.
func (s *Service) SetHold(ctx context.Context, actor access.Actor, clientID, reason string) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.RetentionHold, ClientID: clientID, Touched: "retention_hold:set"},
		func(tx Tx, e *audit.Entry) error {
			h := Hold{ClientID: clientID, OrgID: actor.OrgID, Reason: strings.TrimSpace(reason), SetBy: actor.Username, SetAt: tx.Now()}
			if err := h.Validate(); err != nil {
				return err
			}
			return tx.PutRetentionHold(actor.OrgID, h)
		})
}

// ClearHold removes a client's legal hold (none: nothing changes, the
// attempt is logged all the same). Errors: NotFound as Hold.
func (s *Service) ClearHold(ctx context.Context, actor access.Actor, clientID string) error {
	return gate.Client(ctx, s.store, actor, gate.Use{Action: access.RetentionHold, ClientID: clientID, Touched: "retention_hold:clear"},
		func(tx Tx, e *audit.Entry) error { return tx.DeleteRetentionHold(actor.OrgID, clientID) })
}

// Overview is the retention page: the organisation's clients on legal
// hold, the deletion certificates and the daily job's last report.
type Overview struct {
	Held         []HeldClient
	Certificates []Certificate
	JobAt        time.Time // zero: the job has not run
	JobResult    string
}

// Overview reads the retention page (access.RetentionPreview: the data
// protection officer); the entry lists the held clients shown. Errors:
// Forbidden for other roles.
func (s *Service) Overview(ctx context.Context, actor access.Actor) (Overview, error) {
	var o Overview
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.RetentionPreview, Touched: "retention:holds,certificates"},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if o.Held, err = tx.HeldClients(actor.OrgID); err != nil {
				return err
			}
			for _, h := range o.Held {
				e.Shown = append(e.Shown, h.ClientID)
			}
			if o.Certificates, err = tx.DeletionCertificates(); err != nil {
				return err
			}
			o.JobAt, o.JobResult, err = tx.JobResult(JobName)
			return err
		})
	return o, err
}

// Rules returns the configured rules (for the page's rules in words).
func (s *Service) Rules() (Rules, error) {
	if s.engine == nil {
		return Default(), nil
	}
	e, err := s.engine()
	if err != nil {
		return Rules{}, err
	}
	return e.Rules, nil
}

// Preview runs the configured rules as a dry run as of asOf for the
// actor's organisation only (access.RetentionPreview) and logs that it
// did. Errors: Forbidden for other roles.
func (s *Service) Preview(ctx context.Context, actor access.Actor, asOf civil.Date) (*Report, error) {
	if !actor.Can(access.RetentionPreview) || s.engine == nil {
		return nil, gate.Denied(ctx, s.store, actor, gate.Use{Action: access.RetentionPreview, Touched: "retention:preview"},
			apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	e, err := s.engine()
	if err != nil {
		return nil, err
	}
	rep, err := e.Preview(ctx, actor, asOf)
	if err != nil {
		return nil, err
	}
	err = gate.Org(ctx, s.store, actor, gate.Use{Action: access.RetentionPreview, Touched: "retention:preview," + asOf.String()},
		func(tx Tx, e *audit.Entry) error { return nil })
	return rep, err
}
