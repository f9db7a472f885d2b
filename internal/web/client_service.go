package web

import (
	"koto/internal/access"
	"koto/internal/client"
)

// serviceFields are the fields of the client's section "service": the
// end of integration services with its reason, and the date of death
// (which ends the service when no end is given).
func serviceFields(b builder, in clientInput) []field {
	t := b.p.T
	return []field{
		b.date("serviceEnd", "field.serviceEnd", in.ServiceEnd).withHint(t("placement.hint.service_end")),
		b.choice("serviceEndReason", "field.serviceEndReason", in.ServiceEndReason, "service_end_reason.", client.ServiceEndReasons),
		b.date("dateOfDeath", "field.dateOfDeath", in.DateOfDeath).withHint(t("placement.hint.date_of_death")),
	}
}

// service fills the card's rows of the service end and death, and the
// link to the reception and placement page.
func (m *cardPage) service(pg page, a access.Actor, c client.Client) {
	reason := ""
	if c.ServiceEndReason != "" {
		reason = pg.T(client.ReasonKey(c.ServiceEndReason))
	}
	m.Service = []item{
		{pg.T("field.serviceEnd"), pg.Date(c.ServiceEnd)},
		{pg.T("field.serviceEndReason"), reason},
		{pg.T("field.dateOfDeath"), pg.Date(c.DateOfDeath)},
	}
	m.CanPlacement = a.Can(access.PlacementRead)
}
