package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// A caseworker refers their client, steps the referral to sent; a stale
// step is an error on the page naming the step; the supervisor's
// per-provider list names the client; another organisation's caseworker
// gets 404.
func TestReferralPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddProvider(t, "opisto", "Kansanopisto Oy")
		cw, sup, cwB := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"lastName": "Lähetettävä"}), cw)
		page := "/clients/" + id + "/referrals"

		res := s.do(t, "GET", page, nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("referral.none_yet"), ">Kansanopisto Oy</option>", ">Kotoutumiskoulutus</option>")
		if strings.Contains(res.Body, `value="opisto">opisto<`) {
			t.Error("the provider is shown by its code")
		}

		res = s.do(t, "POST", page, url.Values{"provider": {""}, "service": {"nope"}, "date": {"32.13.2026"}}, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid referral: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("validation.date"), fi("validation.required"), fi("referral.service_unknown"))

		res = s.do(t, "POST", page, url.Values{"provider": {"opisto"}, "service": {"integration-training"}, "date": {"2026-03-01"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", page, nil, cw)
		mustContain(t, res.Body, "Kotoutumiskoulutus – Kansanopisto Oy", fi("referral.status.proposed"), fi("referral.step.sent"))
		action := regexp.MustCompile(`action="(/clients/[^"]+/events)"`).FindStringSubmatch(res.Body)
		if action == nil {
			t.Fatal("no step form")
		}
		res = s.do(t, "POST", action[1], url.Values{"status": {"sent"}, "date": {"2026-03-02"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("step: %d %s", res.StatusCode, res.Body)
		}
		// The same button on a stale page: sent again is not possible.
		res = s.do(t, "POST", action[1], url.Values{"status": {"sent"}, "date": {""}}, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("stale step: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("referral.step_impossible"), fi("referral.status.sent"), fi("referral.step.accepted"))

		res = s.do(t, "GET", "/referrals?provider=opisto&status=sent", nil, sup)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "Lähetettävä, ", "Kotoutumiskoulutus")
		if res := s.do(t, "GET", "/referrals?provider=opisto", nil, cw); res.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker list: %d", res.StatusCode)
		}
		if res := s.do(t, "GET", page, nil, cwB); res.StatusCode != http.StatusNotFound {
			t.Errorf("other organisation: %d", res.StatusCode)
		}

		// The catalogue: supervisors add their own service.
		res = s.do(t, "POST", "/services", url.Values{"code": {"Bad Code"}, "nameFi": {""}}, sup)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid service: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("referral.service_code"))
		if res := s.do(t, "POST", "/services", url.Values{"code": {"tyonhakuklubi"}, "nameFi": {"Työnhakuklubi"}}, sup); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add service: %d %s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", "/services", nil, cw).Body, "Työnhakuklubi", fi("referral.service_own"))
		if res := s.do(t, "POST", "/services", url.Values{"code": {"x-y"}, "nameFi": {"X"}}, cw); res.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker added a service: %d", res.StatusCode)
		}
	})
}
