package web

import (
	"errors"
	"net/http"
	"time"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/httpx"
)

// clientFormPage is the model of the new-client and edit forms.
type clientFormPage struct {
	page
	Action           string // where the form posts
	Edit             bool
	ClientID         string
	Version          string
	AddressHidden    bool
	Errors           formErrors
	Notice           string // a form-wide message, e.g. a version conflict
	Duplicates       []dupRow
	MergeURL         string // a HETU another record holds: the merge page (supervisors)
	MergeAsk         bool   // … or the advice to ask a supervisor
	ConfirmDuplicate field
	Groups           []group
	// Pickers are the code pickers of the fields of type "codepicker",
	// by field name (codes.html).
	Pickers map[string]codePicker
}

// Picker returns the code picker of the field called name.
func (f clientFormPage) Picker(name string) codePicker { return f.Pickers[name] }

// group is a fieldset.
type group struct {
	Legend string
	Fields []field
	Hidden []hidden
}

type hidden struct{ Name, Value string }

type dupRow struct {
	ID, Name, BirthDate string
}

// clientForm builds the form model from typed input and errors.
func (h *Handler) clientForm(pg page, in clientInput, errs formErrors) clientFormPage {
	b := builder{p: pg.p, errs: errs}
	t := pg.T
	f := clientFormPage{page: pg, Errors: errs, Version: in.Version, AddressHidden: in.AddressHidden}
	var sexes []string
	for _, s := range client.Sexes {
		sexes = append(sexes, string(s))
	}
	picker := func(name, labelKey, hintKey, list, value string, max int) field {
		values := []string{value}
		if max > 1 {
			values = splitList(value)
		}
		if f.Pickers == nil {
			f.Pickers = map[string]codePicker{}
		}
		f.Pickers[name] = newPicker(pg, errs, name, labelKey, t(hintKey), list, values, max)
		return b.input("codepicker", name, labelKey, value)
	}
	f.Groups = []group{
		{Legend: t("web.group.identity"), Fields: []field{
			b.text("hetu", "field.hetu", in.HETU).withHint(t("web.hint.hetu")),
			b.date("birthDate", "field.birthDate", in.BirthDate),
			b.choice("sex", "field.sex", in.Sex, "sex.", sexes).withHint(t("client.hint.sex_stated")),
			b.text("firstNames", "field.firstNames", in.FirstNames).required(),
			b.text("lastName", "field.lastName", in.LastName).required(),
			b.text("previousNames", "field.previousNames", in.PreviousNames).as("textarea").withHint(t("web.hint.previous_names")),
			b.text("birthPlace", "field.birthPlace", in.BirthPlace),
		}},
		{Legend: t("web.group.language"), Fields: []field{
			picker("motherTongue", "field.motherTongue", "codes.hint.language", codes.LanguageList, in.MotherTongue, 1),
			picker("serviceLanguage", "field.serviceLanguage", "codes.hint.language", codes.LanguageList, in.ServiceLanguage, 1),
			b.checkbox("interpreterNeeded", "field.interpreterNeeded", in.InterpreterNeeded),
			picker("interpreterLanguage", "field.interpreterLanguage", "codes.hint.language", codes.LanguageList, in.InterpreterLanguage, 1),
		}},
		{Legend: t("web.group.citizenship"), Fields: []field{
			picker("citizenships", "field.citizenships", "codes.hint.citizenships", codes.CountryList, in.Citizenships, 5),
			b.checkbox("stateless", "field.stateless", in.Stateless),
			b.text("nationality", "field.nationality", in.Nationality).withHint(t("codes.hint.nationality")),
			picker("homeMunicipality", "field.homeMunicipality", "codes.hint.municipality", codes.MunicipalityList, in.HomeMunicipality, 1),
			b.date("arrivalDate", "field.arrivalDate", in.ArrivalDate),
			b.date("municipalityRegistered", "field.municipalityRegistered", in.MunicipalityRegistered),
		}},
	}
	if !in.AddressHidden {
		f.Groups = append(f.Groups, group{Legend: t("web.group.address"), Fields: []field{
			b.text("address.street", "field.address.street", in.Street).autocomplete("off"),
			b.text("address.postalCode", "field.address.postalCode", in.PostalCode),
			b.text("address.postOffice", "field.address.postOffice", in.PostOffice),
			b.checkbox("addressProtected", "field.addressProtected", in.AddressProtected),
		}})
	}
	f.Groups = append(f.Groups, group{Legend: t("web.group.contact"), Fields: []field{
		b.input("tel", "phone", "field.phone", in.Phone),
		b.input("email", "email", "field.email", in.Email),
	}})
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
