package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"koto/internal/access"
	"koto/internal/disclosure"
	"koto/internal/natrep"
	"koto/internal/store/storetest"
)

// natrepSchema compiles the committed national repository schema.
func natrepSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(natrep.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(natrep.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(natrep.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validNatrep fails unless body is a document the schema accepts, and
// returns it decoded.
func validNatrep(t *testing.T, s *jsonschema.Schema, body []byte) natrep.Document {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	if err := s.Validate(v); err != nil {
		t.Fatalf("the export does not follow the schema: %v\n%s", err, body)
	}
	var d natrep.Document
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// The export over real data: every client with casework in the period,
// page by page, validated against the schema; another organisation's
// clients never included, and each included client in the access log.
func TestNationalRepositoryExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		h.api.Natrep = h.api.Natrep.WithPageSize(2) // three clients span two pages
		schema := natrepSchema(t)
		sup := h.user(t, "091", "sup", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		// The attacker's own organisation 092 has casework in the same
		// period; its supervisor exports and asks for 091's client.
		attacker := h.user(t, "092", "sup2", access.Supervisor)

		withHETU := h.create(t, cw, person(synthetic(t, 1990, 2, 3, 901), "Kansallinen", "Asiakas"))
		noHETU := h.create(t, cw, person("1985-06-07", "Ilman", "Tunnusta"))
		planOnly := h.create(t, cw, person("1979-08-09", "Vain", "Suunnitelma"))
		draftOnly := h.create(t, cw, person("1970-10-11", "Luonnos", "Vain"))
		foreign := h.create(t, attacker, person(synthetic(t, 1992, 4, 5, 902), "Muu", "Kunta"))

		complete := func(token, clientID string) {
			t.Helper()
			w := h.call(t, "POST", path(clientID, "/assessments"), token, map[string]any{"kind": "multisector", "date": "2025-03-01",
				"status": "completed", "authors": "Ohjaaja Olli", "planNeeded": "yes", "plannedPlanDate": "2025-04-01",
				"furtherMeasures": "Kotoutumiskoulutus", "dataSource": "asiakas, tulkki", "topics": map[string]any{"literacy": "Lukee."}})
			want(t, w, http.StatusCreated)
		}
		addPlan := func(token, clientID string) {
			t.Helper()
			w := h.call(t, "POST", path(clientID, "/plans"), token, map[string]any{"kind": "basic", "startDate": "2025-04-01", "endDate": "2026-03-31",
				"goals": []string{"Suomen kieli B1.1"}, "measures": []any{map[string]any{"text": "Yhteiskuntaorientaatio", "serviceKind": "civic-orientation"}},
				"reviewDates": []string{"2025-10-01"}})
			want(t, w, http.StatusCreated)
		}
		complete(cw, withHETU.ID)
		addPlan(cw, withHETU.ID)
		complete(cw, noHETU.ID)
		addPlan(cw, planOnly.ID)
		want(t, h.call(t, "POST", path(draftOnly.ID, "/assessments"), cw, map[string]any{"kind": "basic", "date": "2025-03-01"}), http.StatusCreated)
		complete(attacker, foreign.ID)
		addPlan(attacker, foreign.ID)

		today := time.Now().In(time.UTC).AddDate(0, 0, -1).Format(time.DateOnly)
		tomorrow := time.Now().In(time.UTC).AddDate(0, 0, 1).Format(time.DateOnly)
		period := "?from=" + today + "&to=" + tomorrow
		w := h.call(t, "GET", "/api/v1/national-repository"+period, sup, nil)
		want(t, w, http.StatusOK)
		d := validNatrep(t, schema, w.Body.Bytes())
		if d.Organisation != "091" || d.Period == nil || d.Period.From != today || len(d.Records) != 3 {
			t.Fatalf("export %s", w.Body)
		}
		byKoto := map[string]natrep.Record{}
		for _, r := range d.Records {
			byKoto[r.Person.KotoID] = r
		}
		if r := byKoto[withHETU.KotoID]; r.Person.HETU != withHETU.HETU || len(r.Assessments) != 1 || len(r.Plans) != 1 ||
			r.Assessments[0].Kind != "multisector" || r.Assessments[0].Authors != "Ohjaaja Olli" || r.Plans[0].Measures[0].ServiceKind != "civic-orientation" {
			t.Errorf("client with HETU: %+v", r)
		}
		if r := byKoto[noHETU.KotoID]; r.Person.HETU != "" || len(r.Assessments) != 1 || len(r.Plans) != 0 {
			t.Errorf("client without HETU: %+v", r)
		}
		if r := byKoto[planOnly.KotoID]; len(r.Assessments) != 0 || len(r.Plans) != 1 {
			t.Errorf("client with a plan only: %+v", r)
		}
		if _, ok := byKoto[draftOnly.KotoID]; ok {
			t.Error("a client with only a draft assessment was exported")
		}
		if _, ok := byKoto[foreign.KotoID]; ok || strings.Contains(w.Body.String(), foreign.HETU) {
			t.Fatal("another organisation's client was exported")
		}
		// Two pages, two entries; together they name exactly the clients sent.
		shown := h.shown(t, "natrep.export", "sup")
		if wantIDs := sortedIDs(withHETU.ID, noHETU.ID, planOnly.ID); !reflect.DeepEqual(shown, wantIDs) {
			t.Errorf("logged as shown %v, want %v", shown, wantIDs)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'natrep.export' AND result = 'allowed'`); n != 2 {
			t.Errorf("%d export entries, want one per page (2)", n)
		}
		// The export left the organisation: each client sent is recorded
		// as a disclosure to the national repository whose hash is over
		// exactly the record sent (ADR 35).
		log, err := h.env.DisclosureLogs.Page(context.Background(), h.actors["sup"], disclosure.LogQuery{Kind: disclosure.KindExport})
		if err != nil || len(log.Entries) != 3 {
			t.Fatalf("export disclosures %+v, %v; want 3", log.Entries, err)
		}
		for _, e := range log.Entries {
			r, ok := byKoto[e.ClientKotoID]
			_, hash, _ := disclosure.Seal(r)
			if !ok || e.ContentHash != hash || e.Basis != disclosure.BasisLaw || e.BasisDetail != natrep.BasisDetail ||
				e.Channel != disclosure.ChannelAPI || e.Recipient != natrep.Recipient || !slices.Contains(e.Items, "kotoId") {
				t.Errorf("export disclosure %+v (record found %v, hash %s)", e, ok, hash)
			}
			if (r.Person.HETU != "") != slices.Contains(e.Items, "hetu") {
				t.Errorf("items %v for a record with HETU %q", e.Items, r.Person.HETU)
			}
		}

		// The other organisation's export holds its own client only.
		w = h.call(t, "GET", "/api/v1/national-repository"+period, attacker, nil)
		want(t, w, http.StatusOK)
		if d := validNatrep(t, schema, w.Body.Bytes()); len(d.Records) != 1 || d.Records[0].Person.KotoID != foreign.KotoID {
			t.Fatalf("092's export %s", w.Body)
		}
		// A period with nothing in it is an empty, valid document.
		w = h.call(t, "GET", "/api/v1/national-repository?from=2020-01-01&to=2020-12-31", sup, nil)
		want(t, w, http.StatusOK)
		if d := validNatrep(t, schema, w.Body.Bytes()); len(d.Records) != 0 {
			t.Fatalf("empty period %s", w.Body)
		}
		want(t, h.call(t, "GET", "/api/v1/national-repository?from=2026-02-01&to=2026-01-01", sup, nil), http.StatusUnprocessableEntity)
		if n := h.count(t, `SELECT COUNT(*) FROM disclosures WHERE kind = 'export'`); n != 4 {
			t.Errorf("%d export disclosures after both organisations' exports, want 4 (3 + 1; none for an empty period)", n)
		}
		want(t, h.call(t, "GET", "/api/v1/national-repository"+period, cw, nil), http.StatusForbidden)

		// One client's record: the same format; another organisation's
		// client is 404 like a missing one.
		w = h.call(t, "GET", path(withHETU.ID, "/national-repository"), cw, nil)
		want(t, w, http.StatusOK)
		if d := validNatrep(t, schema, w.Body.Bytes()); d.Period != nil || len(d.Records) != 1 || d.Records[0].Person.HETU != withHETU.HETU {
			t.Fatalf("client record %s", w.Body)
		}
		want(t, h.call(t, "GET", path(withHETU.ID, "/national-repository"), attacker, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", path("missing", "/national-repository"), attacker, nil), http.StatusNotFound)
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'natrep.read' AND result = 'denied'`); n < 2 {
			t.Errorf("%d denied natrep.read entries, want at least 2", n)
		}
	})
}

// shown returns the sorted client ids the allowed entries of action by
// username listed as shown.
func (h *harness) shown(t *testing.T, action, username string) []string {
	t.Helper()
	rows, err := h.env.DB.SQL().Query(`SELECT shown FROM audit_entries WHERE action = '` + action + `' AND username = '` + username + `' AND result = 'allowed'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		if s != "" {
			ids = append(ids, strings.Split(s, ",")...)
		}
	}
	slices.Sort(ids)
	return ids
}

func sortedIDs(ids ...string) []string {
	slices.Sort(ids)
	return ids
}

// The OpenAPI document carries the export's schema exactly as committed.
func TestOpenAPINationalRepositorySchema(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(natrep.Schema, &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc.Components.Schemas["NationalRepositoryDocument"], want) {
		t.Error("openapi.json's NationalRepositoryDocument differs from internal/natrep/national-repository-v1.json; copy it over")
	}
}
