package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/client"
	"koto/internal/store/storetest"
)

// TestNeedToKnow covers the reason page, assignments, the review queue and
// special-category data.
func TestNeedToKnow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cwA, supA, cwB := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "cw.b")

		t.Run("reason for access", func(t *testing.T) { testReasonForAccess(t, s, cwA, supA) })
		t.Run("assignments", func(t *testing.T) { testAssignments(t, s, cwA, supA) })
		t.Run("sensitive data", func(t *testing.T) { testSensitive(t, s, cwA, supA) })
		t.Run("other organisation", func(t *testing.T) { testCaseOtherOrganisation(t, s, cwA, cwB) })
		t.Run("nav", func(t *testing.T) { testCaseNav(t, s, cwA, supA) })
	})
}

var reviewForm = regexp.MustCompile(`action="/review/([^"]+)"`)

func testReasonForAccess(t *testing.T, s *harness, cwA, supA *http.Cookie) {
	s.env.AddUser(t, "001", "cw.a2", access.Caseworker)
	other := s.login(t, "cw.a2")
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(8, 8, 81, 920), "lastName": "Perusteltava"}), cwA)

	for _, page := range []string{"", "/edit", "/history"} {
		res := s.do(t, "GET", "/clients/"+id+page, nil, other)
		if res.StatusCode != http.StatusForbidden {
			t.Fatalf("GET %s without a reason: %d", page, res.StatusCode)
		}
		if strings.Contains(res.Body, "Perusteltava") {
			t.Errorf("reason page for %s shows the client's name", page)
		}
		if res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("reason page cacheable")
		}
		mustContain(t, res.Body, fi("case.reason.title"), fi("case.reason.not_own"), `action="/clients/`+id+`/access-reason"`,
			`name="next" value="/clients/`+id+page+`"`, `<label for="f-reasonCode">`, `<label for="f-text">`)
		for _, code := range client.ReasonCodes {
			mustContain(t, res.Body, `<option value="`+code+`">`+fi("case.reason_code."+code)+`</option>`)
		}
	}
	edit := newClientForm(map[string]string{"hetu": hetu(8, 8, 81, 920), "lastName": "Kaapattu", "version": "1"})
	if res := s.do(t, "POST", "/clients/"+id, edit, other); res.StatusCode != http.StatusForbidden || !strings.Contains(res.Body, fi("case.reason.title")) {
		t.Errorf("POST edit without a reason: %d", res.StatusCode)
	}

	// Validation errors come back with the summary and what was typed.
	res := s.do(t, "POST", "/clients/"+id+"/access-reason", url.Values{"reasonCode": {"substitute"}, "text": {"  "}, "next": {"/clients/" + id}}, other)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty text: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `id="error-summary"`, `href="#f-text"`, fi("validation.required"), `<option value="substitute" selected>`,
		`aria-invalid="true"`)
	res = s.do(t, "POST", "/clients/"+id+"/access-reason", url.Values{"reasonCode": {"because"}, "text": {"Asiakas soitti"}}, other)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("unknown code: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#f-reasonCode"`, "Asiakas soitti")

	// A foreign next is ignored: the answer goes to the card.
	res = s.do(t, "POST", "/clients/"+id+"/access-reason", url.Values{"reasonCode": {"client_contact"},
		"text": {"Asiakas soitti sijaisen puhelimeen"}, "next": {"https://evil.example/"}}, other)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/"+id {
		t.Fatalf("give reason: %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	if res := s.do(t, "GET", "/clients/"+id, nil, other); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Perusteltava") {
		t.Fatalf("card after the reason: %d", res.StatusCode)
	}

	// The supervisor reviews the reason.
	if res := s.do(t, "GET", "/review", nil, cwA); res.StatusCode != http.StatusForbidden {
		t.Errorf("caseworker review queue: %d", res.StatusCode)
	}
	res = s.do(t, "GET", "/review", nil, supA)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review queue: %d", res.StatusCode)
	}
	mustContain(t, res.Body, "cw.a2", "Asiakas soitti sijaisen puhelimeen", fi("case.reason_code.client_contact"),
		`href="/clients/`+id+`"`, "Amina Perusteltava", `aria-current="page"`, "<caption>")
	m := reviewForm.FindStringSubmatch(res.Body)
	if m == nil {
		t.Fatal("review queue has no mark-reviewed button")
	}
	if res := s.do(t, "POST", "/review/"+m[1], url.Values{}, cwA); res.StatusCode != http.StatusForbidden {
		t.Errorf("caseworker marks reviewed: %d", res.StatusCode)
	}
	if res := s.do(t, "POST", "/review/"+m[1], url.Values{}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("mark reviewed: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/review", nil, supA); strings.Contains(res.Body, "Asiakas soitti sijaisen puhelimeen") {
		t.Error("a reviewed reason is still in the unreviewed queue")
	}
	res = s.do(t, "GET", "/review?all=1", nil, supA)
	mustContain(t, res.Body, "Asiakas soitti sijaisen puhelimeen", `href="/review"`)
	if strings.Contains(res.Body, `action="/review/`+m[1]+`"`) {
		t.Error("a reviewed reason still has its button")
	}
	if res := s.do(t, "POST", "/review/no-such-reason", url.Values{}, supA); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown reason: %d", res.StatusCode)
	}
}

func testAssignments(t *testing.T, s *harness, cwA, supA *http.Cookie) {
	newcomer := s.env.AddUser(t, "001", "cw.a3", access.Caseworker)
	nc := s.login(t, "cw.a3")
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 79, 922), "lastName": "Vastuutettava"}), cwA)
	if res := s.do(t, "GET", "/clients/"+id, nil, nc); res.StatusCode != http.StatusForbidden {
		t.Fatalf("not assigned: %d", res.StatusCode)
	}

	res := s.do(t, "GET", "/clients/"+id, nil, cwA)
	mustContain(t, res.Body, fi("case.assign.heading"), "cw.a")
	if strings.Contains(res.Body, `action="/clients/`+id+`/assignments"`) || strings.Contains(res.Body, "/remove") {
		t.Error("caseworker sees the assignment controls")
	}
	if res := s.do(t, "POST", "/clients/"+id+"/assignments", url.Values{"userId": {newcomer.UserID}}, cwA); res.StatusCode != http.StatusNotFound {
		t.Errorf("caseworker assigns: %d", res.StatusCode)
	}

	res = s.do(t, "GET", "/clients/"+id, nil, supA)
	mustContain(t, res.Body, `action="/clients/`+id+`/assignments"`, `<option value="`+newcomer.UserID+`">cw.a3</option>`, `<label for="f-userId">`)
	res = s.do(t, "POST", "/clients/"+id+"/assignments", url.Values{"userId": {""}}, supA)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("assign nobody: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#f-userId"`, fi("validation.required"), "Vastuutettava")
	if res := s.do(t, "POST", "/clients/"+id+"/assignments", url.Values{"userId": {"no-such-user"}}, supA); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("assign unknown user: %d", res.StatusCode)
	}
	res = s.do(t, "POST", "/clients/"+id+"/assignments", url.Values{"userId": {newcomer.UserID}}, supA)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("assign: %d\n%s", res.StatusCode, res.Body)
	}
	res = s.do(t, "GET", "/clients/"+id, nil, supA)
	mustContain(t, res.Body, `action="/clients/`+id+`/assignments/`+newcomer.UserID+`/remove"`, "cw.a3")
	if res := s.do(t, "GET", "/clients/"+id, nil, nc); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "Vastuutettava") {
		t.Fatalf("assigned caseworker without a reason: %d", res.StatusCode)
	}
	if res := s.do(t, "POST", "/clients/"+id+"/assignments/"+newcomer.UserID+"/remove", url.Values{}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients/"+id, nil, nc); res.StatusCode != http.StatusForbidden {
		t.Errorf("removed caseworker: %d", res.StatusCode)
	}
}

