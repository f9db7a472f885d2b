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

// Coverage is a municipality an employment area acts for, and the roles
// the area's users get there.
type Coverage struct {
	Org   Org
	Roles []access.Role
}

// CoverageRoles are the roles a coverage may grant: client work only.
// Staff administration (org_admin), the operator's role and the data
// protection officer's stay with the municipality's own staff.
var CoverageRoles = []access.Role{access.Caseworker, access.Supervisor, access.Finance, access.Statistician}

// DefaultCoverageRoles are granted when the operator names none.
var DefaultCoverageRoles = []access.Role{access.Caseworker}

// Tx is the set of operations available inside a transaction.
type Tx interface {
	Now() time.Time
	// InsertOrg stores an organisation with its first encryption key and
	// the head of its access-log chain; a taken code is Conflict.
	InsertOrg(o *Org) error
	OrgByCode(code string) (Org, error)
	Orgs() ([]Org, error)
	// SetCoverage records (or changes the roles of) a coverage.
	SetCoverage(areaID, municipalityID string, roles []access.Role) error
	// Coverages lists an area's coverage by municipality code.
	Coverages(areaID string) ([]Coverage, error)
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
	return apperr.InvalidField(field, key)
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
// municipality municipalityCode: the area's users may act for it with
// those of their roles that are among roles (none given:
// DefaultCoverageRoles). Covering again replaces the roles. Only
// CoverageRoles may be granted. Errors: Forbidden, Invalid.
func (s *Service) Cover(ctx context.Context, actor access.Actor, areaCode, municipalityCode string, roles []access.Role) error {
	if !actor.Can(access.OrgManage) || actor.HomeOrgID != "" {
		return forbidden()
	}
	if len(roles) == 0 {
		roles = DefaultCoverageRoles
	}
	var granted []access.Role
	for _, r := range CoverageRoles { // canonical order, no duplicates
		if slices.Contains(roles, r) {
			granted = append(granted, r)
		}
	}
	for _, r := range roles {
		if !slices.Contains(CoverageRoles, r) {
			return invalid("roles", "org.coverage_role")
		}
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
		if err := tx.SetCoverage(area.ID, mun.ID, granted); err != nil {
			return err
		}
		return tx.AppendAudit(gate.Entry(actor, "org.cover", "", "area:"+area.ID+",municipality:"+mun.ID+",roles:"+roleList(granted), audit.Allowed, tx.Now()))
	})
}

// Covered lists the municipalities the actor's own (home) organisation
// covers, with the roles each grants (none unless it is an employment
// area).
func (s *Service) Covered(ctx context.Context, actor access.Actor) ([]Coverage, error) {
	var out []Coverage
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Coverages(homeOf(actor))
		return err
	})
	return out, err
}

// ActAs returns the actor acting for the municipality with code, which the
// actor's employment area must cover. The acting actor holds only those of
// the user's roles that the coverage grants (client work, never staff
// administration); its HomeOrgID/HomeOrgCode name the area, so every
// access-log entry says for whom the user acted. The own code (or "")
// returns the actor unchanged. An actor already acting for another
// organisation cannot act again (its roles are already narrowed; start
// from the session's own actor). Anything else is Forbidden, and a refusal
// about a municipality is logged in the area's log.
func (s *Service) ActAs(ctx context.Context, actor access.Actor, code string) (access.Actor, error) {
	if code == "" || code == actor.OrgCode {
		return actor, nil
	}
	if actor.HomeOrgID != "" {
		return access.Actor{}, apperr.New(apperr.Forbidden, "org.not_covered")
	}
	var acting access.Actor
	var refusal error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		covs, err := tx.Coverages(actor.OrgID)
		if err != nil {
			return err
		}
		refuse := func(key, reason string) error {
			refusal = apperr.New(apperr.Forbidden, key)
			return tx.AppendAudit(gate.Entry(actor, "org.act_as", "", "org:"+codeText(code)+","+reason, audit.Denied, tx.Now()))
		}
		i := slices.IndexFunc(covs, func(c Coverage) bool { return c.Org.Code == code })
		if i < 0 {
			return refuse("org.not_covered", "not_covered")
		}
		var roles []access.Role
		for _, r := range actor.Roles {
			if slices.Contains(covs[i].Roles, r) {
				roles = append(roles, r)
			}
		}
		if len(roles) == 0 {
			return refuse("org.no_coverage_role", "no_role_in_coverage")
		}
		acting = actor
		acting.HomeOrgID, acting.HomeOrgCode = actor.OrgID, actor.OrgCode
		acting.OrgID, acting.OrgCode = covs[i].Org.ID, covs[i].Org.Code
		acting.Roles = roles
		return nil
	})
	if err != nil {
		return access.Actor{}, err
	}
	if refusal != nil {
		return access.Actor{}, refusal
	}
	return acting, nil
}

// homeOf is the organisation the actor's account belongs to.
func homeOf(actor access.Actor) string {
	if actor.HomeOrgID != "" {
		return actor.HomeOrgID
	}
	return actor.OrgID
}

// ParseRoles reads a comma-separated role list ("" is none).
func ParseRoles(s string) []access.Role {
	var out []access.Role
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, access.Role(r))
		}
	}
	return out
}

func roleList(roles []access.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// codeText is an organisation code from a request as the log may hold it.
func codeText(code string) string {
	if codePattern.MatchString(code) {
		return code
	}
	return "invalid"
}
