package api

import (
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/plan"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// planFixture is a first plan of 15 months: it gets first_plan_over_1y.
func planFixture() plan.Content {
	d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
	return plan.Content{Kind: plan.KindBasic, StartDate: d("2025-01-01"), EndDate: d("2026-03-31"), Goals: []string{"Suomen kieli A2.2"},
		Measures:    []plan.Measure{{Text: "Kotoutumiskoulutus", ServiceKind: "integration-training", Start: d("2025-02-01")}},
		ReviewDates: []civil.Date{d("2025-06-01"), d("2025-11-01"), d("2026-03-01")}}
}

func planFixtureJSON() map[string]any {
	return map[string]any{"kind": "basic", "startDate": "2025-01-01", "endDate": "2026-03-31", "goals": []string{"Suomen kieli A2.2"},
		"measures":    []map[string]any{{"text": "Kotoutumiskoulutus", "serviceKind": "integration-training", "start": "2025-02-01"}},
		"reviewDates": []string{"2025-06-01", "2025-11-01", "2026-03-01"}}
}

type planResp struct {
	ID       string   `json:"id"`
	Version  int      `json:"version"`
	Goals    []string `json:"goals"`
	EndDate  string   `json:"endDate"`
	Warnings []struct {
		Code, Message, Law string
		AcknowledgedAt     *string `json:"acknowledgedAt"`
	} `json:"warnings"`
	Versions []struct {
		Version int `json:"version"`
	} `json:"versions"`
	FollowUps []struct {
		Text string `json:"text"`
	} `json:"followUps"`
}

func TestPlanContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "anna", access.Caseworker)
		outsider := h.user(t, "049", "olli", access.Supervisor)
		c := h.create(t, tok, person("1980-01-01", "Amina", "Hassan"))
		other := h.create(t, tok, person("1981-01-01", "Olena", "Kovalenko"))
		base := Prefix + "/clients/" + c.ID + "/plans"

		// Create: 201, version 1, a warning in the caller's language.
		w := h.call(t, "POST", base, tok, map[string]any{"kind": "basic", "startDate": "2025-01-01", "endDate": "2026-03-31", "goals": []string{"Suomen kieli A2.2"}},
			"Accept-Language", "en")
		want(t, w, http.StatusCreated)
		p := decode[planResp](t, w)
		if p.ID == "" || p.Version != 1 || len(p.Warnings) == 0 || p.Warnings[0].Code != "first_plan_over_1y" || p.Warnings[0].Message == "" ||
			p.Warnings[0].Message == "plan.warning.first_plan_over_1y" || !bytes.Contains([]byte(p.Warnings[0].Message), []byte("first integration plan")) {
			t.Fatalf("created %+v", p)
		}
		path := base + "/" + p.ID

		// Invalid input: 422 with the field.
		w = h.call(t, "POST", base, tok, map[string]any{"kind": "deluxe", "startDate": "2025-13-01", "goals": []string{}})
		want(t, w, http.StatusUnprocessableEntity)

		// GET current with its ETag.
		w = h.call(t, "GET", path, tok, nil)
		want(t, w, http.StatusOK)
		if w.Header().Get("ETag") != `"1"` {
			t.Errorf("ETag %q", w.Header().Get("ETag"))
		}
		// Acknowledge the warning of version 1.
		want(t, h.call(t, "POST", path+"/versions/1/warnings/first_plan_over_1y/acknowledge", tok, nil), http.StatusNoContent)

		revised := planFixtureJSON()
		revised["endDate"], revised["goals"] = "2025-12-31", []string{"Ruotsin kieli A2.1"}
		want(t, h.call(t, "PUT", path, tok, revised), http.StatusPreconditionRequired)
		want(t, h.call(t, "PUT", path, tok, revised, "If-Match", `"1"`), http.StatusOK)
		w = h.call(t, "PUT", path, tok, revised, "If-Match", `"1"`)
		want(t, w, http.StatusPreconditionFailed)
		w = h.call(t, "GET", path, tok, nil)
		if got := decode[planResp](t, w); got.Version != 2 || len(got.Versions) != 2 || got.Goals[0] != "Ruotsin kieli A2.1" {
			t.Errorf("current %+v", got)
		}
		// Version 1 exactly as it was saved, its warning acknowledged.
		w = h.call(t, "GET", path+"/versions/1", tok, nil)
		want(t, w, http.StatusOK)
		if v1 := decode[planResp](t, w); v1.Version != 1 || v1.Goals[0] != "Suomen kieli A2.2" || v1.EndDate != "2026-03-31" || v1.Warnings[0].AcknowledgedAt == nil {
			t.Errorf("version 1 %+v", v1)
		}
		want(t, h.call(t, "GET", path+"/versions/9", tok, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", path+"/versions/x", tok, nil), http.StatusNotFound)

		// A follow-up entry makes no new version.
		want(t, h.call(t, "POST", path+"/follow-ups", tok, map[string]any{"date": "2025-04-01", "text": "Koulutus alkoi."}), http.StatusCreated)
		if got := decode[planResp](t, h.call(t, "GET", path, tok, nil)); got.Version != 2 || len(got.FollowUps) != 1 {
			t.Errorf("after follow-up %+v", got)
		}

		// List.
		w = h.call(t, "GET", base, tok, nil)
		want(t, w, http.StatusOK)

		// PDF.
		w = h.call(t, "GET", path+"/pdf?lang=sv", tok, nil)
		want(t, w, http.StatusOK)
		if w.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF-")) || w.Header().Get("Content-Language") != "sv" {
			t.Errorf("pdf: %s %q", w.Header().Get("Content-Type"), w.Body.Bytes()[:min(8, w.Body.Len())])
		}

		// Another client's path, another organisation, a missing client:
		// the same 404.
		for _, target := range []string{
			Prefix + "/clients/" + other.ID + "/plans/" + p.ID,
			Prefix + "/clients/" + other.ID + "/plans/" + p.ID + "/versions/1",
			Prefix + "/clients/" + other.ID + "/plans/" + p.ID + "/pdf",
		} {
			want(t, h.call(t, "GET", target, tok, nil), http.StatusNotFound)
		}
		foreign := h.call(t, "GET", path, outsider, nil)
		want(t, foreign, http.StatusNotFound)
		missing := h.call(t, "GET", Prefix+"/clients/no-such/plans/"+p.ID, outsider, nil)
		want(t, missing, http.StatusNotFound)
		sameAs(t, foreign, missing)
		want(t, h.call(t, "PUT", path, outsider, revised, "If-Match", `"2"`), http.StatusNotFound)
	})
}

