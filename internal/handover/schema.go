package handover

import (
	"bytes"
	_ "embed"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"

	"koto/internal/apperr"
)

// Schema is the JSON Schema (draft 2020-12) of Document, documented field
// by field; docs/operations.md points to it.
//
//go:embed integration-records-v1.json
var Schema []byte

// compiled is Schema compiled once, on first use.
var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(SchemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaID)
})

// CheckSchema validates the JSON document b against Schema. The error is
// Invalid with one field per violation, named by its path in the document
// ("referrals[2].events[0].date") and the key handover.schema with the
// violated keyword as its argument; a body that is not JSON is Invalid on
// the field "document".
func CheckSchema(b []byte) error {
	s, err := compiled()
	if err != nil {
		return apperr.Wrap(err, "compile hand-over schema")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return apperr.InvalidField("document", "handover.not_json")
	}
	err = s.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return apperr.Wrap(err, "validate hand-over document")
	}
	var v apperr.Validation
	leaves(ve, &v)
	if len(v.Fields) == 0 {
		v.Add("document", "handover.schema", "schema")
	}
	return v.Err()
}

// leaves adds the innermost violations of e to v.
func leaves(e *jsonschema.ValidationError, v *apperr.Validation) {
	if len(e.Causes) > 0 {
		for _, c := range e.Causes {
			leaves(c, v)
		}
		return
	}
	path := Path(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, m := range k.Missing {
			v.Add(join(path, m), "validation.required")
		}
		return
	case *kind.AdditionalProperties:
		for _, p := range k.Properties {
			v.Add(join(path, p), "handover.unknown_field")
		}
		return
	}
	kw := e.ErrorKind.KeywordPath()
	keyword := "schema"
	if len(kw) > 0 {
		keyword = kw[len(kw)-1]
	}
	if path == "" {
		path = "document"
	}
	if !v.Has(path) {
		v.Add(path, "handover.schema", keyword)
	}
}

// Path writes a JSON instance location as a field path: properties joined
// with dots, array indexes in brackets.
func Path(loc []string) string {
	var b strings.Builder
	for _, p := range loc {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}
