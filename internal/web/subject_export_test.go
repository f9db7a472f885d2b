package web

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/disclosure"
	"koto/internal/i18n"
	"koto/internal/privacy"
	"koto/internal/store/storetest"
)

// The privacy notice is public and complete in every language: each
// recipient type (disclosure kind), data category and retention rule the
// system uses is on the page in Finnish, Swedish and English.
func TestPrivacyNoticePage(t *testing.T) {
	s := newHarness(t, "sqlite")
	cat := i18n.MustLoad()
	n := privacy.Build(privacy.Config{})
	for _, lang := range i18n.Languages {
		res := s.do(t, "GET", "/privacy?lang="+lang, nil)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", lang, res.StatusCode)
		}
		body := html.UnescapeString(res.Body)
		p := cat.Printer(lang)
		want := []string{p.T("privacy.title"), `lang="` + lang + `"`, p.T("privacy.transfers.none")}
		for _, k := range disclosure.Kinds {
			want = append(want, p.T("privacy.recipient."+k))
		}
		for _, c := range n.Categories {
			want = append(want, p.T("privacy.category."+c))
		}
		for _, rule := range privacy.RetentionRules {
			want = append(want, p.T("privacy.retention."+rule.Class+"."+rule.From, rule.Years))
		}
		mustContain(t, body, want...)
	}
}

// The access report page: the DPO reads it; the client's caseworker, a
// supervisor and another organisation's DPO get 404.
func TestSubjectExportPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"lastName": "Raportoitava"}), cw)
		dpo := s.login(t, "dpo.a")
		res := s.do(t, "GET", "/clients/"+id+"/export", nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("dpo: %d %s", res.StatusCode, res.Body)
		}
		mustContain(t, html.UnescapeString(res.Body), "Raportoitava", fi("subject.section.accessLog"), fi("audit.action.client.create"))
		pdf := s.do(t, "GET", "/clients/"+id+"/export.pdf", nil, dpo)
		if pdf.StatusCode != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Fatalf("pdf: %d %s", pdf.StatusCode, pdf.Header.Get("Content-Type"))
		}
		log := s.do(t, "GET", "/clients/"+id+"/access-log", nil, dpo)
		mustContain(t, log.Body, `href="/clients/`+id+`/export"`)
		for _, u := range []string{"cw.a", "sup.a", "dpo.b"} {
			for _, p := range []string{"/export", "/export.pdf"} {
				if res := s.do(t, "GET", "/clients/"+id+p, nil, s.login(t, u)); res.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s: %d", u, p, res.StatusCode)
				}
			}
		}
	})
}
