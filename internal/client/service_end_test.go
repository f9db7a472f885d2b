package client_test

import (
	"testing"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store/storetest"
)

// The dates of the service end and death agree with the others.
func TestServiceEndRules(t *testing.T) {
	today := day(2026, 6, 1)
	base := func() client.Details {
		return client.Details{FirstNames: "Testi", LastName: "Asiakas", BirthDate: day(1980, 1, 1),
			ArrivalDate: day(2020, 3, 1), MunicipalityRegistered: day(2020, 4, 1)}
	}
	tests := []struct {
		name  string
		edit  func(d *client.Details)
		field string // "" for valid
		key   string
	}{
		{"no end", func(d *client.Details) {}, "", ""},
		{"end with reason", func(d *client.Details) { d.ServiceEnd, d.ServiceEndReason = day(2025, 1, 31), client.ReasonEmployed }, "", ""},
		{"end without reason", func(d *client.Details) { d.ServiceEnd = day(2025, 1, 31) }, "serviceEndReason", "validation.required"},
		{"reason without end", func(d *client.Details) { d.ServiceEndReason = client.ReasonMovedAway }, "serviceEnd", "validation.required"},
		{"unknown reason", func(d *client.Details) { d.ServiceEnd, d.ServiceEndReason = day(2025, 1, 31), "bored" }, "serviceEndReason", "validation.choice"},
		{"end in the future", func(d *client.Details) { d.ServiceEnd, d.ServiceEndReason = day(2026, 6, 2), client.ReasonOther }, "serviceEnd", "validation.date_future"},
		{"end before registration", func(d *client.Details) { d.ServiceEnd, d.ServiceEndReason = day(2020, 3, 15), client.ReasonOther }, "serviceEnd", "client.service_end_before_registration"},
		{"end before arrival", func(d *client.Details) {
			d.MunicipalityRegistered = civil.Date{}
			d.ServiceEnd, d.ServiceEndReason = day(2020, 2, 1), client.ReasonOther
		}, "serviceEnd", "client.service_end_before_arrival"},
		{"death reason without date", func(d *client.Details) { d.ServiceEnd, d.ServiceEndReason = day(2025, 1, 31), client.ReasonDeath }, "dateOfDeath", "client.death_reason_needs_date"},
		{"death implies the end", func(d *client.Details) { d.DateOfDeath = day(2025, 2, 1) }, "", ""},
		{"death in the future", func(d *client.Details) { d.DateOfDeath = day(2026, 7, 1) }, "dateOfDeath", "validation.date_future"},
		{"death before birth", func(d *client.Details) {
			d.ArrivalDate, d.MunicipalityRegistered = civil.Date{}, civil.Date{}
			d.DateOfDeath = day(1979, 1, 1)
		}, "dateOfDeath", "client.death_before_birth"},
		{"end after death", func(d *client.Details) {
			d.DateOfDeath, d.ServiceEnd, d.ServiceEndReason = day(2025, 2, 1), day(2025, 3, 1), client.ReasonOther
		}, "serviceEnd", "client.after_death"},
		{"registration after death", func(d *client.Details) { d.DateOfDeath = day(2020, 3, 20) }, "municipalityRegistered", "client.after_death"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := base()
			tt.edit(&d)
			d.Normalize()
			err := d.Validate(today)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			ae, ok := apperr.As(err)
			if !ok {
				t.Fatalf("want %s on %s, got %v", tt.key, tt.field, err)
			}
			for _, f := range ae.Fields {
				if f.Field == tt.field && f.Key == tt.key {
					return
				}
			}
			t.Fatalf("want %s on %s, got %+v", tt.key, tt.field, ae.Fields)
		})
	}
	d := base()
	d.DateOfDeath = day(2025, 2, 1)
	d.Normalize()
	if d.ServiceEnd != d.DateOfDeath || d.ServiceEndReason != client.ReasonDeath {
		t.Errorf("a death did not end the service: %+v", d.Ending)
	}
}

// The service end is stored, read back, and in the change history.
func TestServiceEndStoredAndInHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, details(testHETU(t, 1985, 5, 5, 955), "Päättyvä", "Palvelu"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.env.Clients.Update(ctx, f.caseworker, c.ID, c.Version, func(d *client.Details, _ bool) error {
			d.ServiceEnd, d.ServiceEndReason = day(2025, 1, 31), client.ReasonPlanCompleted
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.env.Clients.Get(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ServiceEnd != day(2025, 1, 31) || got.ServiceEndReason != client.ReasonPlanCompleted || !got.DateOfDeath.IsZero() {
			t.Fatalf("stored %+v", got.Ending)
		}
		h, err := f.env.Clients.History(ctx, f.caseworker, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		fields := map[string]string{}
		for _, ch := range h {
			fields[ch.Field] = ch.NewValue
		}
		if fields["serviceEnd"] != "2025-01-31" || fields["serviceEndReason"] != client.ReasonPlanCompleted {
			t.Errorf("history %+v", fields)
		}
	})
}
