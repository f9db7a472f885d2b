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

// maxPermitFieldsets bounds how many permit fieldsets a form may post.
const maxPermitFieldsets = 60

// clientInput is the client form exactly as typed: strings and flags, so a
// form with errors comes back with nothing lost. Field names are the API's.
type clientInput struct {
	HETU, BirthDate, Sex, FirstNames, LastName, PreviousNames, BirthPlace string
	MotherTongue, ServiceLanguage, InterpreterLanguage                    string
	InterpreterNeeded                                                     bool
	Citizenships                                                          string
	Stateless                                                             bool
	HomeMunicipality, Street, PostalCode, PostOffice, Phone, Email        string
	AddressProtected                                                      bool
	ArrivalDate, MunicipalityRegistered                                   string
	Permits                                                               []permitInput
	ConfirmDuplicate                                                      bool
	Version                                                               string
	AddressHidden                                                         bool // display only; the service guards the address
}

type permitInput struct {
	ID, ApplicationDate, DecisionDate, Type, Basis, ValidFrom, ValidTo string
	Remove                                                             bool
}

func (p permitInput) empty() bool {
	return p.ApplicationDate == "" && p.DecisionDate == "" && p.Type == "" && p.Basis == "" && p.ValidFrom == "" && p.ValidTo == ""
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
		Citizenships: get("citizenships"), Stateless: on("stateless"), HomeMunicipality: get("homeMunicipality"),
		Street: get("address.street"), PostalCode: get("address.postalCode"), PostOffice: get("address.postOffice"),
		Phone: get("phone"), Email: get("email"), AddressProtected: on("addressProtected"),
		ArrivalDate: get("arrivalDate"), MunicipalityRegistered: get("municipalityRegistered"),
		ConfirmDuplicate: on("confirmDuplicate"), Version: get("version"), AddressHidden: on("addressHidden"),
	}
	n, _ := strconv.Atoi(form.Get("permitCount"))
	n = min(max(n, 0), maxPermitFieldsets)
	for i := range n {
		k := func(f string) string { return get(fmt.Sprintf("permits[%d].%s", i, f)) }
		in.Permits = append(in.Permits, permitInput{ID: k("id"), ApplicationDate: k("applicationDate"),
			DecisionDate: k("decisionDate"), Type: k("type"), Basis: k("basis"), ValidFrom: k("validFrom"),
			ValidTo: k("validTo"), Remove: k("remove") != ""})
	}
	return in
}

// inputFromClient fills the edit form from a stored client. A birth date
// and sex that come from the HETU are left empty: the HETU decides them.
func inputFromClient(c client.Client) clientInput {
	in := clientInput{
		HETU: c.HETU, FirstNames: c.FirstNames, LastName: c.LastName,
		PreviousNames: strings.Join(c.PreviousNames, "\n"), BirthPlace: c.BirthPlace,
		MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage,
		InterpreterNeeded: c.InterpreterNeeded, InterpreterLanguage: c.InterpreterLanguage,
		Citizenships: strings.Join(c.Citizenships, ", "), Stateless: c.Stateless, HomeMunicipality: c.HomeMunicipality,
		Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice,
		Phone: c.Phone, Email: c.Email, AddressProtected: c.AddressProtected,
		ArrivalDate: c.ArrivalDate.String(), MunicipalityRegistered: c.MunicipalityRegistered.String(),
		Version: strconv.Itoa(c.Version), AddressHidden: c.AddressHidden,
	}
	if c.HETU == "" {
		in.BirthDate, in.Sex = c.BirthDate.String(), string(c.Sex)
	}
	for _, p := range c.Permits {
		in.Permits = append(in.Permits, permitInput{ID: p.ID, ApplicationDate: p.ApplicationDate.String(),
			DecisionDate: p.DecisionDate.String(), Type: string(p.Type), Basis: string(p.Basis),
			ValidFrom: p.ValidFrom.String(), ValidTo: p.ValidTo.String()})
	}
	return in
}

// applyTo copies the input into d. Dates that do not parse are reported as
// validation.date errors (and left zero). A permit keeps the id the form
// posts; the service accepts it only for one of the client's own permits.
// It returns, for every permit in d.Permits, the index of the fieldset it
// came from.
func (in clientInput) applyTo(d *client.Details) (permitFieldset []int, v apperr.Validation) {
	date := func(field, s string) civil.Date { return parseDateField(&v, field, s) }
	for _, s := range clientSections {
		in.applySection(s, d, &v)
	}
	d.Permits = nil
	for i, p := range in.Permits {
		if p.Remove || p.empty() {
			continue
		}
		pre := fmt.Sprintf("permits[%d].", i)
		// The service keeps the id only if it is one of the client's
		// own permits.
		d.Permits = append(d.Permits, client.Permit{ID: p.ID,
			ApplicationDate: date(pre+"applicationDate", p.ApplicationDate),
			DecisionDate:    date(pre+"decisionDate", p.DecisionDate),
			Type:            client.PermitType(p.Type), Basis: client.PermitBasis(p.Basis),
			ValidFrom: date(pre+"validFrom", p.ValidFrom), ValidTo: date(pre+"validTo", p.ValidTo)})
		permitFieldset = append(permitFieldset, i)
	}
	return permitFieldset, v
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
		d.Stateless, d.HomeMunicipality = in.Stateless, in.HomeMunicipality
		d.ArrivalDate = date("arrivalDate", in.ArrivalDate)
		d.MunicipalityRegistered = date("municipalityRegistered", in.MunicipalityRegistered)
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

// permitRenamer maps the service's "permits[k].x" (k indexes the permits
// sent) to the form's "permits[i].x" (i indexes the fieldsets).
func permitRenamer(fieldsets []int) func(string) string {
	return func(name string) string {
		var k int
		var rest string
		if n, _ := fmt.Sscanf(name, "permits[%d]%s", &k, &rest); n == 2 && k >= 0 && k < len(fieldsets) {
			return fmt.Sprintf("permits[%d]%s", fieldsets[k], rest)
		}
		return name
	}
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
