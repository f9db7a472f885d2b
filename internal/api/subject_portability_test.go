package api

import (
	"bytes"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/subject"
)

var updatePortability = flag.Bool("update-portability", false, "rewrite testdata/portability.json")

func mustDate(tb testing.TB, s string) civil.Date {
	tb.Helper()
	d, err := civil.ParseDate(s)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// TestPortabilityOutputPinned pins the bytes of GET
// /api/v1/clients/{id}/portability for a client with every field filled
// in: the document is built in internal/subject (ADR 39) and shared with
// the browser's download, and the API's answer must not change with it.
func TestPortabilityOutputPinned(t *testing.T) {
	at := time.Date(2026, 3, 4, 10, 11, 12, 0, time.UTC)
	months := 7
	full := client.Client{ID: "c1", OrgID: "org-240", KotoID: "K-123", AddressHidden: true, CreatedAt: at, UpdatedAt: at, Version: 4,
		Details: client.Details{HETU: "010190-9000", BirthDate: mustDate(t, "1990-01-01"), Sex: client.Female, FirstNames: "Tiina Maria",
			LastName: "Testinen", PreviousNames: []string{"Vanha"}, BirthPlace: "Kabul", MotherTongue: "fa", ServiceLanguage: "fi",
			InterpreterNeeded: true, InterpreterLanguage: "fa", Citizenships: []string{"AF"}, Stateless: true, Nationality: "afgaani",
			HomeMunicipality: "240", Address: client.Address{Street: "Katu 1", PostalCode: "94100", PostOffice: "Kemi"},
			Phone: "+358401234567", Email: "tiina@example.org", AddressProtected: true, ArrivalDate: mustDate(t, "2025-05-05"),
			MunicipalityRegistered: mustDate(t, "2025-06-06"), Permits: []client.Permit{{ID: "p1", Kind: "first"}}}}
	pr := subject.Provided{Identity: subject.Portable(full), Generated: at.In(civil.Helsinki),
		Background: assessment.Background{Education: []assessment.Education{{Level: "6", Field: "04", Country: "AF", Years: 4, Completed: true}},
			Work: []assessment.Work{{Occupation: "2211", Years: 3, Country: "IR"}}, Literacy: "literate", OtherCompetences: "Kuvataide",
			TargetOccupation: "Lääkäri", UnemployedMonths: &months, Version: 2, UpdatedAt: at},
		Consents: []consent.Consent{
			{ID: "k1", Type: "disclosure_named_party", Scope: "KELA", TextVersion: "v1", Given: mustDate(t, "2026-01-02"), Channel: "paper", Recorder: "Olli Ohjaaja", CreatedAt: at},
			{ID: "k2", Type: "contact_by_email", TextVersion: "v2", Given: mustDate(t, "2026-01-03"), Recorder: "Olli Ohjaaja", CreatedAt: at,
				Withdrawal: &consent.Withdrawal{Date: mustDate(t, "2026-02-01"), Channel: "phone", Recorder: "Tiia Tietosuoja", CreatedAt: at}},
		}}
	w := httptest.NewRecorder()
	writeJSON(w, http.StatusOK, pr.Document(mustDate(t, "2026-03-04")))
	got := w.Body.Bytes()
	const golden = "testdata/portability.json"
	if *updatePortability {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("portability output changed:\n got %s\nwant %s", got, want)
	}
}
