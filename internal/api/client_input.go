package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
)

// clientInput is the wire form of the editable client fields (schema
// ClientInput). Every field is a pointer or a slice so that one type serves
// both create and merge-patch: a PATCH body is decoded onto the input built
// from the current details, absent fields keep their value and null clears
// one. Dates are strings parsed by toDetails, so a bad date is a field error
// rather than a failed decode.
type clientInput struct {
	HETU                   *string       `json:"hetu"`
	BirthDate              *string       `json:"birthDate"`
	Sex                    *string       `json:"sex"`
	FirstNames             *string       `json:"firstNames"`
	LastName               *string       `json:"lastName"`
	PreviousNames          []string      `json:"previousNames"`
	BirthPlace             *string       `json:"birthPlace"`
	MotherTongue           *string       `json:"motherTongue"`
	ServiceLanguage        *string       `json:"serviceLanguage"`
	InterpreterNeeded      *bool         `json:"interpreterNeeded"`
	InterpreterLanguage    *string       `json:"interpreterLanguage"`
	Citizenships           []string      `json:"citizenships"`
	Stateless              *bool         `json:"stateless"`
	Nationality            *string       `json:"nationality"`
	HomeMunicipality       *string       `json:"homeMunicipality"`
	Address                *addressInput `json:"address"`
	Phone                  *string       `json:"phone"`
	Email                  *string       `json:"email"`
	AddressProtected       *bool         `json:"addressProtected"`
	ArrivalDate            *string       `json:"arrivalDate"`
	MunicipalityRegistered *string       `json:"municipalityRegistered"`
	Permits                permitList    `json:"permits"`
	ServiceEnd             *string       `json:"serviceEnd"`
	ServiceEndReason       *string       `json:"serviceEndReason"`
	DateOfDeath            *string       `json:"dateOfDeath"`
	// Version is for PATCH only (optimistic locking); createClient refuses it.
	Version *int `json:"version"`
}

type addressInput struct {
	Street     *string `json:"street"`
	PostalCode *string `json:"postalCode"`
	PostOffice *string `json:"postOffice"`
}

// permitInput is the wire form of a permit sent (schema PermitInput); an
// absent outcome is pending.
type permitInput struct {
	ID                     *string `json:"id"`
	Kind                   *string `json:"kind"`
	ApplicationDate        *string `json:"applicationDate"`
	Outcome                *string `json:"outcome"`
	DecisionDate           *string `json:"decisionDate"`
	Class                  *string `json:"class"`
	Ground                 *string `json:"ground"`
	FamilyTieBeforeArrival *bool   `json:"familyTieBeforeArrival"`
	ValidFrom              *string `json:"validFrom"`
	ValidTo                *string `json:"validTo"`
}

// permitList replaces the whole list when present. encoding/json would
// decode each array element onto the existing element at the same index,
// mixing an old permit's fields into a new one; this decodes every element
// afresh, as strictly as the rest of the body.
type permitList []permitInput

func (l *permitList) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*l = nil
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return &fieldTypeError{field: "permits"}
	}
	out := make(permitList, len(raw))
	for i, el := range raw {
		if err := decodeStrict(el, &out[i]); err != nil {
			if ae, ok := apperr.As(err); ok && len(ae.Fields) == 1 {
				return &fieldTypeError{field: fmt.Sprintf("permits[%d].%s", i, ae.Fields[0].Field)}
			}
			if re, ok := errors.AsType[*requestError](err); ok && re.key == "api.not_object" {
				return &fieldTypeError{field: fmt.Sprintf("permits[%d]", i)}
			}
			return err
		}
	}
	*l = out
	return nil
}

// inputOf returns the input form of d, the base a PATCH body is decoded onto.
func inputOf(d client.Details) clientInput {
	in := clientInput{
		HETU: ptr(d.HETU), BirthDate: ptr(d.BirthDate.String()), Sex: ptr(string(d.Sex)),
		FirstNames: ptr(d.FirstNames), LastName: ptr(d.LastName), PreviousNames: slices.Clone(d.PreviousNames),
		BirthPlace: ptr(d.BirthPlace), MotherTongue: ptr(d.MotherTongue), ServiceLanguage: ptr(d.ServiceLanguage),
		InterpreterNeeded: ptr(d.InterpreterNeeded), InterpreterLanguage: ptr(d.InterpreterLanguage),
		Citizenships: slices.Clone(d.Citizenships), Stateless: ptr(d.Stateless), HomeMunicipality: ptr(d.HomeMunicipality),
		Nationality: ptr(d.Nationality),
		Address: &addressInput{Street: ptr(d.Address.Street), PostalCode: ptr(d.Address.PostalCode),
			PostOffice: ptr(d.Address.PostOffice)},
		Phone: ptr(d.Phone), Email: ptr(d.Email), AddressProtected: ptr(d.AddressProtected),
		ArrivalDate: ptr(d.ArrivalDate.String()), MunicipalityRegistered: ptr(d.MunicipalityRegistered.String()),
		ServiceEnd: ptr(d.ServiceEnd.String()), ServiceEndReason: ptr(d.ServiceEndReason), DateOfDeath: ptr(d.DateOfDeath.String()),
	}
	for _, p := range d.Permits {
		in.Permits = append(in.Permits, permitInput{ID: ptr(p.ID), Kind: ptr(string(p.Kind)),
			ApplicationDate: ptr(p.ApplicationDate.String()), Outcome: ptr(string(p.Outcome)),
			DecisionDate: ptr(p.DecisionDate.String()), Class: ptr(string(p.Class)), Ground: ptr(string(p.Ground)),
			FamilyTieBeforeArrival: ptr(p.FamilyTieBeforeArrival),
			ValidFrom:              ptr(p.ValidFrom.String()), ValidTo: ptr(p.ValidTo.String())})
	}
	return in
}

