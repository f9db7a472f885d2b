package disclosure

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/plan"
)

func TestBuild(t *testing.T) {
	full := Sources{
		Client: client.Client{Details: client.Details{HETU: "010190-990X", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 1},
			FirstNames: "Aino Maria", LastName: "Testi", BirthPlace: "Kabul", MotherTongue: "fa", ServiceLanguage: "fi",
			Citizenships: []string{"AF"}, Nationality: "hazara", HomeMunicipality: "091",
			Address: client.Address{Street: "Testikatu 1", PostalCode: "00100", PostOffice: "Helsinki"}, Phone: "0401234567"}},
		Official: "Olli Ohjaaja",
		Plan: &plan.Version{Content: plan.Content{Kind: plan.KindBasic, StartDate: civil.Date{Year: 2025, Month: 2, Day: 1},
			EndDate: civil.Date{Year: 2026, Month: 1, Day: 31}}, SavedAt: time.Date(2025, 1, 31, 23, 30, 0, 0, time.UTC)},
		Assessments: []assessment.Assessment{
			{Status: assessment.StatusDraft, TrainingRecommendation: "luonnos"},
			{Status: assessment.StatusCompleted, Date: civil.Date{Year: 2025, Month: 1, Day: 20}, TrainingRecommendation: "Kotoutumiskoulutus",
				Topics: assessment.Topics{Literacy: "Lukee latinalaisia aakkosia", EmploymentNeeds: "ei kuulu pakettiin"}},
		},
		Tests: []assessment.LanguageTest{{Kind: assessment.TestFinal, Language: "fi"},
			{Kind: assessment.TestInitial, Language: "fi", Date: civil.Date{Year: 2025, Month: 1, Day: 15}, Listening: "A1.2", Reading: "A1.1"}},
		Background: assessment.Background{Education: []assessment.Education{{Level: "3", Country: "AF", Years: 12, Completed: true}},
			Work: []assessment.Work{{Occupation: "23", Years: 4}}, TargetOccupation: "22"},
		FreeText: FreeText{OtherNecessary: "  Tarvitsee tulkin.  "},
	}
	tests := []struct {
		name   string
		src    Sources
		items  []string
		checks map[string]string // item key → a substring its JSON must contain
	}{
		{"empty record", Sources{Official: "Olli"}, []string{"official"}, nil},
		{"full record", full, []string{"names", "birthDateAndPlace", "hetu", "motherTongue", "serviceLanguage", "citizenship", "residence",
			"contact", "official", "plan", "trainingRecommendation", "initialLanguageTest", "priorEducation", "priorOccupation",
			"targetOccupation", "otherNecessary"}, map[string]string{
			"motherTongue":           `"persia"`,
			"serviceLanguage":        `"suomi"`,
			"citizenship":            `"Afganistan"`,
			"residence":              `"homeMunicipality":"Helsinki"`,
			"plan":                   `"date":"2025-02-01"`, // saved 01:30 in Helsinki
			"trainingRecommendation": `"recommendation":"Kotoutumiskoulutus"`,
			"initialLanguageTest":    `"listening":"A1.2"`,
			"otherNecessary":         `"Tarvitsee tulkin."`,
		}},
		{"address protection", Sources{Client: client.Client{Details: client.Details{LastName: "Suojattu", HomeMunicipality: "091",
			AddressProtected: true, Address: client.Address{Street: "Salainen 1"}}}}, []string{"names", "residence"},
			map[string]string{"residence": `{"addressProtected":true}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Build(tt.src)
			if got := p.Items(); !slices.Equal(got, tt.items) {
				t.Errorf("items %v, want %v", got, tt.items)
			}
			b, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]json.RawMessage
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			if len(m) != len(ItemKeys) {
				t.Errorf("package has %d keys, want the 18", len(m))
			}
			for _, k := range ItemKeys {
				v, ok := m[k]
				if !ok {
					t.Errorf("key %s missing", k)
				}
				if has := slices.Contains(tt.items, k); has == (string(v) == "null") {
					t.Errorf("%s = %s, with data %v", k, v, has)
				}
			}
			for k, want := range tt.checks {
				if !strings.Contains(string(m[k]), want) {
					t.Errorf("%s = %s, want it to contain %s", k, m[k], want)
				}
			}
			for _, raw := range []string{`"fa"`, `"AF"`, `"091"`, `"23"`, "ei kuulu pakettiin", "luonnos"} {
				if strings.Contains(string(b), raw) {
					t.Errorf("package carries %s: %s", raw, b)
				}
			}
		})
	}
}
