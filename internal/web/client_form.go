package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/httpx"
)

// clientFormPage is the model of the new-client and edit forms, and of
// a section's edit page (Section set, no permits).
type clientFormPage struct {
	page
	Action           string // where the form posts
	Edit             bool
	ClientID         string
	Version          string
	AddressHidden    bool
	Errors           formErrors
	Notice           string // a form-wide message, e.g. a version conflict
	Restored         bool   // the values come from a form kept across an expired session
	Duplicates       []dupRow
	ConfirmDuplicate field
	Groups           []group
	Permits          []group
	PermitCount      int
	Section          string // the section's edit page: its name
}

// group is a fieldset; Name is the section's (identity, language,
// contacts, residence) when it is one.
type group struct {
	Name   string
	Legend string
	Notice string
	Fields []field
	Hidden []hidden
}

type hidden struct{ Name, Value string }

type dupRow struct {
	ID, Name, BirthDate string
}

// The sections of the client form, in the order the new-client form shows
// them. Each has its own edit page that saves only its fields.
const (
	sectionIdentity  = "identity"
	sectionLanguage  = "language"
	sectionContacts  = "contacts"
	sectionResidence = "residence"
)

var clientSections = []string{sectionIdentity, sectionLanguage, sectionContacts, sectionResidence}

// sectionLegendKeys are the sections' titles.
var sectionLegendKeys = map[string]string{
	sectionIdentity: "web.group.identity", sectionLanguage: "web.group.language",
	sectionContacts: "web.group.contact", sectionResidence: "web.group.citizenship",
}

// clientSection builds one section's fieldset from typed input. The
// code-list inputs (languages, citizenships, municipality) stay one line
// each.
func clientSection(b builder, in clientInput, name string) group {
	t := b.p.T
	g := group{Name: name, Legend: t(sectionLegendKeys[name])}
	switch name {
	case sectionIdentity:
		sexes := []string{string(client.Male), string(client.Female)}
		g.Fields = []field{
			b.text("hetu", "field.hetu", in.HETU).withHint(t("web.hint.hetu")),
			b.date("birthDate", "field.birthDate", in.BirthDate),
			b.choice("sex", "field.sex", in.Sex, "sex.", sexes).withHint(t("web.hint.sex")),
			b.text("firstNames", "field.firstNames", in.FirstNames).required(),
			b.text("lastName", "field.lastName", in.LastName).required(),
			b.text("previousNames", "field.previousNames", in.PreviousNames).as("textarea").withHint(t("web.hint.previous_names")),
			b.text("birthPlace", "field.birthPlace", in.BirthPlace),
		}
	case sectionLanguage:
		g.Fields = []field{
			b.text("motherTongue", "field.motherTongue", in.MotherTongue).withHint(t("web.hint.language_code")),
			b.text("serviceLanguage", "field.serviceLanguage", in.ServiceLanguage).withHint(t("web.hint.language_code")),
			b.checkbox("interpreterNeeded", "field.interpreterNeeded", in.InterpreterNeeded),
			b.text("interpreterLanguage", "field.interpreterLanguage", in.InterpreterLanguage).withHint(t("web.hint.language_code")),
		}
	case sectionContacts:
		if in.AddressHidden {
			g.Notice = t("web.address_protected")
		} else {
			g.Fields = []field{
				b.text("address.street", "field.address.street", in.Street).autocomplete("off"),
				b.text("address.postalCode", "field.address.postalCode", in.PostalCode),
				b.text("address.postOffice", "field.address.postOffice", in.PostOffice),
				b.checkbox("addressProtected", "field.addressProtected", in.AddressProtected),
			}
		}
		g.Fields = append(g.Fields,
			b.input("tel", "phone", "field.phone", in.Phone),
			b.input("email", "email", "field.email", in.Email),
		)
	case sectionResidence:
		g.Fields = []field{
			b.text("citizenships", "field.citizenships", in.Citizenships).withHint(t("web.hint.citizenships")),
			b.checkbox("stateless", "field.stateless", in.Stateless),
			b.text("homeMunicipality", "field.homeMunicipality", in.HomeMunicipality).withHint(t("web.hint.municipality")),
			b.date("arrivalDate", "field.arrivalDate", in.ArrivalDate),
			b.date("municipalityRegistered", "field.municipalityRegistered", in.MunicipalityRegistered),
		}
	}
	return g
}

