package web

import (
	"net/url"

	"koto/internal/overview"
)

// cardPlan is the current plan's box on the card.
type cardPlan struct {
	Href, Kind, Period string
	Version            int
}

// cardReferral is an open referral on the card.
type cardReferral struct {
	Href, Service, Provider, Status, Date string
}

// overview fills the card's overview parts from o.
func (m *cardPage) overview(pg page, o overview.Overview) {
	m.MayPlans, m.MayReferrals, m.MayTimeline = o.MayPlans, o.MayReferrals, o.MayTimeline
	c := "/clients/" + url.PathEscape(m.ID)
	if v := o.Plan; v != nil {
		m.Plan = &cardPlan{Href: c + "/plans/" + url.PathEscape(v.PlanID), Kind: pg.T("plan.kind." + v.Kind),
			Period: dateText(v.StartDate) + " – " + dateText(v.EndDate), Version: v.Number}
	}
	for _, r := range o.Referrals {
		m.Referrals = append(m.Referrals, cardReferral{Href: c + "/referrals#ref-" + url.PathEscape(r.ID),
			Service: serviceText(pg, r.Service), Provider: r.ProviderName,
			Status: pg.T("referral.status." + string(r.Status)), Date: pg.Date(r.Date)})
	}
	m.Events = timelineRows(pg, m.ID, o.Timeline)
}
