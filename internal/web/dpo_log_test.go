package web

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The DPO's finder and client page: a search by name, HETU and Koto id,
// the results link to the DPO's page, which shows the identity and the
// links; a caseworker is refused every route; another organisation's
// client is 404.
func TestDPOFinderAndClientPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 933), "lastName": "Tietosuojanen"}), cw)
		dpo := s.login(t, "dpo.a")

		res := s.do(t, "GET", "/dpo/clients", nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("finder: %d", res.StatusCode)
		}
		mustContain(t, res.Body, `action="/dpo/clients/search"`, fi("dpo.search.by.kotoId"))
		var kotoID string
		for _, by := range []string{"name", "hetu"} {
			q := "Tietosuojanen"
			if by == "hetu" {
				q = hetu(9, 9, 89, 933)
			}
			res = s.do(t, "POST", "/dpo/clients/search", url.Values{"q": {q}, "by": {by}}, dpo)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("search by %s: %d", by, res.StatusCode)
			}
			mustContain(t, res.Body, `href="/dpo/clients/`+id+`"`, "Tietosuojanen")
			if i := strings.Index(res.Body, "K-"); i >= 0 {
				kotoID = res.Body[i : i+13]
			}
		}
		res = s.do(t, "POST", "/dpo/clients/search", url.Values{"q": {strings.ToLower(kotoID)}, "by": {"kotoId"}}, dpo)
		mustContain(t, res.Body, `href="/dpo/clients/`+id+`"`)

		res = s.do(t, "GET", "/dpo/clients/"+id, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("client page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "Tietosuojanen", kotoID, "090989-****", "cw.a",
			`href="/clients/`+id+`/access-log"`, `href="/clients/`+id+`/disclosures"`, `href="/clients/`+id+`/export"`,
			`href="/clients/`+id+`/export.pdf"`, `href="/clients/`+id+`/subject-requests"`, `href="/clients/`+id+`/restriction"`,
			`href="/clients/`+id+`/retention-hold"`, `href="/access-log?client=`+id+`"`)
		if strings.Contains(res.Body, hetu(9, 9, 89, 933)) {
			t.Error("the DPO's page shows the full HETU")
		}
		// The linked existing pages open for the DPO.
		for _, p := range []string{"/clients/" + id + "/access-log", "/clients/" + id + "/disclosures", "/clients/" + id + "/export"} {
			if res := s.do(t, "GET", p, nil, dpo); res.StatusCode != http.StatusOK {
				t.Errorf("DPO on %s: %d", p, res.StatusCode)
			}
		}
		// The view and the searches are logged, with the client shown.
		res = s.do(t, "GET", "/clients/"+id+"/access-log", nil, dpo)
		mustContain(t, res.Body, fi("audit.action.client.identify"), fi("audit.touched.search.koto_id"), `href="/dpo/clients/`+id+`"`)

		// Attacks: a caseworker on every route; another organisation's DPO.
		for _, r := range []struct{ method, path string }{{"GET", "/dpo/clients"}, {"POST", "/dpo/clients/search"}} {
			if res := s.do(t, r.method, r.path, url.Values{"q": {"Tietosuojanen"}, "by": {"name"}}, cw); res.StatusCode != http.StatusForbidden {
				t.Errorf("caseworker %s %s: %d, want 403", r.method, r.path, res.StatusCode)
			}
		}
		if res := s.do(t, "GET", "/dpo/clients/"+id, nil, cw); res.StatusCode != http.StatusNotFound {
			t.Errorf("caseworker on the DPO's page: %d, want 404", res.StatusCode)
		}
		dpoB := s.login(t, "dpo.b")
		if res := s.do(t, "GET", "/dpo/clients/"+id, nil, dpoB); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's DPO: %d, want 404", res.StatusCode)
		}
		res = s.do(t, "POST", "/dpo/clients/search", url.Values{"q": {hetu(9, 9, 89, 933)}, "by": {"hetu"}}, dpoB)
		if strings.Contains(res.Body, "Tietosuojanen") || strings.Contains(res.Body, id) {
			t.Error("another organisation's DPO finds the client")
		}
	})
}

