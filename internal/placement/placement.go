// Package placement holds a client's reception data and municipal
// placement (681/2023 73 § 9, 40–43 §) and the household links between
// clients of one organisation. It knows no HTTP and no SQL: Service goes
// through the gate (internal/gate) for every read and write.
package placement

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/codes"
)

// Placement is one client's reception data and municipal placement: one
// record per client, replaced as a whole by a save.
type Placement struct {
	// Reception.
	ReceptionCentre string // the reception centre that applied for the placement; sealed
	UNHCRNumber     string // UNHCR registration number; personal, sealed
	QuotaRefugee    bool   // admitted in the refugee quota (affects compensation periods)
	// Placement (43 §): from where, by whom, to which municipality, when.
	PlacedFrom         string     // where the person came from (a reception centre, abroad); sealed
	AssigningAuthority string     // the authority that assigned the municipality (elinvoimakeskus); sealed
	Municipality       string     // codes.Municipalities
	DecisionDate       civil.Date // the assignment decision
	ArrivalDate        civil.Date // arrival in the municipality

	UpdatedAt time.Time
	UpdatedBy string
	// Version counts the saves: 0 when nothing is recorded yet.
	Version int
}

// IsZero reports whether nothing is recorded.
func (p Placement) IsZero() bool { return p.Version == 0 }

const maxText = 200

// Normalize trims text and canonicalises the municipality code.
func (p *Placement) Normalize() {
	p.ReceptionCentre = collapse(p.ReceptionCentre)
	p.UNHCRNumber = strings.ToUpper(collapse(p.UNHCRNumber))
	p.PlacedFrom = collapse(p.PlacedFrom)
	p.AssigningAuthority = collapse(p.AssigningAuthority)
	p.Municipality = codes.Municipalities.Canonical(p.Municipality)
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// Validate checks a placement as entered; old is the stored one (a
// withdrawn municipality code it holds may stay). today is the Finnish
// calendar day. Field names are the API's; keys are translation keys.
func (p *Placement) Validate(today civil.Date, old Placement) error {
	var v apperr.Validation
	text(&v, "receptionCentre", p.ReceptionCentre)
	text(&v, "placedFrom", p.PlacedFrom)
	text(&v, "assigningAuthority", p.AssigningAuthority)
	if p.UNHCRNumber != "" && !unhcrNumber(p.UNHCRNumber) {
		v.Add("unhcrNumber", "placement.unhcr_format")
	}
	switch codes.Municipalities.Status(p.Municipality) {
	case codes.Valid:
	case codes.Withdrawn:
		if p.Municipality != old.Municipality {
			v.Add("municipality", "codes.withdrawn."+codes.Municipalities.Name())
		}
	default:
		if p.Municipality != "" {
			v.Add("municipality", "codes.unknown."+codes.Municipalities.Name())
		}
	}
	for _, d := range []struct {
		field string
		date  civil.Date
	}{{"decisionDate", p.DecisionDate}, {"arrivalDate", p.ArrivalDate}} {
		if !d.date.IsZero() && d.date.After(today) {
			v.Add(d.field, "validation.date_future")
		}
	}
	if !p.DecisionDate.IsZero() && !p.ArrivalDate.IsZero() && p.ArrivalDate.Before(p.DecisionDate) && !v.Has("arrivalDate") {
		v.Add("arrivalDate", "placement.arrival_before_decision")
	}
	if (!p.DecisionDate.IsZero() || !p.ArrivalDate.IsZero()) && p.Municipality == "" && !v.Has("municipality") {
		v.Add("municipality", "validation.required")
	}
	return v.Err()
}

// unhcrNumber accepts what UNHCR registration numbers look like
// ("123-45C67890", "ABC-12345678"): 5–30 letters, digits, hyphens and
// slashes, beginning with a letter or digit.
func unhcrNumber(s string) bool {
	if n := utf8.RuneCountInString(s); n < 5 || n > 30 {
		return false
	}
	for i, r := range s {
		ok := (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || (i > 0 && (r == '-' || r == '/'))
		if !ok {
			return false
		}
	}
	return true
}

func text(v *apperr.Validation, field, s string) {
	if utf8.RuneCountInString(s) > maxText {
		v.Add(field, "validation.too_long", maxText)
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) || r == utf8.RuneError {
			v.Add(field, "validation.text_chars")
			return
		}
	}
}
