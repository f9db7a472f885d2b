package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
)

// clientInput is the client form exactly as typed: strings and flags, so a
// form with errors comes back with nothing lost. Field names are the API's.
type clientInput struct {
	HETU, BirthDate, Sex, FirstNames, LastName, PreviousNames, BirthPlace string
	MotherTongue, ServiceLanguage, InterpreterLanguage                    string
	InterpreterNeeded                                                     bool
	Citizenships                                                          string
	Stateless                                                             bool
	Nationality                                                           string
	HomeMunicipality, Street, PostalCode, PostOffice, Phone, Email        string
	AddressProtected                                                      bool
	ArrivalDate, MunicipalityRegistered                                   string
	ServiceEnd, ServiceEndReason, DateOfDeath                             string // section "service"
	ConfirmDuplicate                                                      bool
	Version                                                               string
	AddressHidden                                                         bool // display only; the service guards the address
}

// parseClientInput reads the posted client form.
func parseClientInput(r *http.Request) clientInput {
	_ = r.ParseForm()
	return clientInputFrom(r.PostForm)
}

// clientInputFrom reads a client form from its values (posted, or kept
// across an expired session).
func clientInputFrom(form url.Values) clientInput {
	get := func(k string) string { return strings.TrimSpace(form.Get(k)) }
	on := func(k string) bool { return form.Get(k) != "" }
	in := clientInput{
		HETU: get("hetu"), BirthDate: get("birthDate"), Sex: get("sex"),
		FirstNames: get("firstNames"), LastName: get("lastName"), PreviousNames: form.Get("previousNames"),
		BirthPlace: get("birthPlace"), MotherTongue: get("motherTongue"), ServiceLanguage: get("serviceLanguage"),
		InterpreterNeeded: on("interpreterNeeded"), InterpreterLanguage: get("interpreterLanguage"),
		Citizenships: strings.Join(form["citizenships"], ", "), Stateless: on("stateless"), HomeMunicipality: get("homeMunicipality"),
		Nationality: get("nationality"),
		Street:      get("address.street"), PostalCode: get("address.postalCode"), PostOffice: get("address.postOffice"),
		Phone: get("phone"), Email: get("email"), AddressProtected: on("addressProtected"),
		ArrivalDate: get("arrivalDate"), MunicipalityRegistered: get("municipalityRegistered"),
		ServiceEnd: get("serviceEnd"), ServiceEndReason: get("serviceEndReason"), DateOfDeath: get("dateOfDeath"),
		ConfirmDuplicate: on("confirmDuplicate"), Version: get("version"), AddressHidden: on("addressHidden"),
	}
	return in
}

// inputFromClient fills the edit form from a stored client. A birth date
// that comes from the HETU is left empty: the HETU decides it. The sex is
// the person's own statement, with or without a HETU.
func inputFromClient(c client.Client) clientInput {
	in := clientInput{
		HETU: c.HETU, FirstNames: c.FirstNames, LastName: c.LastName,
		PreviousNames: strings.Join(c.PreviousNames, "\n"), BirthPlace: c.BirthPlace,
		MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage,
		InterpreterNeeded: c.InterpreterNeeded, InterpreterLanguage: c.InterpreterLanguage,
		Citizenships: strings.Join(c.Citizenships, ", "), Stateless: c.Stateless, HomeMunicipality: c.HomeMunicipality,
		Nationality: c.Nationality,
		Street:      c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice,
		Phone: c.Phone, Email: c.Email, AddressProtected: c.AddressProtected,
		ArrivalDate: c.ArrivalDate.String(), MunicipalityRegistered: c.MunicipalityRegistered.String(),
		ServiceEnd: c.ServiceEnd.String(), ServiceEndReason: c.ServiceEndReason, DateOfDeath: c.DateOfDeath.String(),
		Version: strconv.Itoa(c.Version), AddressHidden: c.AddressHidden, Sex: string(c.Sex),
	}
	if c.HETU == "" {
		in.BirthDate = c.BirthDate.String()
	}
	return in
}

// applyTo copies the input into d. Dates that do not parse are reported as
// validation.date errors (and left zero). The permits are not on this
// form (each has its own page, permit_*.go): d's stay as they are.
func (in clientInput) applyTo(d *client.Details) (v apperr.Validation) {
	for _, s := range clientSections {
		in.applySection(s, d, &v)
	}
	return v
}

// applySection copies one section's fields of the input into d and
// nothing else; dates that do not parse are added to v.
func (in clientInput) applySection(section string, d *client.Details, v *apperr.Validation) {
	date := func(field, s string) civil.Date { return parseDateField(v, field, s) }
	switch section {
	case sectionIdentity:
		d.HETU = in.HETU
		d.BirthDate = date("birthDate", in.BirthDate)
		d.Sex = client.Sex(in.Sex)
		d.FirstNames, d.LastName = in.FirstNames, in.LastName
		d.PreviousNames = splitLines(in.PreviousNames)
		d.BirthPlace = in.BirthPlace
	case sectionLanguage:
		d.MotherTongue, d.ServiceLanguage = in.MotherTongue, in.ServiceLanguage
		d.InterpreterNeeded, d.InterpreterLanguage = in.InterpreterNeeded, in.InterpreterLanguage
	case sectionContacts:
		d.Address = client.Address{Street: in.Street, PostalCode: in.PostalCode, PostOffice: in.PostOffice}
		d.Phone, d.Email, d.AddressProtected = in.Phone, in.Email, in.AddressProtected
	case sectionResidence:
		d.Citizenships = splitList(in.Citizenships)
		d.Stateless, d.HomeMunicipality, d.Nationality = in.Stateless, in.HomeMunicipality, in.Nationality
		d.ArrivalDate = date("arrivalDate", in.ArrivalDate)
		d.MunicipalityRegistered = date("municipalityRegistered", in.MunicipalityRegistered)
	case sectionService:
		d.Ending = client.Ending{ServiceEnd: date("serviceEnd", in.ServiceEnd), ServiceEndReason: in.ServiceEndReason,
			DateOfDeath: date("dateOfDeath", in.DateOfDeath)}
	}
}

// parseDateField parses a typed date; one that does not parse is added
// to v as validation.date (and left zero).
func parseDateField(v *apperr.Validation, field, s string) civil.Date {
	if s == "" {
		return civil.Date{}
	}
	t, err := parseDate(s)
	if err != nil {
		v.Add(field, "validation.date")
	}
	return t
}

// parseDate accepts YYYY-MM-DD (what a date input sends) and, for people
// typing, the Finnish d.m.yyyy.
func parseDate(s string) (civil.Date, error) {
	if d, err := civil.ParseDate(s); err == nil {
		return d, nil
	}
	var day, month, year int
	var rest string
	if n, _ := fmt.Sscanf(s, "%d.%d.%d%s", &day, &month, &year, &rest); n == 3 {
		return civil.ParseDate(fmt.Sprintf("%04d-%02d-%02d", year, month, day))
	}
	return civil.ParseDate(s) // the error
}

func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}
