package client

import (
	"slices"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Ending records when and why the client's integration services ended,
// and the date of death (issue 13 item 8). The retention clock starts from
// the service end. A date of death implies the service end: a death
// without one ends the service on that day for the reason ReasonDeath.
type Ending struct {
	ServiceEnd       civil.Date // the last day of service; zero while the service goes on
	ServiceEndReason string     // one of ServiceEndReasons; set exactly when Date is
	DateOfDeath      civil.Date
}

// Reasons for the end of service, in display order; their names are the
// translation keys "service_end_reason.<code>".
const (
	ReasonMovedAway      = "moved-away"
	ReasonEmployed       = "employed"
	ReasonPlanCompleted  = "plan-completed"
	ReasonNoLongerNeeded = "no-longer-needed"
	ReasonDeath          = "death"
	ReasonOther          = "other"
)

// ServiceEndReasons are the codes of the reasons, in display order.
var ServiceEndReasons = []string{ReasonMovedAway, ReasonEmployed, ReasonPlanCompleted, ReasonNoLongerNeeded, ReasonDeath, ReasonOther}

// ReasonKey is the translation key of a reason's name.
func ReasonKey(code string) string { return "service_end_reason." + code }

// Ended reports whether the service has ended.
func (s Ending) Ended() bool { return !s.ServiceEnd.IsZero() }

// normalize trims the reason and fills in what a death implies.
func (s *Ending) normalize() {
	s.ServiceEndReason = strings.TrimSpace(s.ServiceEndReason)
	if !s.DateOfDeath.IsZero() && s.ServiceEnd.IsZero() {
		s.ServiceEnd = s.DateOfDeath
		if s.ServiceEndReason == "" {
			s.ServiceEndReason = ReasonDeath
		}
	}
}

// validateServiceEnd checks the service end and the date of death: a
// reason exactly when there is an end, from ServiceEndReasons; neither
// date in the future; death not before birth; the service end not before
// arrival or registration in the municipality; nothing after a death —
// neither the service end nor arrival nor registration; the reason death
// only with a date of death.
func (d *Details) validateServiceEnd(v *apperr.Validation, today civil.Date, birthKnown bool) {
	s := d.Ending
	pastDate(v, "serviceEnd", s.ServiceEnd, today)
	pastDate(v, "dateOfDeath", s.DateOfDeath, today)
	switch {
	case s.ServiceEnd.IsZero() && s.ServiceEndReason != "":
		v.Add("serviceEnd", "validation.required")
	case !s.ServiceEnd.IsZero() && s.ServiceEndReason == "":
		v.Add("serviceEndReason", "validation.required")
	case s.ServiceEndReason != "" && !slices.Contains(ServiceEndReasons, s.ServiceEndReason):
		v.Add("serviceEndReason", "validation.choice")
	case s.ServiceEndReason == ReasonDeath && s.DateOfDeath.IsZero():
		v.Add("dateOfDeath", "client.death_reason_needs_date")
	}
	if birthKnown && !s.DateOfDeath.IsZero() && s.DateOfDeath.Before(d.BirthDate) && !v.Has("dateOfDeath") {
		v.Add("dateOfDeath", "client.death_before_birth")
	}
	if !s.ServiceEnd.IsZero() && !v.Has("serviceEnd") {
		switch {
		case !d.MunicipalityRegistered.IsZero() && s.ServiceEnd.Before(d.MunicipalityRegistered):
			v.Add("serviceEnd", "client.service_end_before_registration")
		case !d.ArrivalDate.IsZero() && s.ServiceEnd.Before(d.ArrivalDate):
			v.Add("serviceEnd", "client.service_end_before_arrival")
		case birthKnown && s.ServiceEnd.Before(d.BirthDate):
			v.Add("serviceEnd", "client.service_end_before_birth")
		}
	}
	if death := s.DateOfDeath; !death.IsZero() && !v.Has("dateOfDeath") {
		after := func(field string, x civil.Date) {
			if !x.IsZero() && x.After(death) && !v.Has(field) {
				v.Add(field, "client.after_death")
			}
		}
		after("serviceEnd", s.ServiceEnd)
		after("arrivalDate", d.ArrivalDate)
		after("municipalityRegistered", d.MunicipalityRegistered)
	}
}
