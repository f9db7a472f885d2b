package client_test

import (
	"slices"
	"strings"
	"testing"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/store/storetest"
)

func person() client.Details {
	return client.Details{BirthDate: civil.Date{Year: 2000, Month: 1, Day: 1}, FirstNames: "A", LastName: "B"}
}

// fieldKey returns the key of the first error on field, "" for none.
func fieldKey(err error, field string) string {
	ae, ok := apperr.As(err)
	if !ok {
		return ""
	}
	for _, fe := range ae.Fields {
		if fe.Field == field {
			return fe.Key
		}
	}
	return ""
}

func TestCodeValidation(t *testing.T) {
	today := civil.Date{Year: 2026, Month: 12, Day: 1}
	tests := []struct {
		name  string
		edit  func(d *client.Details)
		field string // "" = valid
		key   string
	}{
		{"valid codes", func(d *client.Details) {
			d.MotherTongue, d.ServiceLanguage, d.Citizenships, d.HomeMunicipality = "prs", "fi", []string{"AF"}, "240"
		}, "", ""},
		{"639-2 code normalised", func(d *client.Details) { d.MotherTongue = "fin" }, "", ""},
		{"unknown language", func(d *client.Details) { d.MotherTongue = "xq" }, "motherTongue", "codes.unknown.languages"},
		{"unknown service language", func(d *client.Details) { d.ServiceLanguage = "zzz" }, "serviceLanguage", "codes.unknown.languages"},
		{"unknown interpreter language", func(d *client.Details) { d.InterpreterNeeded, d.InterpreterLanguage = true, "qq" }, "interpreterLanguage", "codes.unknown.languages"},
		{"withdrawn country", func(d *client.Details) { d.Citizenships = []string{"SU"} }, "citizenships", "codes.withdrawn.countries"},
		{"nonsense country", func(d *client.Details) { d.Citizenships = []string{"ZZ"} }, "citizenships", "codes.unknown.countries"},
		{"unknown citizenship", func(d *client.Details) { d.Citizenships = []string{codes.UnknownCountry} }, "", ""},
		{"unknown with another", func(d *client.Details) { d.Citizenships = []string{"XX", "SY"} }, "citizenships", "codes.unknown_with_other"},
		{"municipality 000", func(d *client.Details) { d.HomeMunicipality = "000" }, "homeMunicipality", "codes.unknown.municipalities"},
		{"merged municipality", func(d *client.Details) { d.HomeMunicipality = "099" }, "homeMunicipality", "codes.withdrawn.municipalities"},
		{"nationality too long", func(d *client.Details) { d.Nationality = strings.Repeat("k", 101) }, "nationality", "validation.too_long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := person()
			tt.edit(&d)
			d.Normalize()
			err := d.Validate(today)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if got := fieldKey(err, tt.field); got != tt.key {
				t.Errorf("%s: got %q, want %q (%v)", tt.field, got, tt.key, err)
			}
		})
	}
}

func TestNormalizeCodes(t *testing.T) {
	d := person()
	d.MotherTongue, d.ServiceLanguage, d.Citizenships, d.HomeMunicipality = " FIN", "swe", []string{"sy", " SY ", "ua"}, "91"
	d.Normalize()
	if d.MotherTongue != "fi" || d.ServiceLanguage != "sv" || !slices.Equal(d.Citizenships, []string{"SY", "UA"}) || d.HomeMunicipality != "091" {
		t.Errorf("normalised to %q %q %v %q", d.MotherTongue, d.ServiceLanguage, d.Citizenships, d.HomeMunicipality)
	}
}

// A withdrawn code an old record holds may stay when the record is
// edited; putting one in is refused.
func TestWithdrawnCodeKeptOnUpdate(t *testing.T) {
	today := civil.Date{Year: 2026, Month: 12, Day: 1}
	old := person()
	old.Citizenships, old.HomeMunicipality = []string{"SU"}, "099"
	kept := old
	kept.FirstNames = "Changed"
	if err := kept.ValidateChange(today, &old); err != nil {
		t.Fatalf("keeping withdrawn codes refused: %v", err)
	}
	moved := old
	moved.Citizenships, moved.HomeMunicipality = []string{"YU"}, "319"
	err := moved.ValidateChange(today, &old)
	if fieldKey(err, "citizenships") != "codes.withdrawn.countries" || fieldKey(err, "homeMunicipality") != "codes.withdrawn.municipalities" {
		t.Errorf("another withdrawn code accepted: %v", err)
	}
	fresh := old
	if fieldKey(fresh.Validate(today), "citizenships") != "codes.withdrawn.countries" {
		t.Error("withdrawn code accepted for a new client")
	}
}

// Through the service: a client stored with a withdrawn code (before the
// lists existed) can be edited without changing it, and records the
// versions of the code lists; nationality is stored and its change is in
// the history.
func TestServiceKeepsWithdrawnCodeAndVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		d := person()
		d.Citizenships, d.HomeMunicipality, d.Nationality = []string{"RU"}, "240", "kurdi"
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if c.CodeLists != codes.Versions() {
			t.Errorf("code lists %q", c.CodeLists)
		}
		// An old record: written before withdrawn codes were refused.
		if _, err := f.env.DB.SQL().Exec(`UPDATE clients SET citizenships = '["SU"]', home_municipality = '099', code_lists = '' WHERE id = '` + c.ID + `'`); err != nil {
			t.Fatal(err)
		}
		got, err := f.env.Clients.Update(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error {
			d.Nationality = "tataari"
			return nil
		})
		if err != nil {
			t.Fatalf("edit keeping withdrawn codes: %v", err)
		}
		if !slices.Equal(got.Citizenships, []string{"SU"}) || got.HomeMunicipality != "099" || got.CodeLists != codes.Versions() {
			t.Errorf("after edit %v %q %q", got.Citizenships, got.HomeMunicipality, got.CodeLists)
		}
		_, err = f.env.Clients.Update(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error {
			d.HomeMunicipality = "319"
			return nil
		})
		if fieldKey(err, "homeMunicipality") != "codes.withdrawn.municipalities" {
			t.Errorf("another merged municipality: %v", err)
		}
		read, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil || read.Nationality != "tataari" {
			t.Fatalf("nationality %q %v", read.Nationality, err)
		}
		changes, err := f.env.Clients.History(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, ch := range changes {
			found = found || ch.Field == "nationality" && ch.OldValue == "kurdi" && ch.NewValue == "tataari"
		}
		if !found {
			t.Errorf("nationality change not in history: %+v", changes)
		}
	})
}
