package web

import "koto/internal/client"

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
