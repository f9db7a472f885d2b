package web

import (
	"net/http"
	"strings"

	"koto/internal/client"
)

// permitFormPage is the model of the page that adds or edits one permit.
type permitFormPage struct {
	page
	ClientID, ClientName string
	Action               string // where the form posts
	RemoveAction         string // edit only: where the removal posts
	Version              string
	Errors               formErrors
	Notice               string
	Application          []field
	Decision             []field
	// Allowed lists the kind/class/ground combinations for the form's
	// script, which hides what does not apply; the server decides.
	Allowed string
}

// permitForm builds the form model from typed input and errors. Choices
// are shown by name; the legacy class and ground are offered only to a
// permit that has them.
func permitForm(pg page, clientID string, in permitInput, errs formErrors) permitFormPage {
	b := builder{p: pg.p, errs: errs}
	t := pg.T
	f := permitFormPage{page: pg, ClientID: clientID, Version: in.Version, Errors: errs,
		Allowed: strings.Join(client.Allowed(), " ")}
	all := func(string) bool { return true }
	kinds := codesOf(client.ApplicationKinds, all)
	outcomes := codesOf(client.Outcomes, all)
	classes := codesOf(client.PermitClasses, func(c string) bool { return !client.PermitClass(c).Legacy() || c == in.Class })
	grounds := codesOf(client.Grounds, func(g string) bool { return !client.Ground(g).Legacy() || g == in.Ground })
	outcome := in.Outcome
	if outcome == "" {
		outcome = string(client.Pending)
	}
	f.Application = []field{
		b.choice("kind", "field.permit.kind", in.Kind, "permit.kind.", kinds).required(),
		b.date("applicationDate", "field.permit.applicationDate", in.ApplicationDate),
	}
	f.Decision = []field{
		b.choice("outcome", "field.permit.outcome", outcome, "permit.outcome.", outcomes).withHint(t("web.permit.hint.outcome")),
		b.date("decisionDate", "field.permit.decisionDate", in.DecisionDate),
		b.choice("ground", "field.permit.ground", in.Ground, "permit.ground.", grounds),
		b.checkbox("familyTieBeforeArrival", "field.permit.familyTieBeforeArrival", in.FamilyTieBeforeArrival).
			withHint(t("web.permit.hint.family_tie")),
		b.choice("class", "field.permit.class", in.Class, "permit.class.", classes).withHint(t("web.permit.hint.not_granted")),
		b.date("validFrom", "field.permit.validFrom", in.ValidFrom),
		b.date("validTo", "field.permit.validTo", in.ValidTo).withHint(t("web.hint.valid_to")),
	}
	// Outcome has no empty choice: an application is pending until decided.
	f.Decision[0].Options = f.Decision[0].Options[1:]
	return f
}

// codesOf lists the codes of xs that keep accepts.
func codesOf[T ~string](xs []T, keep func(string) bool) []string {
	var out []string
	for _, x := range xs {
		if keep(string(x)) {
			out = append(out, string(x))
		}
	}
	return out
}

// showPermitForm renders the permit form with status.
func (h *Handler) showPermitForm(w http.ResponseWriter, r *http.Request, status int, f permitFormPage) {
	h.render(w, r, status, "permit_form", f)
}
