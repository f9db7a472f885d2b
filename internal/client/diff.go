package client

import (
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
	add("serviceEnd", old.ServiceEnd.String(), new.ServiceEnd.String())
	add("serviceEndReason", old.ServiceEndReason, new.ServiceEndReason)
	add("dateOfDeath", old.DateOfDeath.String(), new.DateOfDeath.String())
	return append(out, permitChanges(old.Permits, new.Permits)...)
}

// permitChanges lists one "permits" change per permit added, changed or
// removed, its values the permit's codes (EncodePermits): the history
// page puts them in words in its reader's language.
func permitChanges(old, new []Permit) []Change {
	var out []Change
	byID := map[string]Permit{}
	for _, p := range new {
		byID[p.ID] = p
	}
	for _, o := range old {
		n, kept := byID[o.ID]
		switch {
		case !kept:
			out = append(out, Change{Field: "permits", OldValue: EncodePermits([]Permit{o})})
		case n != o:
			out = append(out, Change{Field: "permits", OldValue: EncodePermits([]Permit{o}), NewValue: EncodePermits([]Permit{n})})
		}
		delete(byID, o.ID)
	}
	for _, n := range new {
		if _, added := byID[n.ID]; added {
			out = append(out, Change{Field: "permits", NewValue: EncodePermits([]Permit{n})})
		}
	}
	return out
}

// changedFields names the changed fields once each, for the log entry.
func changedFields(changes []Change) string {
	var names []string
	for _, c := range changes {
		if !slices.Contains(names, c.Field) {
			names = append(names, c.Field)
		}
	}
	return strings.Join(names, ",")
}
