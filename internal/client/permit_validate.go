package client

import (
	"koto/internal/apperr"
	"koto/internal/civil"
)

// Normalize fills what is implied: an application without an outcome is
// pending.
func (p *Permit) Normalize() {
	if p.Outcome == "" {
		p.Outcome = Pending
	}
}

// validate checks one permit; field names are prefix + the API's names
// ("permits[0].class"). birth is the person's birth date (zero when not
// known). The checks, in order: choices from the lists; what the outcome
// allows (pending: no decision date, class or validity; refused or
// withdrawn: a decision date, no class or validity; granted: class, ground
// and valid-from); the kind × class × ground table; the dates in order
// (application ≤ decision ≤ valid from ≤ valid to) and none before birth.
func (p *Permit) validate(v *apperr.Validation, prefix string, today, birth civil.Date) {
	f := func(name string) string { return prefix + "." + name }
	switch {
	case p.Kind == "":
		v.Add(f("kind"), "validation.required")
	case !validKind(p.Kind):
		v.Add(f("kind"), "validation.choice")
	}
	if !validOutcome(p.Outcome) {
		v.Add(f("outcome"), "validation.choice")
	}
	if p.Class != "" && !validClass(p.Class) {
		v.Add(f("class"), "validation.choice")
	}
	if p.Ground != "" && !validGround(p.Ground) {
		v.Add(f("ground"), "validation.choice")
	}
	if p.FamilyTieBeforeArrival && p.Ground != GroundFamily {
		v.Add(f("familyTieBeforeArrival"), "permit.family_tie_without_family")
	}
	switch p.Outcome {
	case Pending:
		if !p.DecisionDate.IsZero() {
			v.Add(f("decisionDate"), "permit.pending_has_no_decision")
		}
	case Refused, Withdrawn:
		if p.DecisionDate.IsZero() {
			v.Add(f("decisionDate"), "permit.decision_date_required")
		}
	case Granted:
		if p.Class == "" {
			v.Add(f("class"), "permit.class_required")
		}
		if p.Ground == "" {
			v.Add(f("ground"), "permit.ground_required")
		}
		if p.ValidFrom.IsZero() {
			v.Add(f("validFrom"), "permit.valid_from_required")
		}
	}
	if p.Outcome != Granted && validOutcome(p.Outcome) {
		if p.Class != "" {
			v.Add(f("class"), "permit.class_only_granted")
		}
		if !p.ValidFrom.IsZero() {
			v.Add(f("validFrom"), "permit.validity_only_granted")
		}
		if !p.ValidTo.IsZero() {
			v.Add(f("validTo"), "permit.validity_only_granted")
		}
	}
	p.validateCombination(v, f)
	p.validateDates(v, f, today, birth)
}

// validateCombination checks the kind × class × ground table, naming the
// first field that makes the permit impossible: the class when the kind
// never leads to it, else the ground.
func (p *Permit) validateCombination(v *apperr.Validation, f func(string) string) {
	if !validKind(p.Kind) || v.Has(f("class")) || v.Has(f("ground")) {
		return
	}
	if p.Class != "" {
		if !classAllowed(p.Kind, p.Class) {
			v.Add(f("class"), "permit.class_not_for_kind")
			return
		}
	}
	if p.Ground != "" && !groundAllowed(p.Kind, p.Class, p.Ground) {
		if p.Class != "" {
			v.Add(f("ground"), "permit.ground_not_for_class")
		} else {
			v.Add(f("ground"), "permit.ground_not_for_kind")
		}
	}
}

// validateDates checks that the permit's dates follow one another and that
// none of the application or decision is in the future or before birth.
func (p *Permit) validateDates(v *apperr.Validation, f func(string) string, today, birth civil.Date) {
	pastDate(v, f("applicationDate"), p.ApplicationDate, today)
	pastDate(v, f("decisionDate"), p.DecisionDate, today)
	if !birth.IsZero() {
		if !p.ApplicationDate.IsZero() && p.ApplicationDate.Before(birth) {
			v.Add(f("applicationDate"), "permit.applied_before_birth")
		}
		if !p.DecisionDate.IsZero() && p.DecisionDate.Before(birth) {
			v.Add(f("decisionDate"), "permit.decided_before_birth")
		}
	}
	after := func(field string, d, earlier civil.Date, key string) {
		if !d.IsZero() && !earlier.IsZero() && d.Before(earlier) && !v.Has(f(field)) {
			v.Add(f(field), key)
		}
	}
	after("decisionDate", p.DecisionDate, p.ApplicationDate, "permit.decision_before_application")
	after("validFrom", p.ValidFrom, p.DecisionDate, "permit.valid_from_before_decision")
	if p.DecisionDate.IsZero() {
		after("validFrom", p.ValidFrom, p.ApplicationDate, "permit.valid_from_before_application")
	}
	after("validTo", p.ValidTo, p.ValidFrom, "permit.valid_to_before_from")
}