func testSensitive(t *testing.T, s *harness, cwA, supA *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(10, 10, 75, 924), "lastName": "Arkaluonteinen"}), cwA)
	base := "/clients/" + id + "/sensitive"
	mustContain(t, s.do(t, "GET", "/clients/"+id, nil, cwA).Body, `href="`+base+`"`, fi("case.sensitive.link"))

	res := s.do(t, "GET", base, nil, cwA)
	if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("purpose step: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("case.sensitive.logged"), `method="get"`, `<label for="f-purpose">`)
	for _, p := range client.Purposes {
		mustContain(t, res.Body, `<option value="`+p+`">`+fi("case.purpose."+p)+`</option>`)
	}
	if res := s.do(t, "GET", base+"?purpose=curiosity", nil, cwA); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-purpose"`) {
		t.Errorf("unknown purpose: %d", res.StatusCode)
	}
	res = s.do(t, "GET", base+"?purpose=assessment", nil, cwA)
	mustContain(t, res.Body, fi("case.sensitive.none"), fi("case.purpose.assessment"), fi("case.sensitive.logged_with"))
	res = s.do(t, "GET", base+"?purpose=assessment&edit=1", nil, cwA)
	mustContain(t, res.Body, `name="version" value="0"`, `name="purpose" value="assessment"`, `<label for="f-health">`,
		`<label for="f-workAbility">`, `<label for="f-functionalAbility">`)

	form := url.Values{"version": {"0"}, "purpose": {"assessment"}, "health": {strings.Repeat("x", 4001)}, "workAbility": {"Osittainen"}}
	res = s.do(t, "POST", base, form, cwA)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("too long: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `href="#f-health"`, "Osittainen")
	form.Set("health", "Diabetes, <hoidossa>")
	form.Set("functionalAbility", "Liikkuu apuvälineellä")
	res = s.do(t, "POST", base, form, cwA)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"?purpose=assessment&saved=1" {
		t.Fatalf("save: %d to %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	res = s.do(t, "GET", res.Header.Get("Location"), nil, cwA)
	mustContain(t, res.Body, "Diabetes, &lt;hoidossa&gt;", "Osittainen", "Liikkuu apuvälineellä", fi("case.sensitive.saved"), fi("case.purpose.assessment"))
	if res := s.do(t, "POST", base, form, cwA); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, fi("client.version_conflict")) {
		t.Errorf("stale version: %d", res.StatusCode)
	}

	// Every view is logged with its purpose.
	dpo := s.env.AddUser(t, "001", "dpo.a", access.DPO)
	log, err := s.env.Clients.AccessLog(context.Background(), dpo, id)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || (e.Action == string(access.ClientReadSensitive) && strings.Contains(e.Touched, "purpose:assessment") && e.Result == "allowed")
	}
	if !found {
		t.Error("no access-log entry of the view with purpose:assessment")
	}
	res = s.do(t, "GET", "/clients/"+id+"/access-log", nil, supA)
	mustContain(t, res.Body, fi("audit.action.client.read_sensitive"), fi("audit.touched.purpose.assessment"))

	// A supervisor needs a relation for special-category data.
	res = s.do(t, "GET", base+"?purpose=assessment", nil, supA)
	if res.StatusCode != http.StatusForbidden || strings.Contains(res.Body, "Diabetes") {
		t.Fatalf("supervisor without a reason: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("case.reason.title"), `name="next" value="`+base+`?purpose=assessment"`)
}

func testCaseOtherOrganisation(t *testing.T, s *harness, cwA, cwB *http.Cookie) {
	s.env.AddUser(t, "002", "sup.b", access.Supervisor)
	supB := s.login(t, "sup.b")
	assignee := s.env.AddUser(t, "001", "cw.a4", access.Caseworker)
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(11, 11, 71, 926), "lastName": "Vierasorg"}), cwA)
	c := "/clients/" + id
	for _, who := range []*http.Cookie{cwB, supB} {
		for _, tc := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", c + "/sensitive", nil},
			{"GET", c + "/sensitive?purpose=assessment", nil},
			{"GET", c + "/sensitive?purpose=nonsense", nil},
			{"POST", c + "/sensitive", url.Values{"version": {"0"}, "health": {"x"}}},
			{"POST", c + "/access-reason", url.Values{"reasonCode": {"other"}, "text": {"Uteliaisuus"}}},
			{"POST", c + "/access-reason", url.Values{"reasonCode": {""}, "text": {""}}},
			{"POST", c + "/assignments", url.Values{"userId": {assignee.UserID}}},
			{"POST", c + "/assignments", url.Values{"userId": {""}}},
			{"POST", c + "/assignments/" + assignee.UserID + "/remove", url.Values{}},
		} {
			if res := s.do(t, tc.method, tc.path, tc.form, who); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Vierasorg") {
				t.Errorf("%s %s from org 002: %d", tc.method, tc.path, res.StatusCode)
			}
		}
	}
	// Org A's reasons are not in org B's queue, nor can B mark them.
	s.env.AddUser(t, "001", "cw.a5", access.Caseworker)
	a5 := s.login(t, "cw.a5")
	if res := s.do(t, "POST", c+"/access-reason", url.Values{"reasonCode": {"other"}, "text": {"Vieraan organisaation testi"}}, a5); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("give reason: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/review?all=1", nil, supB); strings.Contains(res.Body, "Vieraan organisaation testi") {
		t.Error("org B's queue lists org A's reason")
	}
	sup := s.login(t, "sup.a")
	m := reviewForm.FindStringSubmatch(s.do(t, "GET", "/review", nil, sup).Body)
	if m == nil {
		t.Fatal("no reason to review")
	}
	if res := s.do(t, "POST", "/review/"+m[1], url.Values{}, supB); res.StatusCode != http.StatusNotFound {
		t.Errorf("org B marks org A's reason: %d", res.StatusCode)
	}
}

func testCaseNav(t *testing.T, s *harness, cwA, supA *http.Cookie) {
	res := s.do(t, "GET", "/account/password", nil, cwA)
	mustContain(t, res.Body, `href="/account/sessions"`, `href="/account/totp"`, fi("web.nav.sessions"), fi("web.nav.totp"))
	if strings.Contains(res.Body, `href="/review"`) || strings.Contains(res.Body, `href="/admin/users"`) {
		t.Error("caseworker sees the review queue or user administration")
	}
	mustContain(t, s.do(t, "GET", "/account/password", nil, supA).Body, `href="/review"`, fi("web.nav.review"))
	s.env.AddUser(t, "001", "admin.a", access.OrgAdmin)
	res = s.do(t, "GET", "/account/password", nil, s.login(t, "admin.a"))
	mustContain(t, res.Body, `href="/admin/users"`, fi("web.nav.users"))
	if strings.Contains(res.Body, `href="/review"`) {
		t.Error("org admin sees the review queue")
	}
}