// toDetails maps the input to domain details. Unparseable dates are
// collected as field errors (validation.date); the domain validates the rest.
func (in clientInput) toDetails() (client.Details, error) {
	var v apperr.Validation
	d := client.Details{
		HETU: val(in.HETU), BirthDate: date(&v, "birthDate", in.BirthDate), Sex: client.Sex(val(in.Sex)),
		FirstNames: val(in.FirstNames), LastName: val(in.LastName), PreviousNames: in.PreviousNames,
		BirthPlace: val(in.BirthPlace), MotherTongue: val(in.MotherTongue), ServiceLanguage: val(in.ServiceLanguage),
		InterpreterNeeded: val(in.InterpreterNeeded), InterpreterLanguage: val(in.InterpreterLanguage),
		Citizenships: in.Citizenships, Stateless: val(in.Stateless), HomeMunicipality: val(in.HomeMunicipality),
		Nationality: val(in.Nationality),
		Phone:       val(in.Phone), Email: val(in.Email), AddressProtected: val(in.AddressProtected),
		ArrivalDate:            date(&v, "arrivalDate", in.ArrivalDate),
		MunicipalityRegistered: date(&v, "municipalityRegistered", in.MunicipalityRegistered),
		Ending: client.Ending{ServiceEnd: date(&v, "serviceEnd", in.ServiceEnd), ServiceEndReason: val(in.ServiceEndReason),
			DateOfDeath: date(&v, "dateOfDeath", in.DateOfDeath)},
	}
	if in.Address != nil {
		d.Address = client.Address{Street: val(in.Address.Street), PostalCode: val(in.Address.PostalCode),
			PostOffice: val(in.Address.PostOffice)}
	}
	for i, p := range in.Permits {
		prefix := fmt.Sprintf("permits[%d].", i)
		d.Permits = append(d.Permits, client.Permit{ID: val(p.ID), Kind: client.ApplicationKind(val(p.Kind)),
			ApplicationDate: date(&v, prefix+"applicationDate", p.ApplicationDate),
			Outcome:         client.Outcome(val(p.Outcome)),
			DecisionDate:    date(&v, prefix+"decisionDate", p.DecisionDate),
			Class:           client.PermitClass(val(p.Class)), Ground: client.Ground(val(p.Ground)),
			FamilyTieBeforeArrival: val(p.FamilyTieBeforeArrival),
			ValidFrom:              date(&v, prefix+"validFrom", p.ValidFrom), ValidTo: date(&v, prefix+"validTo", p.ValidTo)})
	}
	return d, v.Err()
}

// decodeClientInput decodes the body of POST /clients into details, ready
// for the service to normalize and validate. Permit ids are assigned by the
// service, so any sent are ignored.
func decodeClientInput(body []byte) (client.Details, error) {
	var in clientInput
	if err := decodeStrict(body, &in); err != nil {
		return client.Details{}, err
	}
	if in.Version != nil {
		return client.Details{}, badRequest("error.unknown_field", safeName("version"))
	}
	return in.toDetails()
}

// applyPatch decodes a merge-patch body onto the current details d. While
// the client has a HETU its birth date is derived from it, so the base
// leaves the birth date out: a body that sends one asserts it (and the
// domain checks it against the HETU), and a body that changes the HETU
// without one moves the birth date along. A kept permit must name one of the
// client's permits.
func applyPatch(body []byte, d *client.Details) error {
	in := inputOf(*d)
	if d.HETU != "" {
		in.BirthDate = nil
	}
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	next, err := in.toDetails()
	if err != nil {
		return err
	}
	if in.BirthDate == nil && hetu.Canonical(next.HETU) == "" {
		// The HETU was removed: the birth date it gave stays.
		next.BirthDate = d.BirthDate
	}
	if err := checkPermitIDs(d.Permits, next.Permits); err != nil {
		return err
	}
	*d = next
	return nil
}

// checkPermitIDs refuses permit ids that are not the client's own or that
// appear twice: the store replaces the permits by id.
func checkPermitIDs(old, next []client.Permit) error {
	known := map[string]bool{}
	for _, p := range old {
		known[p.ID] = true
	}
	var v apperr.Validation
	seen := map[string]bool{}
	for i, p := range next {
		if p.ID == "" {
			continue
		}
		if !known[p.ID] || seen[p.ID] {
			v.Add(fmt.Sprintf("permits[%d].id", i), "api.permit_id")
		}
		seen[p.ID] = true
	}
	return v.Err()
}

func date(v *apperr.Validation, field string, s *string) civil.Date {
	if s == nil || *s == "" {
		return civil.Date{}
	}
	d, err := civil.ParseDate(*s)
	if err != nil {
		v.Add(field, "validation.date")
		return civil.Date{}
	}
	return d
}

func ptr[T any](v T) *T { return &v }

func val[T any](p *T) T {
	if p == nil {
		var zero T
		return zero
	}
	return *p
}
