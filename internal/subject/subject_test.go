package subject

import (
	"testing"

	"koto/internal/civil"
	"koto/internal/client"
)

// The portable copy keeps what the person provides and leaves out what the
// authorities decide or record.
func TestPortable(t *testing.T) {
	c := client.Client{ID: "c1", KotoID: "K-1", OrgID: "org", Version: 3, Details: client.Details{
		FirstNames: "Aino", LastName: "Testi", BirthDate: civil.Date{Year: 1990, Month: 1, Day: 2}, Phone: "+358401234567",
		Email: "aino@example.fi", MotherTongue: "ar", Citizenships: []string{"SY"}, Address: client.Address{Street: "Katu 1"},
		HomeMunicipality: "240", AddressProtected: true, ArrivalDate: civil.Date{Year: 2024, Month: 5, Day: 1},
		MunicipalityRegistered: civil.Date{Year: 2024, Month: 6, Day: 1}, Permits: []client.Permit{{ID: "p1"}},
	}}
	p := Portable(c)
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"names", p.FirstNames == "Aino" && p.LastName == "Testi"},
		{"birth date", p.BirthDate == c.BirthDate},
		{"contacts", p.Phone == c.Phone && p.Email == c.Email && p.Address == c.Address},
		{"languages and citizenships", p.MotherTongue == "ar" && len(p.Citizenships) == 1},
		{"no permits", len(p.Permits) == 0},
		{"no registration data", p.HomeMunicipality == "" && p.ArrivalDate.IsZero() && p.MunicipalityRegistered.IsZero() && !p.AddressProtected},
		{"no organisation or version", p.OrgID == "" && p.Version == 0},
	} {
		if !tc.ok {
			t.Errorf("%s: %+v", tc.name, p)
		}
	}
}

// Every table is either reported or excluded with a reason, never both.
func TestTablesAndExclusions(t *testing.T) {
	for table, reason := range Excluded {
		if _, ok := Tables[table]; ok {
			t.Errorf("%s both reported and excluded", table)
		}
		if reason == "" {
			t.Errorf("%s excluded without a reason", table)
		}
	}
}
