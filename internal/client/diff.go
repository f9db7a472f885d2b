package client

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// clone returns a deep copy, so an edit can be compared with the original.
func (d Details) clone() Details {
	d.PreviousNames = slices.Clone(d.PreviousNames)
	d.Citizenships = slices.Clone(d.Citizenships)
	d.Permits = slices.Clone(d.Permits)
	return d
}

// Diff lists the fields that differ between old and new, with their old and
// new values as text. The HETU is marked Encrypted: the store seals its
// values with the client's key before writing the history.
func Diff(old, new Details) []Change {
	var out []Change
	add := func(field, o, n string) {
		if o != n {
			out = append(out, Change{Field: field, OldValue: o, NewValue: n})
		}
	}
	if old.HETU != new.HETU {
		out = append(out, Change{Field: "hetu", OldValue: old.HETU, NewValue: new.HETU, Encrypted: true})
	}
	add("birthDate", old.BirthDate.String(), new.BirthDate.String())
	add("sex", string(old.Sex), string(new.Sex))
	add("firstNames", old.FirstNames, new.FirstNames)
	add("lastName", old.LastName, new.LastName)
	add("previousNames", strings.Join(old.PreviousNames, "; "), strings.Join(new.PreviousNames, "; "))
	add("birthPlace", old.BirthPlace, new.BirthPlace)
	add("motherTongue", old.MotherTongue, new.MotherTongue)
	add("serviceLanguage", old.ServiceLanguage, new.ServiceLanguage)
	add("interpreterNeeded", strconv.FormatBool(old.InterpreterNeeded), strconv.FormatBool(new.InterpreterNeeded))
	add("interpreterLanguage", old.InterpreterLanguage, new.InterpreterLanguage)
	add("citizenships", strings.Join(old.Citizenships, ", "), strings.Join(new.Citizenships, ", "))
	add("stateless", strconv.FormatBool(old.Stateless), strconv.FormatBool(new.Stateless))
	add("nationality", old.Nationality, new.Nationality)
	add("homeMunicipality", old.HomeMunicipality, new.HomeMunicipality)
	add("address.street", old.Address.Street, new.Address.Street)
	add("address.postalCode", old.Address.PostalCode, new.Address.PostalCode)
	add("address.postOffice", old.Address.PostOffice, new.Address.PostOffice)
	add("phone", old.Phone, new.Phone)
	add("email", old.Email, new.Email)
	add("addressProtected", strconv.FormatBool(old.AddressProtected), strconv.FormatBool(new.AddressProtected))
	add("arrivalDate", old.ArrivalDate.String(), new.ArrivalDate.String())
	add("municipalityRegistered", old.MunicipalityRegistered.String(), new.MunicipalityRegistered.String())
	add("permits", permitsText(old.Permits), permitsText(new.Permits))
	return out
}

func permitsText(ps []Permit) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = fmt.Sprintf("%s/%s %s–%s (applied %s, decided %s)", p.Type, p.Basis,
			p.ValidFrom, p.ValidTo, p.ApplicationDate, p.DecisionDate)
	}
	return strings.Join(parts, "; ")
}

func changedFields(changes []Change) string {
	names := make([]string, len(changes))
	for i, c := range changes {
		names[i] = c.Field
	}
	return strings.Join(names, ",")
}
