package client

import (
	"slices"
	"strings"

	"koto/internal/apperr"
	"koto/internal/names"
)

// Side names one of the two records of a merge: the survivor, which keeps
// its id, or the merged record, which is hidden behind it.
type Side string

const (
	SideSurvivor Side = "survivor"
	SideMerged   Side = "merged"
)

// mergeField is one unit of choice of a merge: the fields that belong
// together (a name, an address) are chosen together.
type mergeField struct {
	name  string
	empty func(d *Details) bool
	equal func(a, b *Details) bool
	take  func(dst, src *Details)
}

// mergeFields are the choosable fields in the order the merge page shows
// them. The HETU is not a choice (two different HETUs are two people);
// previous names and permits are combined; address protection is kept when
// either record has it.
var mergeFields = []mergeField{
	{"name", func(d *Details) bool { return d.FirstNames == "" && d.LastName == "" },
		func(a, b *Details) bool {
			return names.Fold(a.FirstNames+" "+a.LastName) == names.Fold(b.FirstNames+" "+b.LastName)
		},
		func(dst, src *Details) { dst.FirstNames, dst.LastName = src.FirstNames, src.LastName }},
	{"birthDate", func(d *Details) bool { return d.BirthDate.IsZero() },
		func(a, b *Details) bool { return a.BirthDate == b.BirthDate },
		func(dst, src *Details) { dst.BirthDate = src.BirthDate }},
	{"sex", func(d *Details) bool { return d.Sex == SexUnknown },
		func(a, b *Details) bool { return a.Sex == b.Sex },
		func(dst, src *Details) { dst.Sex = src.Sex }},
	textField("birthPlace", func(d *Details) *string { return &d.BirthPlace }),
	textField("motherTongue", func(d *Details) *string { return &d.MotherTongue }),
	textField("serviceLanguage", func(d *Details) *string { return &d.ServiceLanguage }),
	{"interpreter", func(d *Details) bool { return !d.InterpreterNeeded && d.InterpreterLanguage == "" },
		func(a, b *Details) bool {
			return a.InterpreterNeeded == b.InterpreterNeeded && a.InterpreterLanguage == b.InterpreterLanguage
		},
		func(dst, src *Details) {
			dst.InterpreterNeeded, dst.InterpreterLanguage = src.InterpreterNeeded, src.InterpreterLanguage
		}},
	{"citizenships", func(d *Details) bool { return len(d.Citizenships) == 0 && !d.Stateless },
		func(a, b *Details) bool {
			return slices.Equal(a.Citizenships, b.Citizenships) && a.Stateless == b.Stateless
		},
		func(dst, src *Details) {
			dst.Citizenships, dst.Stateless = slices.Clone(src.Citizenships), src.Stateless
		}},
	textField("homeMunicipality", func(d *Details) *string { return &d.HomeMunicipality }),
	{"address", func(d *Details) bool { return d.Address.IsZero() },
		func(a, b *Details) bool { return a.Address == b.Address },
		func(dst, src *Details) { dst.Address = src.Address }},
	textField("phone", func(d *Details) *string { return &d.Phone }),
	textField("email", func(d *Details) *string { return &d.Email }),
	{"arrivalDate", func(d *Details) bool { return d.ArrivalDate.IsZero() },
		func(a, b *Details) bool { return a.ArrivalDate == b.ArrivalDate },
		func(dst, src *Details) { dst.ArrivalDate = src.ArrivalDate }},
	{"municipalityRegistered", func(d *Details) bool { return d.MunicipalityRegistered.IsZero() },
		func(a, b *Details) bool { return a.MunicipalityRegistered == b.MunicipalityRegistered },
		func(dst, src *Details) { dst.MunicipalityRegistered = src.MunicipalityRegistered }},
}

func textField(name string, f func(d *Details) *string) mergeField {
	return mergeField{name, func(d *Details) bool { return *f(d) == "" },
		func(a, b *Details) bool { return *f(a) == *f(b) },
		func(dst, src *Details) { *f(dst) = *f(src) }}
}

// MergeFieldNames lists the fields a merge may have to choose between, in
// the order of the merge page.
func MergeFieldNames() []string {
	out := make([]string, len(mergeFields))
	for i, f := range mergeFields {
		out[i] = f.name
	}
	return out
}

