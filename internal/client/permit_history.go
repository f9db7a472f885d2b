package client

import (
	"encoding/json"
	"regexp"
	"strings"

	"koto/internal/civil"
)

// permitRecord is a permit as the change history keeps it: codes and
// dates, never words, so each reader sees it in their own language.
type permitRecord struct {
	Kind                   ApplicationKind `json:"kind"`
	ApplicationDate        civil.Date      `json:"applicationDate,omitzero"`
	Outcome                Outcome         `json:"outcome"`
	DecisionDate           civil.Date      `json:"decisionDate,omitzero"`
	Class                  PermitClass     `json:"class,omitempty"`
	Ground                 Ground          `json:"ground,omitempty"`
	FamilyTieBeforeArrival bool            `json:"familyTieBeforeArrival,omitempty"`
	ValidFrom              civil.Date      `json:"validFrom,omitzero"`
	ValidTo                civil.Date      `json:"validTo,omitzero"`
}

// EncodePermits is the history value of permits: a JSON array of their
// codes and dates ("" for none).
func EncodePermits(ps []Permit) string {
	if len(ps) == 0 {
		return ""
	}
	rs := make([]permitRecord, len(ps))
	for i, p := range ps {
		rs[i] = permitRecord{p.Kind, p.ApplicationDate, p.Outcome, p.DecisionDate, p.Class, p.Ground,
			p.FamilyTieBeforeArrival, p.ValidFrom, p.ValidTo}
	}
	b, _ := json.Marshal(rs)
	return string(b)
}

// DecodePermits reads a history value of the "permits" field: the JSON of
// EncodePermits, or the English text the history held before migration
// 0017 ("first/work 2024-01-01–2025-01-01 (applied …, decided …); …"),
// whose old type and basis are read as the migration reads them
// (LegacyPermit). ok is false for a value that is neither.
func DecodePermits(v string) (ps []Permit, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	if strings.HasPrefix(v, "[") {
		var rs []permitRecord
		if err := json.Unmarshal([]byte(v), &rs); err != nil {
			return nil, false
		}
		for _, r := range rs {
			ps = append(ps, Permit{Kind: r.Kind, ApplicationDate: r.ApplicationDate, Outcome: r.Outcome,
				DecisionDate: r.DecisionDate, Class: r.Class, Ground: r.Ground,
				FamilyTieBeforeArrival: r.FamilyTieBeforeArrival, ValidFrom: r.ValidFrom, ValidTo: r.ValidTo})
		}
		return ps, true
	}
	for _, part := range strings.Split(v, "; ") {
		m := legacyText.FindStringSubmatch(part)
		if m == nil {
			return nil, false
		}
		var dates [4]civil.Date
		for i, s := range m[3:7] {
			if s == "" {
				continue
			}
			d, err := civil.ParseDate(s)
			if err != nil {
				return nil, false
			}
			dates[i] = d
		}
		ps = append(ps, LegacyPermit(m[1], m[2], dates[2], dates[3], dates[0], dates[1]))
	}
	return ps, true
}

// legacyText is one permit in the history's text before migration 0017.
var legacyText = regexp.MustCompile(`^(\w+)/(\w+) ([0-9-]*)–([0-9-]*) \(applied ([0-9-]*), decided ([0-9-]*)\)$`)

// LegacyPermit reads a permit recorded before migration 0017 — an old
// permit type (first, extended, permanent, long_term_eu, eu_registration,
// residence_card, nordic_registration, temporary_protection) and basis —
// exactly as the migration's SQL does (the migration test holds them
// together; ADR 16 gives the reasons):
//   - a decision date or a validity means granted; else pending;
//   - the basis is the ground, except international_protection, which did
//     not say which status, kept as GroundInternationalProtection;
//     individual_humanitarian is GroundHumanitarian; family_of_protected
//     is GroundFamily with the tie before arrival (the old basis counted
//     them for compensation);
//   - permanent and long_term_eu are a permanent application (P, P-EU);
//     the registrations and the residence card an EU registration; a first
//     permit on family grounds a family application; a first permit on
//     temporary protection a temporary-protection application;
//   - the class of a first or extended permit follows from its ground
//     where the Aliens Act fixes it (protection, quota and humanitarian
//     admission A; removal prevented and studies B; temporary protection
//     its own); otherwise it is ClassNotRecorded;
//   - a granted permit without a start of validity starts on its decision.
func LegacyPermit(typ, basis string, applied, decided, validFrom, validTo civil.Date) Permit {
	p := Permit{Kind: ApplicationKind(typ), Ground: Ground(basis), ApplicationDate: applied, DecisionDate: decided,
		ValidFrom: validFrom, ValidTo: validTo, Outcome: Pending}
	switch basis {
	case "individual_humanitarian":
		p.Ground = GroundHumanitarian
	case "family_of_protected":
		p.Ground, p.FamilyTieBeforeArrival = GroundFamily, true
	}
	switch typ {
	case "permanent", "long_term_eu":
		p.Kind = KindPermanent
	case "eu_registration", "residence_card", "nordic_registration":
		p.Kind = KindEURegistration
	case "first":
		switch p.Ground {
		case GroundFamily:
			p.Kind = KindFamily
		case GroundTemporaryProtection:
			p.Kind = KindTemporaryProtection
		}
	}
	if decided.IsZero() && validFrom.IsZero() && validTo.IsZero() {
		return p
	}
	p.Outcome = Granted
	if p.ValidFrom.IsZero() {
		p.ValidFrom = decided
	}
	switch typ {
	case "permanent":
		p.Class = ClassP
	case "long_term_eu":
		p.Class = ClassPEU
	case "eu_registration":
		p.Class = ClassEURegistration
	case "residence_card":
		p.Class = ClassEUResidenceCard
	case "nordic_registration":
		p.Class = ClassNordicRegistration
	case "temporary_protection":
		p.Class = ClassTemporaryProtection
	default:
		switch p.Ground {
		case GroundInternationalProtection, GroundQuotaRefugee, GroundHumanitarianAdmission:
			p.Class = ClassA
		case GroundRemovalPrevented, GroundStudy:
			p.Class = ClassB
		case GroundTemporaryProtection:
			p.Class = ClassTemporaryProtection
		default:
			p.Class = ClassNotRecorded
		}
	}
	return p
}
