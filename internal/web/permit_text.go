package web

import (
	"strings"

	"koto/internal/civil"
	"koto/internal/client"
)

// permitCardRow is a permit as the card lists it, in words.
type permitCardRow struct {
	ID, Application, Decision, Permit, Validity string
}

// permitRow words a permit for the card: the application (kind, date),
// the decision (outcome, date), the permit (class, ground, family tie) and
// its validity.
func permitRow(pg page, p client.Permit) permitCardRow {
	return permitCardRow{ID: p.ID,
		Application: join(pg.T("permit.kind."+string(p.Kind)), dated(pg, "permit.text.applied", p.ApplicationDate)),
		Decision:    strings.TrimSpace(pg.T("permit.outcome."+string(p.Outcome)) + " " + pg.Date(p.DecisionDate)),
		Permit:      permitGround(pg, p),
		Validity:    validity(pg, p),
	}
}

// permitWords is a permit in one line, as the change history shows it.
func permitWords(pg page, p client.Permit) string {
	r := permitRow(pg, p)
	return join(r.Application, r.Decision, r.Permit, r.Validity)
}

func permitGround(pg page, p client.Permit) string {
	var parts []string
	if p.Class != "" {
		parts = append(parts, pg.T("permit.class."+string(p.Class)))
	}
	if p.Ground != "" {
		parts = append(parts, pg.T("permit.ground."+string(p.Ground)))
	}
	if p.FamilyTieBeforeArrival {
		parts = append(parts, pg.T("permit.text.family_tie"))
	}
	return join(parts...)
}

func validity(pg page, p client.Permit) string {
	switch {
	case p.ValidFrom.IsZero():
		return ""
	case p.ValidTo.IsZero():
		return pg.T("permit.text.valid_from", pg.Date(p.ValidFrom))
	}
	return pg.T("permit.text.valid", pg.Date(p.ValidFrom), pg.Date(p.ValidTo))
}

// dated is key with the date d, "" without one.
func dated(pg page, key string, d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return pg.T(key, pg.Date(d))
}

// join joins the non-empty parts with " · ".
func join(parts ...string) string {
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, " · ")
}
