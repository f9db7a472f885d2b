package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// A permit is added and edited on its own page: choices by name, each
// error at its field with what was typed kept, the card and the history
// in words; an edit of the client form keeps the permits.
func TestPermitPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, other := s.login(t, "cw.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(8, 8, 88, 918), "lastName": "Luvallinen"}), cw)

		res := s.do(t, "GET", "/clients/"+id+"/permits/new", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("new: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("field.permit.kind"), fi("permit.kind.family"), fi("permit.class.P-EU"), fi("permit.ground.subsidiary_protection"),
			`action="/clients/`+id+`/permits"`, `src="/static/permit_form.js"`, `data-allowed="first/A/refugee_status`)
		if strings.Contains(res.Body, `value="international_protection"`) || strings.Contains(res.Body, `value="not_recorded"`) {
			t.Error("a new permit is offered the legacy ground or class")
		}
		if res := s.do(t, "GET", "/clients/"+id+"/permits/new", nil, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's client: %d", res.StatusCode)
		}

		impossible := url.Values{"kind": {"temporary_protection"}, "applicationDate": {"2022-03-20"}, "outcome": {"granted"},
			"decisionDate": {"2022-04-01"}, "class": {"temporary_protection"}, "ground": {"work"}, "validFrom": {"2022-04-01"}}
		res = s.do(t, "POST", "/clients/"+id+"/permits", impossible, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("impossible combination: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("permit.ground_not_for_class"), `href="#f-ground"`, `aria-invalid="true"`, `value="2022-03-20"`)

		bad := url.Values{"kind": {"first"}, "outcome": {"granted"}, "decisionDate": {"huomenna"}}
		res = s.do(t, "POST", "/clients/"+id+"/permits", bad, cw)
		mustContain(t, res.Body, fi("validation.date"), `href="#f-decisionDate"`, `value="huomenna"`)

		granted := url.Values{"kind": {"first"}, "applicationDate": {"2023-01-10"}, "outcome": {"granted"}, "decisionDate": {"2023-06-01"},
			"class": {"A"}, "ground": {"refugee_status"}, "validFrom": {"2023-06-01"}, "validTo": {"2027-05-31"}}
		if res := s.do(t, "POST", "/clients/"+id+"/permits", granted, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d\n%s", res.StatusCode, res.Body)
		}
		pending := url.Values{"kind": {"family"}, "applicationDate": {"2025-11-03"}, "outcome": {"pending"}, "ground": {"family"},
			"familyTieBeforeArrival": {"1"}}
		if res := s.do(t, "POST", "/clients/"+id+"/permits", pending, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add pending: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+id, nil, cw)
		mustContain(t, res.Body, fi("permit.kind.first"), fi("permit.outcome.granted"), fi("permit.class.A"), fi("permit.ground.refugee_status"),
			fi("permit.text.valid", "1.6.2023", "31.5.2027"), fi("permit.outcome.pending"), fi("permit.text.family_tie"))

		// Edit the granted one from its link on the card.
		c, err := s.env.Clients.Get(t.Context(), s.env.AddUser(t, "001", "reader."+id[:8], "supervisor"), id)
		if err != nil {
			t.Fatal(err)
		}
		var pid string
		for _, p := range c.Permits {
			if p.Ground == "refugee_status" {
				pid = p.ID
			}
		}
		mustContain(t, res.Body, `href="/clients/`+id+`/permits/`+pid+`/edit"`)
		res = s.do(t, "GET", "/clients/"+id+"/permits/"+pid+"/edit", nil, cw)
		mustContain(t, res.Body, `name="version" value="3"`, `value="2027-05-31"`, `action="/clients/`+id+`/permits/`+pid+`/remove"`)
		granted.Set("version", "3")
		granted.Set("validTo", "2027-06-30")
		if res := s.do(t, "POST", "/clients/"+id+"/permits/"+pid, granted, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
		}
		if res := s.do(t, "POST", "/clients/"+id+"/permits/"+pid, granted, cw); res.StatusCode != http.StatusConflict {
			t.Fatalf("stale version: %d", res.StatusCode)
		}

		// The client form no longer carries permits, and keeps them.
		res = s.do(t, "GET", "/clients/"+id+"/edit", nil, cw)
		if strings.Contains(res.Body, "permits[") {
			t.Error("the client form still has permit fields")
		}
		form := newClientForm(map[string]string{"hetu": hetu(8, 8, 88, 918), "lastName": "Luvallinen-Muokattu", "version": "4"})
		if res := s.do(t, "POST", "/clients/"+id, form, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("client edit: %d\n%s", res.StatusCode, res.Body)
		}
		if c, err = s.env.Clients.Get(t.Context(), s.env.AddUser(t, "001", "reader2."+id[:8], "supervisor"), id); err != nil || len(c.Permits) != 2 {
			t.Fatalf("permits after the client edit: %+v %v", c.Permits, err)
		}

		res = s.do(t, "GET", "/clients/"+id+"/history", nil, cw)
		mustContain(t, res.Body, fi("field.permits"), fi("permit.ground.refugee_status"), fi("permit.text.valid", "1.6.2023", "30.6.2027"))
		for _, code := range []string{"refugee_status", "granted", `"kind"`} {
			if strings.Contains(res.Body, code) {
				t.Errorf("history shows the code %s", code)
			}
		}

		if res := s.do(t, "POST", "/clients/"+id+"/permits/"+pid+"/remove", url.Values{"version": {"5"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", "/clients/"+id, nil, cw)
		if strings.Contains(res.Body, fi("permit.ground.refugee_status")) {
			t.Error("removed permit still on the card")
		}
	})
}