// The organisation's access log: the filters, names for codes, the denied
// view, the user's report, the downloads with formulas neutralised; a
// caseworker is refused; nothing of organisation A reaches B.
func TestOrgAccessLogPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		other := s.env.AddUser(t, "001", "cw.other", access.Caseworker)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 935), "lastName": "Lokitettava"}), cw)
		if res := s.do(t, "GET", "/clients/"+id, nil, cw); res.StatusCode != http.StatusOK {
			t.Fatalf("card: %d", res.StatusCode)
		}
		// A colleague without a relation is refused (reason required).
		oc := s.login(t, "cw.other")
		s.do(t, "GET", "/clients/"+id, nil, oc)
		// Another organisation's caseworker tries the client.
		cwB := s.login(t, "cw.b")
		s.do(t, "GET", "/clients/"+id, nil, cwB)

		dpo := s.login(t, "dpo.a")
		res := s.do(t, "GET", "/access-log?client="+id, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("log: %d", res.StatusCode)
		}
		body := html.UnescapeString(res.Body)
		mustContain(t, res.Body, cell("audit.action.client.overview"), cell("audit.action.client.create"), "cw.a")
		if !strings.Contains(body, "Lokitettava") {
			t.Error("the log does not name the client")
		}
		if strings.Contains(res.Body, ">client.overview<") {
			t.Error("the log shows an action code")
		}

		res = s.do(t, "GET", "/access-log?result=denied", nil, dpo)
		mustContain(t, res.Body, fi("auditlog.denied.title"), fi("audit.touched.reason_required"), fi("audit.touched.other_organisation"))
		if strings.Contains(res.Body, cell("audit.action.client.create")) {
			t.Error("the denied view shows allowed entries")
		}
		res = s.do(t, "GET", "/access-log?user=cw.a&action=client.create", nil, dpo)
		mustContain(t, res.Body, cell("audit.action.client.create"))
		if strings.Contains(res.Body, cell("audit.action.client.overview")) {
			t.Error("the action filter lets other actions through")
		}
		for _, bad := range []string{"from=2025-13-01", "action=drop", "result=maybe", "client=x'%20OR%201=1--", "cursor=zz"} {
			if res := s.do(t, "GET", "/access-log?"+bad, nil, dpo); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", bad, res.StatusCode)
			}
		}
		// A username is a value, never SQL.
		res = s.do(t, "GET", "/access-log?user="+url.QueryEscape("x' OR '1'='1"), nil, dpo)
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, cell("audit.action.client.create")) {
			t.Errorf("injected username: %d, rows %v", res.StatusCode, strings.Contains(res.Body, cell("audit.action.client.create")))
		}

		res = s.do(t, "GET", "/access-log/users/"+other.UserID, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("user report: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "cw.other", fi("audit.action.client.overview"))

		res = s.do(t, "GET", "/access-log.csv?client="+id, nil, dpo)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		mustContain(t, res.Body, fi("auditlog.col.action"), "Lokitettava", "client.overview")
		res = s.do(t, "GET", "/access-log.xlsx?client="+id, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("xlsx: %d", res.StatusCode)
		}
		zr, err := zip.NewReader(bytes.NewReader([]byte(res.Body)), int64(len(res.Body)))
		if err != nil {
			t.Fatalf("xlsx is not a zip: %v", err)
		}
		var sheet string
		for _, f := range zr.File {
			if f.Name == "xl/worksheets/sheet1.xml" {
				rc, _ := f.Open()
				b, _ := io.ReadAll(rc)
				sheet = string(b)
			}
		}
		if !strings.Contains(sheet, "Lokitettava") || strings.Contains(sheet, "<f>") {
			t.Error("xlsx sheet: client missing or a formula present")
		}

		// Attacks: a caseworker on every route; another organisation's officer.
		for _, p := range []string{"/access-log", "/access-log.csv", "/access-log.xlsx", "/access-log/users/" + other.UserID} {
			if res := s.do(t, "GET", p, nil, cw); res.StatusCode != http.StatusForbidden {
				t.Errorf("caseworker on %s: %d, want 403", p, res.StatusCode)
			}
		}
		dpoB := s.login(t, "dpo.b")
		if res := s.do(t, "GET", "/access-log/users/"+other.UserID, nil, dpoB); res.StatusCode != http.StatusNotFound {
			t.Errorf("another organisation's user: %d, want 404", res.StatusCode)
		}
		for _, p := range []string{"/access-log?client=" + id, "/access-log.csv?client=" + id, "/access-log"} {
			res := s.do(t, "GET", p, nil, dpoB)
			if strings.Contains(html.UnescapeString(res.Body), "Lokitettava") || strings.Contains(res.Body, "cw.a") {
				t.Errorf("another organisation's officer sees organisation A's log on %s", p)
			}
		}
	})
}

// cell is the table cell of a translated name (the filter's options hold
// every action's name too).
func cell(key string) string { return "<td>" + fi(key) + "</td>" }
