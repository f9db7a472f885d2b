package disclosure

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"koto/internal/apperr"
)

// Translate gives the text of a catalog key in the reader's language.
type Translate func(key string, args ...any) string

// Shown is one item of a package as a person reads it: its label and its
// lines, or Empty ("no data").
type Shown struct {
	Key   string
	Label string
	Lines []string
	Empty bool
}

// fieldOrder is the order in which an item's fields are shown; fields not
// listed come after, by name.
var fieldOrder = []string{"firstNames", "lastName", "previousNames", "date", "place", "citizenships", "stateless", "nationality",
	"homeMunicipality", "street", "postalCode", "postOffice", "addressProtected", "phone", "email", "kind", "validFrom", "validUntil",
	"assessmentDate", "recommendation", "literacy", "language", "studySkills", "priorEducation", "listening", "reading", "speaking",
	"writing", "provider", "level", "field", "occupation", "country", "years", "completed"}

// Show renders a package's content (its JSON) as the 18 items in order,
// labelled with t ("disclosures.item.<key>", "disclosures.field.<name>",
// "disclosures.yes"/"disclosures.no"); an item without data is Empty.
// Anything in the content beyond the 18 keys is never shown.
func Show(content []byte, t Translate) ([]Shown, error) {
	dec := json.NewDecoder(bytes.NewReader(content))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, apperr.Wrap(err, "disclosure package")
	}
	out := make([]Shown, 0, len(ItemKeys))
	for _, k := range ItemKeys {
		s := Shown{Key: k, Label: t("disclosures.item." + k)}
		s.Lines = lines(m[k], t)
		s.Empty = len(s.Lines) == 0
		out = append(out, s)
	}
	return out, nil
}

// lines renders one value: a text is one line, an object a line per
// field ("label: value"), a list of objects a line per object.
func lines(v any, t Translate) []string {
	switch x := v.(type) {
	case nil:
		return nil
	case map[string]any:
		var out []string
		for _, f := range fields(x) {
			if s := scalar(x[f], t); s != "" {
				out = append(out, t("disclosures.field."+f)+": "+s)
			}
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			if o, ok := e.(map[string]any); ok {
				out = append(out, strings.Join(lines(o, t), "; "))
			} else if s := scalar(e, t); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	if s := scalar(v, t); s != "" {
		return []string{s}
	}
	return nil
}

func scalar(v any, t Translate) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return t("disclosures.yes")
		}
		return t("disclosures.no")
	case json.Number:
		return x.String()
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			if s := scalar(e, t); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

// fields are an object's field names in fieldOrder.
func fields(m map[string]any) []string {
	rank := func(f string) int {
		for i, g := range fieldOrder {
			if g == f {
				return i
			}
		}
		return len(fieldOrder)
	}
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}
