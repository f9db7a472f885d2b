package api

import (
	"encoding/json"
	"net/http"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// A permit or a date that contradicts another is a 422 naming the field;
// nothing is stored.
func TestPermitAndDateRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		granted := func(over map[string]any) map[string]any {
			p := map[string]any{"kind": "first", "applicationDate": "2023-01-10", "outcome": "granted", "decisionDate": "2023-06-01",
				"class": "A", "ground": "refugee_status", "validFrom": "2023-06-01", "validTo": "2027-06-01"}
			for k, v := range over {
				p[k] = v
			}
			return p
		}
		body := func(over map[string]any, permits ...map[string]any) map[string]any {
			b := person("1990-02-03", "Päivä", "Määrä")
			for k, v := range over {
				b[k] = v
			}
			b["permits"] = permits
			return b
		}
		tests := []struct {
			name, field, code string
			body              map[string]any
		}{
			{"temporary protection on work", "permits[0].ground", "permit.ground_not_for_class",
				body(nil, granted(map[string]any{"kind": "temporary_protection", "class": "temporary_protection", "ground": "work"}))},
			{"permanent class on a first application", "permits[0].class", "permit.class_not_for_kind",
				body(nil, granted(map[string]any{"class": "P"}))},
			{"pending with a decision date", "permits[0].decisionDate", "permit.pending_has_no_decision",
				body(nil, granted(map[string]any{"outcome": "pending", "class": nil, "validFrom": nil, "validTo": nil}))},
			{"granted without class", "permits[0].class", "permit.class_required",
				body(nil, granted(map[string]any{"class": ""}))},
			{"refused without a decision date", "permits[0].decisionDate", "permit.decision_date_required",
				body(nil, map[string]any{"kind": "extended", "outcome": "refused", "ground": "work"})},
			{"family tie on work", "permits[0].familyTieBeforeArrival", "permit.family_tie_without_family",
				body(nil, granted(map[string]any{"familyTieBeforeArrival": true}))},
			{"decided before applied", "permits[0].decisionDate", "permit.decision_before_application",
				body(nil, granted(map[string]any{"decisionDate": "2022-12-31", "validFrom": "2022-12-31"}))},
			{"valid before decided", "permits[0].validFrom", "permit.valid_from_before_decision",
				body(nil, granted(map[string]any{"validFrom": "2023-05-01"}))},
			{"decided before birth", "permits[0].decisionDate", "permit.decided_before_birth",
				body(nil, granted(map[string]any{"applicationDate": nil, "decisionDate": "1989-06-01", "validFrom": "1989-06-01"}))},
			{"arrival before birth", "arrivalDate", "client.arrival_before_birth",
				body(map[string]any{"arrivalDate": "1989-01-01"})},
			{"registered before arrival", "municipalityRegistered", "client.registered_before_arrival",
				body(map[string]any{"arrivalDate": "2020-05-01", "municipalityRegistered": "2020-04-30"})},
		}
		before := h.total(t, tok)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := h.call(t, "POST", "/api/v1/clients", tok, tt.body)
				want(t, w, http.StatusUnprocessableEntity)
				p := decodeProblem(t, w)
				if len(p.Errors) != 1 || p.Errors[0].Field != tt.field || p.Errors[0].Code != tt.code || p.Errors[0].Message == "" {
					t.Fatalf("problem %+v", p)
				}
			})
		}
		if after := h.total(t, tok); after != before {
			t.Fatalf("total %d → %d", before, after)
		}
	})
}

// The sex is as the person states it: the API keeps a stated sex whose
// HETU parity differs, and fills an unstated one from the HETU.
func TestSexStatedDespiteHETU(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		male := synthetic(t, 1991, 4, 5, 903) // odd individual number
		b := person(male, "Aino", "Ilmoitettu")
		b["sex"] = "female"
		c := h.create(t, tok, b)
		if c.Sex != "female" {
			t.Fatalf("stated sex %q", c.Sex)
		}
		w := h.call(t, "PATCH", path(c.ID), tok, map[string]any{"sex": "other", "version": c.Version})
		want(t, w, http.StatusOK)
		if got := decode[clientResp](t, w); got.Sex != "other" {
			t.Fatalf("patched sex %q", got.Sex)
		}
		if c := h.create(t, tok, person(synthetic(t, 1991, 4, 6, 905), "Eino", "Vihje")); c.Sex != "male" {
			t.Fatalf("sex from the HETU's hint %q", c.Sex)
		}
	})
}

// A permit change reads as permits in the history, whatever its age.
func TestPermitHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		c := h.create(t, tok, person("1990-02-03", "Historia", "Lupa"))
		w := h.call(t, "PATCH", path(c.ID), tok, map[string]any{"version": c.Version, "permits": []map[string]any{
			{"kind": "family", "applicationDate": "2024-01-02", "ground": "family", "familyTieBeforeArrival": true}}})
		want(t, w, http.StatusOK)
		w = h.call(t, "GET", path(c.ID, "/history"), tok, nil)
		want(t, w, http.StatusOK)
		var hist struct {
			Items []struct {
				Field      string            `json:"field"`
				OldPermits *[]map[string]any `json:"oldPermits"`
				NewPermits []map[string]any  `json:"newPermits"`
			} `json:"items"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &hist); err != nil {
			t.Fatal(err)
		}
		if len(hist.Items) != 1 || hist.Items[0].Field != "permits" || hist.Items[0].OldPermits == nil || len(*hist.Items[0].OldPermits) != 0 ||
			len(hist.Items[0].NewPermits) != 1 || hist.Items[0].NewPermits[0]["outcome"] != "pending" ||
			hist.Items[0].NewPermits[0]["familyTieBeforeArrival"] != true {
			t.Fatalf("history %s", w.Body)
		}
	})
}
