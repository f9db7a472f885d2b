package client

import "koto/internal/civil"

// Permit is a residence permit (or registration of a right of residence)
// with its application, decision, type, basis and validity.
type Permit struct {
	ID              string
	ApplicationDate civil.Date
	DecisionDate    civil.Date
	Type            PermitType
	Basis           PermitBasis
	ValidFrom       civil.Date
	ValidTo         civil.Date // zero for permanent or open-ended
}

// PermitType is the kind of residence document.
type PermitType string

// Permit types. Kept as data so the UI and API list them in one order.
var PermitTypes = []PermitType{
	"first", "extended", "permanent", "long_term_eu", "eu_registration",
	"residence_card", "nordic_registration", "temporary_protection",
}

// PermitBasis is the ground on which the permit was granted. The first
// groups are those that entitle the municipality to calculated compensation
// (681/2023 chapter 8, see domain.md §3); the last four are ordinary bases.
type PermitBasis string

// Permit bases in display order.
var PermitBases = []PermitBasis{
	"international_protection", "quota_refugee", "humanitarian_admission", "trafficking_victim",
	"individual_humanitarian", "removal_prevented", "family_of_protected", "temporary_protection",
	"work", "study", "family", "other",
}

func validPermitType(t PermitType) bool {
	for _, k := range PermitTypes {
		if k == t {
			return true
		}
	}
	return false
}

func validPermitBasis(b PermitBasis) bool {
	for _, k := range PermitBases {
		if k == b {
			return true
		}
	}
	return false
}
