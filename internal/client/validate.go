package client

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/codes"
	"koto/internal/hetu"
)

// Limits on free-text fields. Generous for real names, small enough that a
// register row never grows without bound.
const (
	maxName          = 200
	maxShortText     = 100
	maxPreviousNames = 10
	maxCitizenships  = 5
	maxPermits       = 50
)

var phonePattern = regexp.MustCompile(`^\+?[0-9 ()-]{5,20}$`)

// Normalize trims whitespace and canonicalises codes in place, so that what is
// validated is exactly what is stored.
func (d *Details) Normalize() {
	trim := strings.TrimSpace
	d.HETU = hetu.Canonical(d.HETU)
	d.FirstNames = collapseSpaces(d.FirstNames)
	d.LastName = collapseSpaces(d.LastName)
	names := d.PreviousNames[:0:0]
	for _, n := range d.PreviousNames {
		if n = collapseSpaces(n); n != "" {
			names = append(names, n)
		}
	}
	d.PreviousNames = names
	d.BirthPlace = trim(d.BirthPlace)
	d.MotherTongue = codes.Languages.Canonical(d.MotherTongue)
	d.ServiceLanguage = codes.Languages.Canonical(d.ServiceLanguage)
	d.InterpreterLanguage = codes.Languages.Canonical(d.InterpreterLanguage)
	if !d.InterpreterNeeded {
		d.InterpreterLanguage = ""
	}
	cs := d.Citizenships[:0:0]
	for _, c := range d.Citizenships {
		if c = codes.Countries.Canonical(c); c != "" && !slices.Contains(cs, c) {
			cs = append(cs, c)
		}
	}
	d.Citizenships = cs
	d.Nationality = collapseSpaces(d.Nationality)
	d.HomeMunicipality = codes.Municipalities.Canonical(d.HomeMunicipality)
	d.Address.Street = trim(d.Address.Street)
	d.Address.PostalCode = trim(d.Address.PostalCode)
	d.Address.PostOffice = trim(d.Address.PostOffice)
	d.Phone = trim(d.Phone)
	d.Email = trim(d.Email)
	for i := range d.Permits {
		d.Permits[i].Normalize()
	}
	d.Ending.normalize()
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// Validate checks the details as entered for a new client. It derives the
// birth date from a HETU and, when no sex is stated, takes the HETU's as a
// hint (a stated sex is never overridden). today is the Finnish calendar
// day (Today). Field names in errors are the API's lowerCamelCase names;
// keys are translation keys of internal/i18n.
func (d *Details) Validate(today civil.Date) error { return d.ValidateChange(today, nil) }

// ValidateChange is Validate for an edit of old (nil: a new client). A
// withdrawn code (a former country, a merged municipality) that old already
// holds in the same field may stay; a new one is refused. A permit equal to
// one of old's (same id, same values) was valid when it was saved or
// migrated and is not checked again — an edit of something else must not
// fail on a permit a later rule or the migration of old data would word
// differently — except that the birth date may not move after its decision.
func (d *Details) ValidateChange(today civil.Date, old *Details) error {
	var stored []Permit
	if old != nil {
		stored = old.Permits
	}
	var v apperr.Validation
	if d.HETU != "" {
		h, err := hetu.Parse(d.HETU, today)
		if err != nil {
			v.Add("hetu", hetuErrorKey(err))
		} else {
			if !d.BirthDate.IsZero() && d.BirthDate != h.BirthDate() {
				v.Add("birthDate", "client.birth_date_mismatch")
			}
			d.HETU = h.String()
			d.BirthDate = h.BirthDate()
			if d.Sex == SexUnknown {
				d.Sex = Sex(h.Sex())
			}
		}
	} else if d.BirthDate.IsZero() {
		v.Add("hetu", "client.hetu_or_birth_date")
		v.Add("birthDate", "client.hetu_or_birth_date")
	}
	if !d.BirthDate.IsZero() && d.BirthDate.After(today) && !v.Has("hetu") {
		v.Add("birthDate", "validation.date_future")
	}
	switch d.Sex {
	case SexUnknown, Male, Female, Other:
	default:
		v.Add("sex", "validation.choice")
	}
	requiredName(&v, "firstNames", d.FirstNames)
	requiredName(&v, "lastName", d.LastName)
	if len(d.PreviousNames) > maxPreviousNames {
		v.Add("previousNames", "validation.too_many", maxPreviousNames)
	}
	for _, n := range d.PreviousNames {
		if !validText(n, maxName) {
			v.Add("previousNames", "validation.name_chars")
			break
		}
	}
	optionalText(&v, "birthPlace", d.BirthPlace, maxShortText)
	d.validateCodes(&v, old)
	optionalText(&v, "nationality", d.Nationality, maxShortText)
	if d.InterpreterNeeded && d.InterpreterLanguage == "" {
		v.Add("interpreterLanguage", "client.interpreter_language_required")
	}
	if d.Stateless && len(d.Citizenships) > 0 {
		v.Add("citizenships", "client.stateless_with_citizenship")
	}
	if len(d.Citizenships) > maxCitizenships {
		v.Add("citizenships", "validation.too_many", maxCitizenships)
	}
	optionalText(&v, "address.street", d.Address.Street, maxName)
	optionalText(&v, "address.postalCode", d.Address.PostalCode, 20)
	optionalText(&v, "address.postOffice", d.Address.PostOffice, maxShortText)
	if d.Phone != "" && !phonePattern.MatchString(d.Phone) {
		v.Add("phone", "validation.phone")
	}
	if d.Email != "" {
		if a, err := mail.ParseAddress(d.Email); err != nil || a.Address != d.Email || len(d.Email) > 254 {
			v.Add("email", "validation.email")
		}
	}
	d.validateDates(&v, today)
	if len(d.Permits) > maxPermits {
		v.Add("permits", "validation.too_many", maxPermits)
	}
	birth := d.BirthDate
	if v.Has("hetu") || v.Has("birthDate") {
		birth = civil.Date{}
	}
	for i := range d.Permits {
		p := &d.Permits[i]
		if p.ID != "" && slices.Contains(stored, *p) {
			if !birth.IsZero() && !p.DecisionDate.IsZero() && p.DecisionDate.Before(birth) && !v.Has("birthDate") {
				v.Add("birthDate", "client.birth_after_permit")
			}
			continue
		}
		p.validate(&v, fmt.Sprintf("permits[%d]", i), today, birth)
	}
	return v.Err()
}

// validateDates checks that the person's dates agree: none in the future,
// birth ≤ arrival in Finland ≤ registration in the municipality, and the
// service end and death agree with them (validateServiceEnd).
func (d *Details) validateDates(v *apperr.Validation, today civil.Date) {
	pastDate(v, "arrivalDate", d.ArrivalDate, today)
	pastDate(v, "municipalityRegistered", d.MunicipalityRegistered, today)
	birthKnown := !d.BirthDate.IsZero() && !v.Has("hetu") && !v.Has("birthDate")
	if birthKnown && !d.ArrivalDate.IsZero() && d.ArrivalDate.Before(d.BirthDate) {
		v.Add("arrivalDate", "client.arrival_before_birth")
	}
	switch {
	case v.Has("municipalityRegistered") || d.MunicipalityRegistered.IsZero():
	case !d.ArrivalDate.IsZero() && !v.Has("arrivalDate") && d.MunicipalityRegistered.Before(d.ArrivalDate):
		v.Add("municipalityRegistered", "client.registered_before_arrival")
	case birthKnown && d.MunicipalityRegistered.Before(d.BirthDate):
		v.Add("municipalityRegistered", "client.registered_before_birth")
	}
	d.validateServiceEnd(v, today, birthKnown)
}

// Today is the Finnish calendar day at now: the day every "not in the
// future" check compares with. Between 00:00 and 03:00 Finnish time the
// UTC date is still yesterday's, so the UTC date would refuse today's
// dates.
func Today(now time.Time) civil.Date { return civil.DateOf(now.In(civil.Helsinki)) }

func requiredName(v *apperr.Validation, field, s string) {
	switch {
	case s == "":
		v.Add(field, "validation.required")
	case utf8.RuneCountInString(s) > maxName:
		v.Add(field, "validation.too_long", maxName)
	case !validText(s, maxName):
		v.Add(field, "validation.name_chars")
	}
}

func optionalText(v *apperr.Validation, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, "validation.too_long", max)
	} else if !validText(s, max) {
		v.Add(field, "validation.text_chars")
	}
}