// A plan version saved before the plans' service kinds and the referrals'
// national list became one list (ADR 29) may carry a retired code: it
// reads back exactly as saved, and a revision sent with it is saved with
// the national code that replaced it (guidance) or none (other).
func TestPlanRetiredServiceKinds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "anna", access.Caseworker)
		c := h.create(t, tok, person("1980-01-01", "Amina", "Hassan"))
		base := Prefix + "/clients/" + c.ID + "/plans"

		legacy := planFixture()
		legacy.Measures = []plan.Measure{{Text: "Ohjausta", ServiceKind: "guidance"}, {Text: "Kerho", ServiceKind: "other"}}
		orgID, planID := h.actors["anna"].OrgID, store.NewID()
		err := h.env.DB.Plans().WithTx(context.Background(), orgID, func(tx plan.Tx) error {
			return tx.InsertPlan(orgID, plan.Version{Content: legacy, PlanID: planID, ClientID: c.ID, Number: 1, SavedAt: tx.Now(), SavedBy: h.actors["anna"].UserID})
		})
		if err != nil {
			t.Fatal(err)
		}
		type measures struct {
			Measures []struct {
				Text        string `json:"text"`
				ServiceKind string `json:"serviceKind"`
			} `json:"measures"`
		}
		kinds := func(path string) []string {
			w := h.call(t, "GET", path, tok, nil)
			want(t, w, http.StatusOK)
			var out []string
			for _, m := range decode[measures](t, w).Measures {
				out = append(out, m.ServiceKind)
			}
			return out
		}
		path := base + "/" + planID
		if got := kinds(path + "/versions/1"); !slices.Equal(got, []string{"guidance", "other"}) {
			t.Fatalf("version 1 as saved: %v", got)
		}

		revised := planFixtureJSON()
		revised["measures"] = []map[string]any{{"text": "Ohjausta", "serviceKind": "guidance"}, {"text": "Kerho", "serviceKind": "other"}}
		want(t, h.call(t, "PUT", path, tok, revised, "If-Match", `"1"`), http.StatusOK)
		if got := kinds(path + "/versions/2"); !slices.Equal(got, []string{"multilingual-guidance", ""}) {
			t.Errorf("revision: %v", got)
		}
		if got := kinds(path + "/versions/1"); !slices.Equal(got, []string{"guidance", "other"}) {
			t.Errorf("version 1 after the revision: %v", got)
		}

		// A code the referrals' national list has is a plan's kind too; a
		// code on no list is refused.
		fresh := planFixtureJSON()
		fresh["measures"] = []map[string]any{{"text": "Neuvonta", "serviceKind": "multilingual-guidance"}}
		want(t, h.call(t, "POST", base, tok, fresh), http.StatusCreated)
		fresh["measures"] = []map[string]any{{"text": "Neuvonta", "serviceKind": "no-such-service"}}
		want(t, h.call(t, "POST", base, tok, fresh), http.StatusUnprocessableEntity)
	})
}