// sectionForm builds the edit page of one section.
func sectionForm(pg page, id, section string, in clientInput, errs formErrors) clientFormPage {
	b := builder{p: pg.p, errs: errs}
	return clientFormPage{page: pg, Errors: errs, Version: in.Version, AddressHidden: in.AddressHidden,
		Action: "/clients/" + id + "/edit/" + section, Edit: true, ClientID: id, Section: section,
		Groups: []group{clientSection(b, in, section)}}
}

// clientForm builds the form model from typed input and errors.
func (h *Handler) clientForm(pg page, in clientInput, errs formErrors) clientFormPage {
	b := builder{p: pg.p, errs: errs}
	t := pg.T
	f := clientFormPage{page: pg, Errors: errs, Version: in.Version, AddressHidden: in.AddressHidden}
	for _, s := range clientSections {
		f.Groups = append(f.Groups, clientSection(b, in, s))
	}
	permits := in.Permits
	if len(permits) == 0 || !permits[len(permits)-1].empty() || permits[len(permits)-1].ID != "" {
		permits = append(permits, permitInput{}) // one empty fieldset to add a permit
	}
	types := make([]string, len(client.PermitTypes))
	for i, v := range client.PermitTypes {
		types[i] = string(v)
	}
	bases := make([]string, len(client.PermitBases))
	for i, v := range client.PermitBases {
		bases[i] = string(v)
	}
	for i, p := range permits {
		pre := "permits[" + strconv.Itoa(i) + "]."
		g := group{Legend: t("web.permit.legend", i+1), Fields: []field{
			b.choice(pre+"type", "field.permit.type", p.Type, "permit.type.", types),
			b.choice(pre+"basis", "field.permit.basis", p.Basis, "permit.basis.", bases),
			b.date(pre+"applicationDate", "field.permit.applicationDate", p.ApplicationDate),
			b.date(pre+"decisionDate", "field.permit.decisionDate", p.DecisionDate),
			b.date(pre+"validFrom", "field.permit.validFrom", p.ValidFrom),
			b.date(pre+"validTo", "field.permit.validTo", p.ValidTo).withHint(t("web.hint.valid_to")),
		}}
		if p.ID != "" {
			g.Hidden = []hidden{{Name: pre + "id", Value: p.ID}}
			g.Fields = append(g.Fields, b.checkbox(pre+"remove", "web.permit.remove", p.Remove))
		} else {
			g.Legend = t("web.permit.new_legend")
		}
		f.Permits = append(f.Permits, g)
	}
	f.PermitCount = len(permits)
	f.ConfirmDuplicate = b.checkbox("confirmDuplicate", "web.duplicate.confirm", in.ConfirmDuplicate)
	return f
}

// formFailure turns a domain error of a form submission into the form's
// status and messages; ok is false for errors the form cannot show (they go
// to h.fail). rename maps domain field names to form field names.
func formFailure(pg page, err error, rename func(string) string) (status int, errs formErrors, notice string, dups []dupRow, ok bool) {
	var dup *client.DuplicateError
	if errors.As(err, &dup) {
		for _, s := range dup.Matches {
			dups = append(dups, dupRow{ID: s.ID, Name: s.FullName(), BirthDate: pg.Date(s.BirthDate)})
		}
		return http.StatusConflict, errs, pg.T("client.possible_duplicate"), dups, true
	}
	ae, isApp := apperr.As(err)
	if !isApp {
		return 0, errs, "", nil, false
	}
	switch ae.Kind {
	case apperr.Invalid, apperr.Conflict:
		errs.addAll(pg.p, ae.Fields, rename)
		if len(ae.Fields) == 0 {
			notice = pg.T(ae.Key)
		}
		return httpx.Status(err), errs, notice, nil, true
	}
	return 0, errs, "", nil, false
}

// localValidation reports the date fields that did not parse together with
// what the domain's own validation says about the rest, so one round trip
// shows every problem. A birth date that did not parse is not also "missing".
func localValidation(pg page, d client.Details, dateErrs apperr.Validation, rename func(string) string) formErrors {
	var errs formErrors
	errs.addAll(pg.p, dateErrs.Fields, rename)
	d.Normalize()
	if ae, ok := apperr.As(d.Validate(civil.DateOf(time.Now()))); ok {
		for _, fe := range ae.Fields {
			if fe.Key == "client.hetu_or_birth_date" && dateErrs.Has("birthDate") {
				continue
			}
			errs.addAll(pg.p, []apperr.FieldError{fe}, rename)
		}
	}
	return errs
}
