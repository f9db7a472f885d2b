package auth

import (
	"context"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

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
		return tx.AppendAudit(logEntry(actor, actor.OrgID, "org.cover", "area:"+area.ID+",municipality:"+mun.ID, audit.Allowed, tx.Now()))
	})
}

// ActingOrgs lists the municipalities the actor's own organisation covers
// (none unless it is an employment area).
func (s *Service) ActingOrgs(ctx context.Context, actor access.Actor) ([]Org, error) {
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
	orgs, err := s.ActingOrgs(ctx, actor)
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
