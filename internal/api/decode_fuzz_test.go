package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/i18n"
)

// FuzzDecodeClientInput feeds arbitrary bodies to the create decoder. It
// must never panic; it either refuses the body with a 400 or 422 problem,
// or returns details that the domain validates cleanly (nil or field
// errors), and valid details survive a round trip through the wire form.
// The seed corpus runs with every go test.
func FuzzDecodeClientInput(f *testing.F) {
	valid := `{"hetu": "010190-900P", "firstNames": "Test", "lastName": "Person"}`
	seeds := []string{
		valid,
		`{"birthDate": "2000-02-29", "firstNames": "A", "lastName": "B"}`,
		`{"birthDate": "2000-01-01", "firstNames": "A", "lastName": "B", "previousNames": ["C"], "birthPlace": "Kabul",
		  "motherTongue": "fa", "serviceLanguage": "fi", "interpreterNeeded": true, "interpreterLanguage": "fa",
		  "citizenships": ["AF"], "homeMunicipality": "091", "address": {"street": "Katu 1", "postalCode": "00100", "postOffice": "Helsinki"},
		  "phone": "+358 40 1234567", "email": "a@example.invalid", "addressProtected": true, "arrivalDate": "2020-01-01",
		  "municipalityRegistered": "2020-02-01", "permits": [{"kind": "first", "ground": "quota_refugee", "applicationDate": "2019-01-01",
		  "outcome": "granted", "class": "A", "familyTieBeforeArrival": false,
		  "decisionDate": "2019-06-01", "validFrom": "2019-06-01", "validTo": "2023-06-01"}]}`,
		`{"hetu": "010190-900P", "firstNames": "A", "lastName": "B", "unknown": 1}`,
		`{"permits": [{"kind": "first", "ground": "work", "nested": {"x": 1}}]}`,
		`{"firstNames": 1, "lastName": true, "stateless": "yes"}`,
		`{"permits": {"kind": "first"}}`,
		`{"permits": [null, 1, "x"]}`,
		`{"address": [], "citizenships": "FI"}`,
		`{"version": 1e400, "interpreterNeeded": 1e400}`,
		`{"firstNames": "` + "\xff\xfe\xfd" + `", "lastName": "B", "birthDate": "2000-01-01"}`,
		"{\"firstNames\": \"A\x00\", \"lastName\": \"B\u202e\", \"birthDate\": \"2000-01-01\"}",
		`{"previousNames": ` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`,
		valid + ` {"again": true}`,
		valid + `]`,
		`{"birthDate": "2000-13-45", "arrivalDate": "yesterday", "permits": [{"validTo": "2020-02-30"}]}`,
		`{"hetu": null, "birthDate": null, "permits": null, "address": null}`,
		`{"FIRSTNAMES": "A", "lastname": "B", "birthdate": "2000-01-01"}`,
		`[]`, `null`, `""`, `{`, `}`, ``, `{"a":}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	a := New(Deps{Catalog: i18n.MustLoad()})
	today := civil.Date{Year: 2026, Month: time.March, Day: 1}
	f.Fuzz(func(t *testing.T, body []byte) {
		d, err := decodeClientInput(body)
		if err != nil {
			w := httptest.NewRecorder()
			a.problem(w, httptest.NewRequest("POST", "/api/v1/clients", nil), err)
			if w.Code != http.StatusBadRequest && w.Code != http.StatusUnprocessableEntity {
				t.Fatalf("decode error %v answers %d", err, w.Code)
			}
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("problem is not JSON: %q", w.Body)
			}
			return
		}
		d.Normalize()
		if err := d.Validate(today); err != nil {
			if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 {
				t.Fatalf("validation error %v", err)
			}
			return
		}
		wire, err := json.Marshal(inputOf(d))
		if err != nil {
			t.Fatalf("encode valid details: %v", err)
		}
		again, err := decodeClientInput(wire)
		if err != nil {
			t.Fatalf("round trip of valid details: %v", err)
		}
		again.Normalize()
		if err := again.Validate(today); err != nil {
			t.Fatalf("round trip no longer valid: %v", err)
		}
		wire2, _ := json.Marshal(inputOf(again))
		if !bytes.Equal(wire, wire2) {
			t.Fatalf("round trip changed the details:\n%s\n%s", wire, wire2)
		}
	})
}
