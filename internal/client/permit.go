package client

import (
	"slices"

	"koto/internal/civil"
)

// Permit is a residence-permit application and Migri's decision on it (or
// an application to register a right of residence), as domain.md §4
// describes: the application's kind and date; the decision's outcome and
// date; for a granted permit its class, its ground and its validity.
type Permit struct {
	ID              string
	Kind            ApplicationKind
	ApplicationDate civil.Date
	Outcome         Outcome
	DecisionDate    civil.Date
	Class           PermitClass // granted only
	// Ground is the ground of the permit when granted; of a pending,
	// refused or withdrawn application it is the ground applied on, if
	// recorded.
	Ground Ground
	// FamilyTieBeforeArrival: the family tie on which a family permit
	// rests existed before the person arrived in Finland (it decides
	// calculated compensation, domain.md §3). Only with GroundFamily.
	FamilyTieBeforeArrival bool
	ValidFrom              civil.Date // granted only
	ValidTo                civil.Date // granted only; zero for permanent or open-ended
}

// ApplicationKind is what was applied for.
type ApplicationKind string

// Application kinds.
const (
	KindFirst               ApplicationKind = "first"
	KindExtended            ApplicationKind = "extended"
	KindPermanent           ApplicationKind = "permanent"
	KindFamily              ApplicationKind = "family"
	KindEURegistration      ApplicationKind = "eu_registration"
	KindTemporaryProtection ApplicationKind = "temporary_protection"
)

// ApplicationKinds in display order.
var ApplicationKinds = []ApplicationKind{KindFirst, KindExtended, KindPermanent, KindFamily, KindEURegistration, KindTemporaryProtection}

// Outcome is the state of the decision on an application.
type Outcome string

// Outcomes of an application.
const (
	Pending   Outcome = "pending"
	Granted   Outcome = "granted"
	Refused   Outcome = "refused"
	Withdrawn Outcome = "withdrawn" // withdrawn by the applicant, or expired
)

// Outcomes in display order.
var Outcomes = []Outcome{Pending, Granted, Refused, Withdrawn}

// PermitClass is the class of a granted permit as the permit card shows
// it, or the registration that stands for a permit.
type PermitClass string

// Permit classes.
const (
	ClassA                   PermitClass = "A"    // continuous
	ClassB                   PermitClass = "B"    // temporary
	ClassP                   PermitClass = "P"    // permanent
	ClassPEU                 PermitClass = "P-EU" // EU long-term resident
	ClassEURegistration      PermitClass = "eu_registration"
	ClassEUResidenceCard     PermitClass = "eu_residence_card" // family member of an EU citizen
	ClassNordicRegistration  PermitClass = "nordic_registration"
	ClassTemporaryProtection PermitClass = "temporary_protection"
	// ClassNotRecorded is the class of a permit recorded before Koto kept
	// classes (migration 0017, ADR 16), where the old permit type did not
	// tell it. It is not offered for new permits.
	ClassNotRecorded PermitClass = "not_recorded"
)

// PermitClasses in display order (ClassNotRecorded last).
var PermitClasses = []PermitClass{ClassA, ClassB, ClassP, ClassPEU, ClassEURegistration, ClassEUResidenceCard,
	ClassNordicRegistration, ClassTemporaryProtection, ClassNotRecorded}

// Ground is the ground on which a permit is applied for or granted.
type Ground string

// Grounds.
const (
	GroundRefugeeStatus         Ground = "refugee_status"
	GroundSubsidiaryProtection  Ground = "subsidiary_protection"
	GroundQuotaRefugee          Ground = "quota_refugee"
	GroundHumanitarianAdmission Ground = "humanitarian_admission"
	GroundHumanitarian          Ground = "humanitarian" // individual humanitarian grounds
	GroundRemovalPrevented      Ground = "removal_prevented"
	GroundTraffickingVictim     Ground = "trafficking_victim"
	GroundTemporaryProtection   Ground = "temporary_protection"
	GroundWork                  Ground = "work"
	GroundStudy                 Ground = "study"
	GroundFamily                Ground = "family"
	GroundOther                 Ground = "other"
	// GroundInternationalProtection is international protection whose
	// status (refugee or subsidiary protection) was not recorded: the
	// ground of permits recorded before Koto told them apart (migration
	// 0017, ADR 16). It is not offered for new permits.
	GroundInternationalProtection Ground = "international_protection"
)