// validText refuses invalid UTF-8 and control characters, which have no
// place in a name or an address and can break exports downstream.
func validText(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// validateCodes checks the coded fields against internal/codes: an
// unknown code is refused, and so is a withdrawn one unless old holds it
// in the same field.
func (d *Details) validateCodes(v *apperr.Validation, old *Details) {
	var was Details
	if old != nil {
		was = *old
	}
	code(v, "motherTongue", codes.Languages, d.MotherTongue, was.MotherTongue)
	code(v, "serviceLanguage", codes.Languages, d.ServiceLanguage, was.ServiceLanguage)
	code(v, "interpreterLanguage", codes.Languages, d.InterpreterLanguage, was.InterpreterLanguage)
	for _, c := range d.Citizenships {
		kept := ""
		if slices.Contains(was.Citizenships, c) {
			kept = c
		}
		if code(v, "citizenships", codes.Countries, c, kept) {
			break
		}
	}
	if len(d.Citizenships) > 1 && slices.Contains(d.Citizenships, codes.UnknownCountry) {
		v.Add("citizenships", "codes.unknown_with_other")
	}
	code(v, "homeMunicipality", codes.Municipalities, d.HomeMunicipality, was.HomeMunicipality)
}

// code checks one coded value s of field; kept is the value the record
// already holds there. It reports whether it added an error.
func code(v *apperr.Validation, field string, list *codes.List, s, kept string) bool {
	switch list.Status(s) {
	case codes.Valid:
		return false
	case codes.Withdrawn:
		if s == kept {
			return false
		}
		v.Add(field, "codes.withdrawn."+list.Name())
		return true
	}
	if s == "" {
		return false
	}
	v.Add(field, "codes.unknown."+list.Name())
	return true
}

func pastDate(v *apperr.Validation, field string, d, today civil.Date) {
	if !d.IsZero() && d.After(today) {
		v.Add(field, "validation.date_future")
	}
}

// hetuErrorKey returns the translation key of a HETU parse error.
func hetuErrorKey(err error) string {
	var he *hetu.Error
	if errors.As(err, &he) {
		return he.Code
	}
	return "hetu.format"
}
