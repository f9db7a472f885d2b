package web

import (
	"strconv"
	"strings"

	"koto/internal/codes"
)

// CodeName returns the name of code in list ("languages", "countries",
// "municipalities") in the page's language, the way templates show a
// coded value: {{.CodeName "languages" .MotherTongue}}. A code the list
// does not know is shown as it is, so nothing recorded is hidden; "" stays
// "".
func (pg page) CodeName(list, code string) string {
	l, ok := codes.ByName(list)
	if !ok || code == "" {
		return code
	}
	return l.NameOf(code, pg.Lang)
}

// CodeNames is CodeName for a list of codes, joined with ", ".
func (pg page) CodeNames(list string, cs []string) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = pg.CodeName(list, c)
	}
	return strings.Join(names, ", ")
}

// codePicker is the model of the "codepicker" template (codes.html): one
// or more selects over a code list with the names in the page's language
// and the codes as values. codes.js adds a filter that matches the names
// in all three languages.
type codePicker struct {
	ID, Label, Hint, Error string
	Name                   string // the form field; every select posts it
	Multiple               bool   // several selects in a fieldset (citizenships)
	Selects                []codeSelect
	Choices                []codeChoice // the valid codes, in name order
	Matches                string       // "matches: %v" for the filter's status line, %v left in
	Empty                  string       // the empty first option
}

// codeSelect is one select of a picker.
type codeSelect struct {
	ID, Label, Value string
	FilterLabel      string // label of the filter codes.js adds
	// Kept is the current value when it is not a valid choice (a
	// withdrawn code a record already holds): offered first, so saving
	// keeps it.
	Kept *codeChoice
	// Describedby lists the hint and error ids (first select only).
	Describedby string
	// The picker's, repeated so the "codeselect" template needs only
	// the select.
	Name, Empty, Matches string
	Invalid              bool
	Choices              []codeChoice
}

// codeChoice is one option: the code, its name in the page's language and
// its names in all three for the filter.
type codeChoice struct {
	Code, Name, Search string
}

// Selected reports whether c is the select's value.
func (s codeSelect) Selected(c codeChoice) bool { return s.Value == c.Code }

// choices returns the valid entries of list in name order.
func choices(list *codes.List, lang string) []codeChoice {
	sorted := list.Sorted(lang)
	out := make([]codeChoice, len(sorted))
	for i, e := range sorted {
		out[i] = codeChoice{Code: e.Code, Name: e.Name(lang), Search: strings.Join(e.Names(), " | ")}
	}
	return out
}

// newPicker builds a picker for form field name over the code list
// listName with the typed values: one select, or with max > 1 one select
// per value and one more, empty, up to max.
func newPicker(pg page, errs formErrors, name, labelKey, hint, listName string, values []string, max int) codePicker {
	list, _ := codes.ByName(listName)
	p := codePicker{ID: fieldID(name), Name: name, Label: pg.T(labelKey), Hint: hint, Error: errs.of(name),
		Multiple: max > 1, Choices: choices(list, pg.Lang), Matches: pg.T("codes.matches"), Empty: pg.T("web.choose")}
	if p.Multiple && len(values) < max {
		values = append(values, "")
	}
	if len(values) == 0 {
		values = []string{""}
	}
	for i, v := range values {
		s := codeSelect{ID: p.ID, Label: p.Label, Value: list.Canonical(v),
			Name: p.Name, Empty: p.Empty, Matches: p.Matches, Invalid: p.Error != "", Choices: p.Choices}
		if p.Multiple {
			s.Label = pg.T("codes.nth."+name, i+1)
			if i > 0 {
				s.ID = p.ID + "-" + strconv.Itoa(i+1)
			}
		}
		s.FilterLabel = pg.T("codes.filter", s.Label)
		if s.Value != "" && list.Status(s.Value) != codes.Valid {
			s.Kept = &codeChoice{Code: s.Value, Name: pg.T("codes.no_longer_valid", pg.CodeName(listName, s.Value))}
		}
		if i == 0 {
			var ids []string
			if p.Hint != "" {
				ids = append(ids, p.ID+"-hint")
			}
			if p.Error != "" {
				ids = append(ids, p.ID+"-error")
			}
			s.Describedby = strings.Join(ids, " ")
		}
		p.Selects = append(p.Selects, s)
	}
	return p
}
