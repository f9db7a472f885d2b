package web

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
)

// permitInput is the permit form exactly as typed, so a form with errors
// comes back with nothing lost. Field names are the API's.
type permitInput struct {
	Kind, ApplicationDate, Outcome, DecisionDate, Class, Ground string
	FamilyTieBeforeArrival                                      bool
	ValidFrom, ValidTo                                          string
	Version                                                     string
}

// parsePermitInput reads the posted permit form.
func parsePermitInput(r *http.Request) permitInput {
	get := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return permitInput{Kind: get("kind"), ApplicationDate: get("applicationDate"), Outcome: get("outcome"),
		DecisionDate: get("decisionDate"), Class: get("class"), Ground: get("ground"),
		FamilyTieBeforeArrival: r.PostFormValue("familyTieBeforeArrival") != "",
		ValidFrom:              get("validFrom"), ValidTo: get("validTo"), Version: get("version")}
}

// permitInputOf fills the form from a stored permit.
func permitInputOf(p client.Permit) permitInput {
	return permitInput{Kind: string(p.Kind), ApplicationDate: p.ApplicationDate.String(), Outcome: string(p.Outcome),
		DecisionDate: p.DecisionDate.String(), Class: string(p.Class), Ground: string(p.Ground),
		FamilyTieBeforeArrival: p.FamilyTieBeforeArrival, ValidFrom: p.ValidFrom.String(), ValidTo: p.ValidTo.String()}
}

// permit returns the permit the form describes; dates that do not parse
// are validation.date errors (and left zero). The domain validates the
// rest, whatever the form's script hid.
func (in permitInput) permit(id string) (client.Permit, apperr.Validation) {
	var v apperr.Validation
	date := func(field, s string) civil.Date {
		if s == "" {
			return civil.Date{}
		}
		d, err := parseDate(s)
		if err != nil {
			v.Add(field, "validation.date")
		}
		return d
	}
	p := client.Permit{ID: id, Kind: client.ApplicationKind(in.Kind), Outcome: client.Outcome(in.Outcome),
		ApplicationDate: date("applicationDate", in.ApplicationDate), DecisionDate: date("decisionDate", in.DecisionDate),
		Class: client.PermitClass(in.Class), Ground: client.Ground(in.Ground), FamilyTieBeforeArrival: in.FamilyTieBeforeArrival,
		ValidFrom: date("validFrom", in.ValidFrom), ValidTo: date("validTo", in.ValidTo)}
	return p, v
}

// atoiOr is the positive number s, else def.
func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}
