package web

import (
	"errors"
	"net/http"
	"time"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/gate"
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
	MergeURL         string // a HETU another record holds: the merge page (supervisors)
	MergeAsk         bool   // … or the advice to ask a supervisor
	ConfirmDuplicate field
	Groups           []group
	Section          string // the section's edit page: its name
	// Pickers are the code pickers of the fields of type "codepicker",
	// by field name (codes.html).
	Pickers map[string]codePicker
}

// group is a fieldset; Name is the section's (identity, language,
// contacts, residence) when it is one.
type group struct {
	Name   string
	Legend string
	Notice string
	Fields []field
	Hidden []hidden
	// Pickers are the code pickers of the fields of type "codepicker",
	// by field name (codes.html).
	Pickers map[string]codePicker
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
	// sectionService (service end and death) has an edit page only; a
	// new client's service has not ended (service_end.go).
	sectionService = "service"
)

var clientSections = []string{sectionIdentity, sectionLanguage, sectionContacts, sectionResidence}

// sectionLegendKeys are the sections' titles.
var sectionLegendKeys = map[string]string{
	sectionIdentity: "web.group.identity", sectionLanguage: "web.group.language",
	sectionContacts: "web.group.contact", sectionResidence: "web.group.citizenship",
	sectionService: "placement.group.service",
}

// clientSection builds one section's fieldset from typed input; the code
// pickers of its fields are added to pickers (codes.html).
func clientSection(pg page, b builder, in clientInput, name string, pickers map[string]codePicker) group {
	t := b.p.T
	picker := func(name, labelKey, hintKey, list, value string, max int) field {
		values := []string{value}
		if max > 1 {
			values = splitList(value)
		}
		pickers[name] = newPicker(pg, b.errs, name, labelKey, t(hintKey), list, values, max)
		return b.input("codepicker", name, labelKey, value)
	}
	g := group{Name: name, Legend: t(sectionLegendKeys[name]), Pickers: pickers}
	switch name {
	case sectionIdentity:
		var sexes []string
		for _, s := range client.Sexes {
			sexes = append(sexes, string(s))
		}
		g.Fields = []field{
			b.text("hetu", "field.hetu", in.HETU).withHint(t("web.hint.hetu")),
			b.date("birthDate", "field.birthDate", in.BirthDate),
			b.choice("sex", "field.sex", in.Sex, "sex.", sexes).withHint(t("client.hint.sex_stated")),
			b.text("firstNames", "field.firstNames", in.FirstNames).required(),
			b.text("lastName", "field.lastName", in.LastName).required(),
			b.text("previousNames", "field.previousNames", in.PreviousNames).as("textarea").withHint(t("web.hint.previous_names")),
			b.text("birthPlace", "field.birthPlace", in.BirthPlace),
		}
	case sectionLanguage:
		g.Fields = []field{
			picker("motherTongue", "field.motherTongue", "codes.hint.language", codes.LanguageList, in.MotherTongue, 1),
			picker("serviceLanguage", "field.serviceLanguage", "codes.hint.language", codes.LanguageList, in.ServiceLanguage, 1),
			b.checkbox("interpreterNeeded", "field.interpreterNeeded", in.InterpreterNeeded),
			picker("interpreterLanguage", "field.interpreterLanguage", "codes.hint.language", codes.LanguageList, in.InterpreterLanguage, 1),
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
			picker("citizenships", "field.citizenships", "codes.hint.citizenships", codes.CountryList, in.Citizenships, 5),
			b.checkbox("stateless", "field.stateless", in.Stateless),
			b.text("nationality", "field.nationality", in.Nationality).withHint(t("codes.hint.nationality")),
			picker("homeMunicipality", "field.homeMunicipality", "codes.hint.municipality", codes.MunicipalityList, in.HomeMunicipality, 1),
			b.date("arrivalDate", "field.arrivalDate", in.ArrivalDate),
			b.date("municipalityRegistered", "field.municipalityRegistered", in.MunicipalityRegistered),
		}
	case sectionService:
		g.Fields = serviceFields(b, in)
	}
	return g
}

// sectionForm builds the edit page of one section.
func sectionForm(pg page, id, section string, in clientInput, errs formErrors) clientFormPage {
	b := builder{p: pg.p, errs: errs}
	f := clientFormPage{page: pg, Errors: errs, Version: in.Version, AddressHidden: in.AddressHidden,
		Action: "/clients/" + id + "/edit/" + section, Edit: true, ClientID: id, Section: section,
		Pickers: map[string]codePicker{}}
	f.Groups = []group{clientSection(pg, b, in, section, f.Pickers)}
	return f
}

// clientForm builds the form model from typed input and errors.
func (h *Handler) clientForm(pg page, in clientInput, errs formErrors) clientFormPage {
	b := builder{p: pg.p, errs: errs}
	f := clientFormPage{page: pg, Errors: errs, Version: in.Version, AddressHidden: in.AddressHidden,
		Pickers: map[string]codePicker{}}
	for _, s := range clientSections {
		f.Groups = append(f.Groups, clientSection(pg, b, in, s, f.Pickers))
	}
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
	if gate.IsRestricted(err) {
		// The client's processing is restricted (ADR 40): the form comes
		// back with what was typed and the reason.
		return http.StatusForbidden, errs, pg.T(ae.Key), nil, true
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
	if ae, ok := apperr.As(d.Validate(client.Today(time.Now()))); ok {
		for _, fe := range ae.Fields {
			if fe.Key == "client.hetu_or_birth_date" && dateErrs.Has("birthDate") {
				continue
			}
			errs.addAll(pg.p, []apperr.FieldError{fe}, rename)
		}
	}
	return errs
}
