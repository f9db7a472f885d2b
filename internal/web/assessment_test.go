package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/store/storetest"
)

// The assessment pages: the window from the registration date, the
// background with ISCED/ISCO names, a test result against B1.1, an
// assessment as a draft and completed; another organisation gets 404.
func TestAssessmentPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, other := s.login(t, "cw.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 919), "lastName": "Kartoitettava", "municipalityRegistered": "2024-01-15"}), cw)

		res := s.do(t, "GET", "/clients/"+id, nil, cw)
		mustContain(t, res.Body, `href="/clients/`+id+`/assessment"`)
		res = s.do(t, "GET", "/clients/"+id+"/assessment", nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("overview: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "15.1.2027", fi("assessment.list.none"), fi("assessment.goal.caption", "B1.1"))
		if res := s.do(t, "GET", "/clients/"+id+"/assessment", nil, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's client: %d", res.StatusCode)
		}

		res = s.do(t, "GET", "/clients/"+id+"/assessment/background", nil, cw)
		mustContain(t, res.Body, `name="education[0].level"`, `name="work[0].occupation"`, "Ylempi korkeakouluaste", "Terveydenhuollon erityisasiantuntijat")
		bad := url.Values{"version": {"0"}, "education[0].level": {"99"}, "unemployedMonths": {"x"}}
		res = s.do(t, "POST", "/clients/"+id+"/assessment/background", bad, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad background: %d", res.StatusCode)
		}
		mustContain(t, res.Body, `href="#f-education-0-level"`, `href="#f-unemployedMonths"`)
		good := url.Values{"version": {"0"}, "education[0].level": {"7"}, "education[0].field": {"09"}, "education[0].country": {"SY"},
			"education[0].completed": {"1"}, "work[0].occupation": {"22"}, "work[0].years": {"6"}, "literacy": {"literate"}, "targetOccupation": {"32"}}
		if res := s.do(t, "POST", "/clients/"+id+"/assessment/background", good, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("background: %d\n%s", res.StatusCode, res.Body)
		}

		test := url.Values{"kind": {"final"}, "language": {"fi"}, "date": {"2025-05-02"}, "listening": {"B1.1"}, "reading": {"A2.2"}}
		if res := s.do(t, "POST", "/clients/"+id+"/assessment/language-tests", test, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("test: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "POST", "/clients/"+id+"/assessment/language-tests", url.Values{"kind": {"initial"}, "date": {"2025-05-02"}}, cw)
		mustContain(t, res.Body, fi("assessment.validation.one_skill"))

		res = s.do(t, "POST", "/clients/"+id+"/assessments", url.Values{"kind": {"basic"}, "date": {"2025-03-01"}, "status": {"draft"},
			"literacy": {"<script>alert(1)</script>"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", res.StatusCode, res.Body)
		}
		at := res.Header.Get("Location")
		res = s.do(t, "POST", at, url.Values{"kind": {"basic"}, "date": {"2025-03-01"}, "status": {"completed"}, "version": {"1"}}, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("complete without authors: %d", res.StatusCode)
		}
		res = s.do(t, "POST", at, url.Values{"kind": {"basic"}, "date": {"2025-03-01"}, "status": {"completed"}, "version": {"1"},
			"authors": {"Anna Ohjaaja"}, "planNeeded": {"yes"}, "literacy": {"<script>alert(1)</script>"}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("complete: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", at, nil, cw)
		mustContain(t, res.Body, fi("assessment.completed_heading"), "Anna Ohjaaja", "&lt;script&gt;",
			`id="plan-from-assessment"`, `/clients/`+id+`/plans/new?kind=basic`)
		if strings.Contains(res.Body, "<script>alert") {
			t.Error("free text rendered as markup")
		}

		res = s.do(t, "GET", "/clients/"+id+"/assessment", nil, cw)
		mustContain(t, res.Body, "Ylempi korkeakouluaste", "Terveydenhuollon erityisasiantuntijat", fi("assessment.goal.reached"),
			fi("assessment.goal.not_reached"), fi("assessment.status.completed"), fi("assessment.test_kind.final"))
	})
}
