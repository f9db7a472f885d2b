package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"koto/internal/i18n"
)

// TestOpenAPICoversRoutes checks that the served document parses, and that
// every route of the table, and nothing else, is described in it.
func TestOpenAPICoversRoutes(t *testing.T) {
	h := newHarness(t, "sqlite")
	w := h.call(t, "GET", "/api/v1/openapi.json", "", nil)
	want(t, w, http.StatusOK)
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas         map[string]json.RawMessage `json:"schemas"`
			SecuritySchemes map[string]struct {
				Scheme string `json:"scheme"`
			} `json:"securitySchemes"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" {
				described[strings.ToUpper(method)+" "+p] = true
			}
		}
	}
	for _, rt := range New(Deps{Catalog: i18n.MustLoad()}).Routes() {
		if !described[rt.Pattern] {
			t.Errorf("route %s missing from openapi.json", rt.Pattern)
		}
		delete(described, rt.Pattern)
	}
	for op := range described {
		t.Errorf("openapi.json describes %s, which is not a route", op)
	}
	for _, s := range []string{"Client", "ClientInput", "Permit", "Summary", "AccessLogEntry", "Problem",
		"AccessReason", "AccessReasonInput", "AccessReasonReview", "Assignment", "Sensitive", "SensitiveInput"} {
		if _, ok := doc.Components.Schemas[s]; !ok {
			t.Errorf("schema %s missing", s)
		}
	}
	// Every problem type the API answers with is listed.
	var problem struct {
		Properties struct {
			Type struct {
				Enum []string `json:"enum"`
			} `json:"type"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(doc.Components.Schemas["Problem"], &problem); err != nil {
		t.Fatal(err)
	}
	slugs := []string{reasonRequired}
	for _, slug := range problemTypes {
		slugs = append(slugs, slug)
	}
	for _, slug := range slugs {
		if !slices.Contains(problem.Properties.Type.Enum, ProblemBase+slug) {
			t.Errorf("problem type %s missing from the Problem schema", slug)
		}
	}
	if doc.Components.SecuritySchemes["bearer"].Scheme != "bearer" {
		t.Error("bearer security scheme missing")
	}
	// Every reference resolves.
	var comps map[string]map[string]json.RawMessage
	if err := json.Unmarshal(w.Body.Bytes(), &struct {
		C *map[string]map[string]json.RawMessage `json:"components"`
	}{&comps}); err != nil {
		t.Fatal(err)
	}
	for _, ref := range strings.Split(w.Body.String(), `"$ref": "#/components/`)[1:] {
		kind, name, _ := strings.Cut(ref[:strings.IndexByte(ref, '"')], "/")
		if _, ok := comps[kind][name]; !ok {
			t.Errorf("dangling $ref %s/%s", kind, name)
		}
	}
}