// Grounds in display order (GroundInternationalProtection last).
var Grounds = []Ground{GroundRefugeeStatus, GroundSubsidiaryProtection, GroundQuotaRefugee, GroundHumanitarianAdmission,
	GroundHumanitarian, GroundRemovalPrevented, GroundTraffickingVictim, GroundTemporaryProtection,
	GroundWork, GroundStudy, GroundFamily, GroundOther, GroundInternationalProtection}

// Legacy reports whether the class is kept only for permits recorded
// before migration 0017; forms offer it only to a permit that has it.
func (c PermitClass) Legacy() bool { return c == ClassNotRecorded }

// Legacy reports whether the ground is kept only for permits recorded
// before migration 0017; forms offer it only to a permit that has it.
func (g Ground) Legacy() bool { return g == GroundInternationalProtection }

// CalculatedCompensation reports whether the permit's ground puts the
// person in one of the groups for which the state pays the municipality
// calculated compensation (681/2023 chapter 8, 2 § 3–4 mom., domain.md
// §3): beneficiaries of international protection, quota refugees,
// humanitarian admission, trafficking victims, individual humanitarian
// grounds, removal prevented, temporary protection (the home-municipality
// condition is the compensation rule's, not the permit's), and family
// members whose family tie existed before arrival. It looks at the ground
// only; whether the permit is granted and valid, and the period, are the
// compensation rule's.
func (p Permit) CalculatedCompensation() bool {
	switch p.Ground {
	case GroundRefugeeStatus, GroundSubsidiaryProtection, GroundInternationalProtection, GroundQuotaRefugee,
		GroundHumanitarianAdmission, GroundHumanitarian, GroundRemovalPrevented, GroundTraffickingVictim,
		GroundTemporaryProtection:
		return true
	case GroundFamily:
		// (verify) 681/2023 2 § 4 mom. names the family members of the
		// protected groups; Koto records the tie, not the sponsor's ground.
		return p.FamilyTieBeforeArrival
	}
	return false
}

// combination is one row of the table of permits Migri grants: an
// application of Kind may lead to a permit of Class on any of Grounds.
type combination struct {
	Kind    ApplicationKind
	Class   PermitClass
	Grounds []Ground
}

// Ground sets used by several rows.
var (
	// groundsContinuous can give a continuous (A) permit. International
	// protection, quota refugees and humanitarian admission give A
	// (Aliens Act 301/2004 45 §, 87–93 §); a trafficking victim B or A
	// (52 a–b §); work, family and other grounds A or B by the case.
	groundsContinuous = []Ground{GroundRefugeeStatus, GroundSubsidiaryProtection, GroundInternationalProtection,
		GroundQuotaRefugee, GroundHumanitarianAdmission, GroundHumanitarian, GroundTraffickingVictim,
		GroundWork, GroundFamily, GroundOther}
	// groundsTemporary can give a temporary (B) permit: removal
	// prevented (51 §), studies, a trafficking victim's reflection-period
	// permit, and work, family and other grounds by the case.
	groundsTemporary = []Ground{GroundRemovalPrevented, GroundTraffickingVictim, GroundWork, GroundStudy,
		GroundFamily, GroundOther}
	// groundsPermanent: a permanent or EU long-term permit follows years
	// on a continuous permit; its ground is that of the residence behind
	// it. (verify) Studies and removal prevented do not lead there.
	groundsPermanent = []Ground{GroundRefugeeStatus, GroundSubsidiaryProtection, GroundInternationalProtection,
		GroundQuotaRefugee, GroundHumanitarianAdmission, GroundHumanitarian, GroundTraffickingVictim,
		GroundWork, GroundFamily, GroundOther}
	// groundsRegistration: an EU or Nordic citizen registers the right of
	// residence on work (or self-employment), studies, family, or
	// sufficient means (other).
	groundsRegistration = []Ground{GroundWork, GroundStudy, GroundFamily, GroundOther}
	// groundsAny is for a permit recorded before classes were kept.
	groundsAny = []Ground{GroundRefugeeStatus, GroundSubsidiaryProtection, GroundInternationalProtection,
		GroundQuotaRefugee, GroundHumanitarianAdmission, GroundHumanitarian, GroundRemovalPrevented,
		GroundTraffickingVictim, GroundWork, GroundStudy, GroundFamily, GroundOther}
)