// MergeConflicts lists the fields in which both records have a value and
// the values differ: the choices of a merge. A field only one record has
// is taken from it without asking.
func MergeConflicts(survivor, merged Details) []string {
	var out []string
	for _, f := range mergeFields {
		if !f.empty(&survivor) && !f.empty(&merged) && !f.equal(&survivor, &merged) {
			out = append(out, f.name)
		}
	}
	return out
}

// DefaultSide is the side whose values win a conflict unless the
// supervisor chooses otherwise: the record with a HETU (it comes from the
// population register), else the more recently updated one, else the
// survivor.
func DefaultSide(survivor, merged Client) Side {
	switch {
	case survivor.HETU != "":
		return SideSurvivor
	case merged.HETU != "":
		return SideMerged
	case merged.UpdatedAt.After(survivor.UpdatedAt):
		return SideMerged
	}
	return SideSurvivor
}

// MergeDetails combines the details of two records of one person: what the
// survivor lacks is taken from the merged record; a conflict is decided by
// choices (field → side), else by DefaultSide. The HETU of the record that
// has one wins; two different HETUs cannot be merged (Conflict
// merge.hetu_differ). Previous names are combined and gain the name that
// was not kept; permits are combined (the merged record's get no ids here:
// the caller gives them new ones); address protection stays when either
// record has it. Errors: Invalid on "choices.<field>" for an unknown field
// or side.
func MergeDetails(survivor, merged Client, choices map[string]Side) (Details, error) {
	var v apperr.Validation
	known := map[string]bool{}
	for _, f := range mergeFields {
		known[f.name] = true
	}
	for _, field := range sortedKeys(choices) {
		side := choices[field]
		if !known[field] || (side != SideSurvivor && side != SideMerged) {
			v.Add("choices."+field, "validation.choice")
		}
	}
	if err := v.Err(); err != nil {
		return Details{}, err
	}
	s, m := survivor.Details.clone(), merged.Details.clone()
	if s.HETU != "" && m.HETU != "" && s.HETU != m.HETU {
		return Details{}, apperr.New(apperr.Conflict, "merge.hetu_differ")
	}
	out := s.clone()
	if out.HETU == "" {
		out.HETU = m.HETU
	}
	def := DefaultSide(survivor, merged)
	for _, f := range mergeFields {
		switch {
		case f.empty(&m), f.equal(&s, &m):
		case f.empty(&s):
			f.take(&out, &m)
		default:
			side, ok := choices[f.name]
			if !ok {
				side = def
			}
			if side == SideMerged {
				f.take(&out, &m)
			}
		}
	}
	if out.HETU != "" {
		// The HETU decides birth date and sex (Validate derives them).
		out.Sex = SexUnknown
	}
	out.AddressProtected = s.AddressProtected || m.AddressProtected
	out.PreviousNames = combineNames(out, s, m)
	out.Permits = combinePermits(s.Permits, m.Permits)
	return out, nil
}

// combineNames is the previous names of both records and the names of
// either record that the merged details do not keep, each once.
func combineNames(out, s, m Details) []string {
	var prev []string
	seen := map[string]bool{names.Fold(out.FirstNames + " " + out.LastName): true}
	add := func(n string) {
		if k := names.Fold(n); k != "" && !seen[k] && len(prev) < maxPreviousNames {
			seen[k] = true
			prev = append(prev, n)
		}
	}
	for _, n := range s.PreviousNames {
		add(n)
	}
	for _, n := range m.PreviousNames {
		add(n)
	}
	add(strings.TrimSpace(s.FirstNames + " " + s.LastName))
	add(strings.TrimSpace(m.FirstNames + " " + m.LastName))
	return prev
}

// combinePermits is the survivor's permits and those of the merged record
// that the survivor does not already have (same content), the latter
// without their ids.
func combinePermits(s, m []Permit) []Permit {
	out := slices.Clone(s)
	for _, p := range m {
		same := slices.ContainsFunc(s, func(q Permit) bool { q.ID = p.ID; return q == p })
		if !same && len(out) < maxPermits {
			p.ID = ""
			out = append(out, p)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
