package natrep

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"koto/internal/assessment"
	"koto/internal/plan"
	"koto/internal/services"
)

// compileSchema compiles the committed schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validate checks the JSON document b against the schema.
func validate(t *testing.T, s *jsonschema.Schema, b []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

// writeDoc streams records as an export does and returns the document.
func writeDoc(t *testing.T, period *Period, records ...Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, "091", period, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range records {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWrittenDocumentsValidate(t *testing.T) {
	s := compileSchema(t)
	full, bare := RecordOf(fullSource()), RecordOf(bareSource())
	for name, doc := range map[string][]byte{
		"empty":          writeDoc(t, &Period{From: "2026-01-01", To: "2026-01-31"}),
		"one client":     writeDoc(t, nil, full),
		"every field":    writeDoc(t, &Period{From: "2026-01-01", To: "2026-01-31"}, full, bare),
		"optional empty": writeDoc(t, nil, bare),
	} {
		if err := validate(t, s, doc); err != nil {
			t.Errorf("%s: %v\n%s", name, err, doc)
		}
		var d Document
		if err := json.Unmarshal(doc, &d); err != nil {
			t.Errorf("%s: not JSON: %v", name, err)
		}
	}
}

func TestSchemaRejects(t *testing.T) {
	s := compileSchema(t)
	good := string(writeDoc(t, nil, RecordOf(fullSource())))
	for name, bad := range map[string]string{
		"unknown field":     strings.Replace(good, `"kotoId"`, `"name":"Aino","kotoId"`, 1),
		"raw kind":          strings.Replace(good, `"kind":"multisector"`, `"kind":"monialainen"`, 1),
		"finnish date":      strings.Replace(good, `"date":"2026-01-10"`, `"date":"10.1.2026"`, 1),
		"no person":         strings.Replace(good, `"person":{"hetu":"010190-900P","kotoId":"K-00000-00001"},`, ``, 1),
		"unknown code list": strings.Replace(good, `"serviceKind":"civic-orientation"`, `"serviceKind":"yoga"`, 1),
	} {
		if bad == good {
			t.Fatalf("%s: the test's replacement did not apply to %s", name, good)
		}
		if err := validate(t, s, []byte(bad)); err == nil {
			t.Errorf("%s: the schema accepts %s", name, bad)
		}
	}
}

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
		"": reflect.TypeFor[Document](), "period": reflect.TypeFor[Period](), "codeLists": reflect.TypeFor[CodeListRefs](),
		"record": reflect.TypeFor[Record](), "person": reflect.TypeFor[Person](), "assessment": reflect.TypeFor[Assessment](),
		"assessmentContent": reflect.TypeFor[AssessmentContent](), "plan": reflect.TypeFor[Plan](), "measure": reflect.TypeFor[Measure](),
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
			tag := f.Tag.Get("json")
			field, opts, _ := strings.Cut(tag, ",")
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

// describedByRef reports whether a property is a bare $ref to a described
// definition.
func describedByRef(defs map[string]any, v any) bool {
	ref, _ := v.(map[string]any)["$ref"].(string)
	def, ok := defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	return ok && def["description"] != nil && def["description"] != ""
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
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
	var assessmentKinds []string
	for _, k := range assessment.Kinds {
		assessmentKinds = append(assessmentKinds, string(k))
	}
	for _, tc := range []struct {
		def, prop string
		want      []string
	}{
		{"assessment", "kind", assessmentKinds},
		{"assessment", "planNeeded", []string{string(assessment.PlanNeeded), string(assessment.PlanNotNeeded)}},
		{"plan", "kind", plan.Kinds},
		{"measure", "serviceKind", services.RecordedCodes()},
	} {
		if got := root.Defs[tc.def].Properties[tc.prop].Enum; !slices.Equal(got, tc.want) {
			t.Errorf("%s.%s: schema %v, Koto %v", tc.def, tc.prop, got, tc.want)
		}
	}
}