// combinations are the permits an application can lead to: kind × class ×
// ground. The rows marked (verify) are Koto's reading of the Aliens Act
// and Migri's guidance, not confirmed from the law text; change the data,
// not the code, when they prove wrong.
var combinations = []combination{
	{KindFirst, ClassA, groundsContinuous},
	{KindFirst, ClassB, groundsTemporary},
	{KindFirst, ClassNotRecorded, groundsAny},
	{KindExtended, ClassA, groundsContinuous},
	{KindExtended, ClassB, groundsTemporary},
	{KindExtended, ClassTemporaryProtection, []Ground{GroundTemporaryProtection}}, // (verify) extension of temporary protection
	{KindExtended, ClassNotRecorded, groundsAny},
	{KindPermanent, ClassP, groundsPermanent},
	{KindPermanent, ClassPEU, groundsPermanent},
	{KindFamily, ClassA, []Ground{GroundFamily}},
	{KindFamily, ClassB, []Ground{GroundFamily}}, // (verify) a family member of a B holder gets B
	{KindFamily, ClassNotRecorded, []Ground{GroundFamily}},
	{KindEURegistration, ClassEURegistration, groundsRegistration},
	{KindEURegistration, ClassEUResidenceCard, []Ground{GroundFamily}},
	{KindEURegistration, ClassNordicRegistration, groundsRegistration},
	{KindTemporaryProtection, ClassTemporaryProtection, []Ground{GroundTemporaryProtection}},
}

// classAllowed reports whether an application of kind can lead to a
// permit of class.
func classAllowed(kind ApplicationKind, class PermitClass) bool {
	return slices.ContainsFunc(combinations, func(c combination) bool { return c.Kind == kind && c.Class == class })
}

// groundAllowed reports whether an application of kind can lead to a
// permit of class on ground; with class "" whether it can on ground at all.
func groundAllowed(kind ApplicationKind, class PermitClass, ground Ground) bool {
	return slices.ContainsFunc(combinations, func(c combination) bool {
		return c.Kind == kind && (class == "" || c.Class == class) && slices.Contains(c.Grounds, ground)
	})
}

// ClassesFor lists the classes an application of kind can lead to, in
// display order; legacy classes only when keep is one of them.
func ClassesFor(kind ApplicationKind, keep PermitClass) []PermitClass {
	var out []PermitClass
	for _, c := range PermitClasses {
		if classAllowed(kind, c) && (!c.Legacy() || c == keep) {
			out = append(out, c)
		}
	}
	return out
}

// Allowed lists every allowed kind, class and ground combination as
// "kind/class/ground", for the form's script and the documentation.
func Allowed() []string {
	var out []string
	for _, c := range combinations {
		for _, g := range c.Grounds {
			out = append(out, string(c.Kind)+"/"+string(c.Class)+"/"+string(g))
		}
	}
	return out
}

func validKind(k ApplicationKind) bool { return slices.Contains(ApplicationKinds, k) }
func validOutcome(o Outcome) bool      { return slices.Contains(Outcomes, o) }
func validClass(c PermitClass) bool    { return slices.Contains(PermitClasses, c) }
func validGround(g Ground) bool        { return slices.Contains(Grounds, g) }
