package handover

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"koto/internal/assessment"
	"koto/internal/client"
	"koto/internal/plan"
	"koto/internal/referral"
)

// TestSchemaMatchesGoTypes fails when the wire types and the schema drift:
// every field a type emits is a property of its schema object and the
// other way round, required exactly when the field is never omitted, and
// every object forbids other properties, with a description for each
// property.
func TestSchemaMatchesGoTypes(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema, &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	objects := map[string]reflect.Type{
		"": reflect.TypeFor[Document](), "origin": reflect.TypeFor[Origin](), "person": reflect.TypeFor[Person](),
		"address": reflect.TypeFor[Address](), "permit": reflect.TypeFor[Permit](), "background": reflect.TypeFor[Background](),
		"education": reflect.TypeFor[Education](), "work": reflect.TypeFor[Work](), "assessment": reflect.TypeFor[Assessment](),
		"languageTest": reflect.TypeFor[LanguageTest](), "plan": reflect.TypeFor[Plan](), "planVersion": reflect.TypeFor[PlanVersion](),
		"measure": reflect.TypeFor[Measure](), "referral": reflect.TypeFor[Referral](), "event": reflect.TypeFor[Event](),
		"placement": reflect.TypeFor[Placement](), "serviceEnd": reflect.TypeFor[ServiceEnd](),
	}
	for name, def := range defs {
		if def.(map[string]any)["type"] == "object" {
			if _, ok := objects[name]; !ok {
				t.Errorf("schema object %s has no Go type in this test", name)
			}
		}
	}
	for name, typ := range objects {
		obj := root
		if name != "" {
			obj = defs[name].(map[string]any)
		}
		if obj["additionalProperties"] != false {
			t.Errorf("%s: additionalProperties is not false", typ.Name())
		}
		props, _ := obj["properties"].(map[string]any)
		var required []string
		for _, r := range asList(obj["required"]) {
			required = append(required, r.(string))
		}
		var fields []string
		for i := range typ.NumField() {
			f := typ.Field(i)
			field, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			fields = append(fields, field)
			if _, ok := props[field]; !ok {
				t.Errorf("%s.%s: %q is not in the schema", typ.Name(), f.Name, field)
			}
			optional := opts == "omitempty" || f.Type.Kind() == reflect.Pointer
			if optional == slices.Contains(required, field) {
				t.Errorf("%s.%s: required in the schema %v, but omitted when empty %v", typ.Name(), f.Name, slices.Contains(required, field), optional)
			}
		}
		for p, v := range props {
			if !slices.Contains(fields, p) {
				t.Errorf("%s: the schema declares %q, which the type never emits", typ.Name(), p)
			}
			if desc, _ := v.(map[string]any)["description"].(string); desc == "" && !describedByRef(defs, v) {
				t.Errorf("%s: property %q has no description", typ.Name(), p)
			}
		}
	}
}

func describedByRef(defs map[string]any, v any) bool {
	ref, _ := v.(map[string]any)["$ref"].(string)
	def, ok := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	return ok && def["description"] != nil && def["description"] != ""
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// TestSchemaCodesAreKotos fails when a code list changes in Koto but not in
// the schema.
func TestSchemaCodesAreKotos(t *testing.T) {
	var root struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema, &root); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		def, prop string
		want      []string
	}{
		{"person", "sex", strs(client.Sexes)},
		{"permit", "kind", strs(client.ApplicationKinds)},
		{"permit", "outcome", strs(client.Outcomes)},
		{"permit", "class", strs(client.PermitClasses)},
		{"permit", "ground", strs(client.Grounds)},
		{"background", "literacy", strs(assessment.Literacies)},
		{"education", "recognition", assessment.Recognitions},
		{"assessment", "kind", strs(assessment.Kinds)},
		{"assessment", "status", []string{string(assessment.StatusDraft), string(assessment.StatusCompleted)}},
		{"assessment", "planNeeded", []string{string(assessment.PlanNeeded), string(assessment.PlanNotNeeded)}},
		{"languageTest", "kind", strs(assessment.TestKinds)},
		{"languageTest", "language", assessment.TestLanguages},
		{"languageTest", "reading", strs(assessment.Levels)},
		{"planVersion", "kind", plan.Kinds},
		{"event", "status", strs(referral.Statuses)},
		{"serviceEnd", "reason", client.ServiceEndReasons},
	} {
		if got := root.Defs[tc.def].Properties[tc.prop].Enum; !slices.Equal(got, tc.want) {
			t.Errorf("%s.%s: schema %v, Koto %v", tc.def, tc.prop, got, tc.want)
		}
	}
}

// TestPath names instance locations as the API names fields.
func TestPath(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"person", "hetu"}, "person.hetu"},
		{[]string{"plans", "1", "versions", "0", "goals", "2"}, "plans[1].versions[0].goals[2]"},
	} {
		if got := Path(tc.in); got != tc.want {
			t.Errorf("Path(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
