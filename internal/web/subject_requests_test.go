package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/i18n"
	"koto/internal/store/storetest"
	"koto/internal/subjectrequest"
)

func en(key string, args ...any) string {
	return template.HTMLEscapeString(i18n.MustLoad().Printer("en").T(key, args...))
}

// requestURL is the request page a registration redirected to.
func requestURL(t *testing.T, res response) string {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/subject-requests/") {
		t.Fatalf("register: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	return res.Header.Get("Location")
}

// The DPO's front page is the workspace; a request goes from receipt
// through identity, delivery and decision to its letter; forms keep what
// was typed; a decision before the identity is verified is refused in
// words; overdue requests say so in text; others may not enter.
func TestSubjectRequestPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw, sup, dpo, dpoB := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "dpo.a"), s.login(t, "dpo.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 936), "lastName": "Pyytäjäinen"}), cw)
		today := civil.DateOf(time.Now().In(civil.Helsinki))

		if res := s.do(t, "GET", "/", nil, dpo); res.Header.Get("Location") != "/dpo" {
			t.Errorf("DPO front page: %q", res.Header.Get("Location"))
		}
		res := s.do(t, "GET", "/dpo", nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.none_open"), `href="/dpo/clients"`, `href="/access-log?result=denied"`, `href="/retention"`, `href="/disclosure-log"`)

		page := "/clients/" + id + "/subject-requests"
		form := url.Values{"channel": {"email"}, "received": {today.String()}, "details": {"Haluan kopion <tiedoistani>."}, "language": {"en"}}
		res = s.do(t, "POST", page, form, dpo)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no kind: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("validation.required"), `<option value="email" selected>`, "Haluan kopion &lt;tiedoistani&gt;.")
		form.Set("kind", "access")
		req := requestURL(t, s.do(t, "POST", page, form, dpo))

		res = s.do(t, "GET", req, nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.kind.access"), fi("subjectrequest.identity.pending"), fi("subjectrequest.identity_first"),
			`href="/clients/`+id+`/export"`, `href="/clients/`+id+`/export.pdf"`, fi("subjectrequest.form.identity"))
		if strings.Contains(res.Body, `action="`+req+`/decision"`) {
			t.Error("a decision form before the identity is verified")
		}
		// A decision sent anyway is refused in words.
		res = s.do(t, "POST", req+"/decision", url.Values{"decision": {"granted"}}, dpo)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("decision before identity: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("subjectrequest.identity_first"))
		// Others: a caseworker and a supervisor are refused, another
		// organisation's DPO finds nothing.
		for _, c := range []*http.Cookie{cw, sup} {
			if res := s.do(t, "GET", req, nil, c); res.StatusCode != http.StatusForbidden {
				t.Errorf("non-DPO opened the request: %d", res.StatusCode)
			}
			if res := s.do(t, "POST", page, form, c); res.StatusCode != http.StatusNotFound {
				t.Errorf("non-DPO registered: %d", res.StatusCode)
			}
			if res := s.do(t, "POST", req+"/decision", url.Values{"decision": {"granted"}}, c); res.StatusCode != http.StatusForbidden {
				t.Errorf("non-DPO decided: %d", res.StatusCode)
			}
		}
		for _, p := range []string{req, req + "/letter", req + "/letter.pdf"} {
			if res := s.do(t, "GET", p, nil, dpoB); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Pyytäjäinen") {
				t.Errorf("other organisation's DPO: %s %d", p, res.StatusCode)
			}
		}

		if res := s.do(t, "POST", req+"/identity", url.Values{"method": {"strong_auth"}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("identity: %d\n%s", res.StatusCode, res.Body)
		}
		// An extension beyond three months comes back with the values.
		tooLate := subjectrequest.MaxDue(today).Time().AddDate(0, 0, 1).Format("2006-01-02")
		res = s.do(t, "POST", req+"/extension", url.Values{"until": {tooLate}, "reason": {"Laaja aineisto"}, "informed": {today.String()}}, dpo)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("extension beyond 3 months: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("subjectrequest.extend.max", subjectrequest.MaxDue(today).String()), "Laaja aineisto", `value="`+tooLate+`"`)
		if res := s.do(t, "POST", req+"/delivered", url.Values{}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("delivered: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", req+"/decision", url.Values{"decision": {"granted"}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("decision: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", req, nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.status.completed"), fi("subjectrequest.field.delivered"))
		// The letter is in the request's language (English), also as PDF.
		res = s.do(t, "GET", req+"/letter", nil, dpo)
		mustContain(t, res.Body, en("subjectrequest.letter.title"), en("subjectrequest.letter.decision.granted"), `lang="en"`)
		pdf := s.do(t, "GET", req+"/letter.pdf", nil, dpo)
		if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF") {
			t.Fatalf("letter PDF: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
		}

		// A refused erasure: the letter tells of the right to complain.
		old := civil.DateOf(time.Now().In(civil.Helsinki).AddDate(0, -2, 0)).String()
		er := requestURL(t, s.do(t, "POST", page, url.Values{"kind": {"erasure"}, "channel": {"letter"}, "received": {old}, "language": {"fi"}}, dpo))
		// Registered two months ago: overdue on the workspace, in words.
		res = s.do(t, "GET", "/dpo", nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.overdue"), fi("subjectrequest.dpo.overdue", 1), fi("subjectrequest.kind.erasure"))
		s.do(t, "POST", er+"/identity", url.Values{"method": {"id_document"}}, dpo)
		res = s.do(t, "POST", er+"/decision", url.Values{"decision": {"refused"}}, dpo)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("refusal without reasons: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("subjectrequest.reason_required"))
		if res := s.do(t, "POST", er+"/decision", url.Values{"decision": {"refused"}, "reason": {"Säilytysvelvollisuus (681/2023)."}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refusal: %d", res.StatusCode)
		}
		res = s.do(t, "GET", er+"/letter", nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.letter.right_ombudsman"), fi("subjectrequest.letter.right_court"), "Säilytysvelvollisuus (681/2023).")
		res = s.do(t, "GET", "/subject-requests?status=refused", nil, dpo)
		mustContain(t, res.Body, fi("subjectrequest.kind.erasure"))
		if strings.Contains(res.Body, fi("subjectrequest.kind.access")+"</a>") {
			t.Error("the status filter shows a completed request among the refused")
		}

		// An objection routed to the responsible caseworker shows on /me.
		ob := requestURL(t, s.do(t, "POST", page, url.Values{"kind": {"objection"}, "channel": {"letter"}, "received": {today.String()}, "details": {"Vastustan suoramarkkinointia."}}, dpo))
		res = s.do(t, "GET", ob, nil, dpo)
		i := strings.Index(res.Body, `name="handler"`)
		if i < 0 {
			t.Fatal("no handler form on an objection")
		}
		var cwID string
		for _, opt := range strings.Split(res.Body[i:], "<option")[2:] {
			if strings.Contains(opt, "cw.a") || strings.Contains(opt, "Ohjaaja") {
				cwID = strings.Split(strings.Split(opt, `value="`)[1], `"`)[0]
			}
		}
		if cwID == "" {
			t.Fatalf("the responsible caseworker is not a handler:\n%s", res.Body[i:min(len(res.Body), i+1500)])
		}
		if res := s.do(t, "POST", ob+"/handler", url.Values{"handler": {cwID}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("route: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/me", nil, cw)
		mustContain(t, res.Body, fi("subjectrequest.routed.heading"), "Vastustan suoramarkkinointia.")
		if res := s.do(t, "GET", "/me", nil, sup); strings.Contains(res.Body, fi("subjectrequest.routed.heading")) {
			t.Error("the objection shows on another user's front page")
		}
	})
}
