// Package org holds the organisations that own records and employ users —
// municipalities, employment areas, the national operator (KEHA-keskus)
// and service providers — and the coverage that lets an employment area's
// users act for the municipalities it covers. Tenancy is data: every record
// and every user belongs to exactly one organisation.
package org

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Kind is the kind of an organisation.
type Kind string

const (
	Municipality   Kind = "municipality"
	EmploymentArea Kind = "employment_area"
	Operator       Kind = "operator" // KEHA-keskus, the national operator
	Provider       Kind = "provider" // service provider receiving referrals
)

// Kinds in display order.
var Kinds = []Kind{Municipality, EmploymentArea, Operator, Provider}

// Org is an organisation that owns records and employs users.
type Org struct {
	ID        string
	Code      string // e.g. the Statistics Finland municipality code
	Name      string
	Kind      Kind
	CreatedAt time.Time
}

// Store is what the organisation service needs from persistence.
type Store interface {
	// WithTx runs fn in a system transaction (organisations are not
	// confined to one organisation's scope).
	WithTx(ctx context.Context, fn func(tx Tx) error) error
}

// Tx is the set of operations available inside a transaction.
type Tx interface {
	Now() time.Time
	// InsertOrg stores an organisation with its first encryption key and
	// the head of its access-log chain; a taken code is Conflict.
	InsertOrg(o *Org) error
	OrgByCode(code string) (Org, error)
	Orgs() ([]Org, error)
	InsertCoverage(areaID, municipalityID string) error
	CoveredOrgs(areaID string) ([]Org, error)
	AppendAudit(e *audit.Entry) error
}

// Service administers organisations and answers which organisations a
// user may act for.
type Service struct {
	store Store
	newID func() string
}

// NewService returns the organisation service; newID makes identifiers.
func NewService(store Store, newID func() string) *Service {
	return &Service{store: store, newID: newID}
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

func forbidden() error { return apperr.New(apperr.Forbidden, "error.forbidden") }

func invalid(field, key string) error {
	return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid", Fields: []apperr.FieldError{{Field: field, Key: key}}}
}

// Add creates an organisation with its encryption key and its access-log
// chain. Only the operator (CLI, operator_admin) may. Errors: Forbidden,
// Invalid, Conflict (code taken).
func (s *Service) Add(ctx context.Context, actor access.Actor, o Org) (Org, error) {
	if !actor.Can(access.OrgManage) {
		return Org{}, forbidden()
	}
	o.Code, o.Name = strings.TrimSpace(o.Code), strings.TrimSpace(o.Name)
	var v apperr.Validation
	if !codePattern.MatchString(o.Code) {
		v.Add("code", "org.code")
	}
	if o.Name == "" || len(o.Name) > 200 {
		v.Add("name", "validation.required")
	}
	if !slices.Contains(Kinds, o.Kind) {
		v.Add("kind", "validation.choice")
	}
	if err := v.Err(); err != nil {
		return Org{}, err
	}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		o.ID, o.CreatedAt = s.newID(), tx.Now()
		if err := tx.InsertOrg(&o); err != nil {
			return err
		}
		return tx.AppendAudit(gate.Entry(actor, "org.add", "", "org:"+o.ID, audit.Allowed, tx.Now()))
	})
	return o, err
}

// List lists all organisations (the operator).
func (s *Service) List(ctx context.Context, actor access.Actor) ([]Org, error) {
	if !actor.Can(access.OrgManage) {
		return nil, forbidden()
	}
	var out []Org
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Orgs()
		return err
	})
	return out, err
}

// Cover records that the employment area areaCode acts for the
// municipality municipalityCode: the area's users may act for it.
func (s *Service) Cover(ctx context.Context, actor access.Actor, areaCode, municipalityCode string) error {
	if !actor.Can(access.OrgManage) {
		return forbidden()
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		area, err := tx.OrgByCode(strings.TrimSpace(areaCode))
		if err != nil || area.Kind != EmploymentArea {
			return invalid("area", "org.not_area")
		}
		mun, err := tx.OrgByCode(strings.TrimSpace(municipalityCode))
		if err != nil || mun.Kind != Municipality {
			return invalid("municipality", "org.not_municipality")
		}
		if err := tx.InsertCoverage(area.ID, mun.ID); err != nil {
			return err
		}
		return tx.AppendAudit(gate.Entry(actor, "org.cover", "", "area:"+area.ID+",municipality:"+mun.ID, audit.Allowed, tx.Now()))
	})
}

// Covered lists the municipalities the actor's own organisation covers
// (none unless it is an employment area).
func (s *Service) Covered(ctx context.Context, actor access.Actor) ([]Org, error) {
	home := actor.OrgID
	if actor.HomeOrgID != "" {
		home = actor.HomeOrgID
	}
	var out []Org
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.CoveredOrgs(home)
		return err
	})
	return out, err
}

// ActAs returns the actor acting for the municipality with code, which the
// actor's employment area must cover; its own code returns the actor
// unchanged. Anything else is Forbidden.
func (s *Service) ActAs(ctx context.Context, actor access.Actor, code string) (access.Actor, error) {
	if code == "" || code == actor.OrgCode {
		return actor, nil
	}
	orgs, err := s.Covered(ctx, actor)
	if err != nil {
		return access.Actor{}, err
	}
	for _, o := range orgs {
		if o.Code == code {
			actor.HomeOrgID, actor.HomeOrgCode = actor.OrgID, actor.OrgCode
			actor.OrgID, actor.OrgCode = o.ID, o.Code
			return actor, nil
		}
	}
	return access.Actor{}, apperr.New(apperr.Forbidden, "org.not_covered")
}
