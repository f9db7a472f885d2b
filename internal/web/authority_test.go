package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/civil"
	"koto/internal/disclosure"
	"koto/internal/store/storetest"
)

// The data requests page: linked from the card; a caseworker registers a
// request (names of the parts and channel, never codes; the provision's
// error at its field); the caseworker sees no decide form, the
// supervisor who registered one sees the four-eyes note instead of a
// form; another supervisor approves and downloads the JSON and the PDF;
// a refusal needs a reason; another organisation's client is 404.
func TestAuthorityRequestsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "sup.a2", "supervisor")
		cw, sup, sup2, other := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "sup.a2"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 934), "lastName": "Pyydetty"}), cw)
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		page := "/clients/" + id + "/disclosure-requests"

		mustContain(t, s.do(t, "GET", "/clients/"+id, nil, cw).Body, `href="`+page+`"`, fi("authority.link"))
		res := s.do(t, "GET", page, nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("authority.none"), fi("authority.item.card"), fi("authority.channel.secure-email"))

		form := url.Values{"requester": {"Migri, oleskelulupayksikkö"}, "received": {today}, "channel": {"letter"}, "item-card": {"1"}, "item-permits": {"1"}}
		res = s.do(t, "POST", page, form, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no provision: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("authority.provision_required"), `href="#f-provision"`)
		form.Set("provision", "Ulkomaalaislaki 301/2004 130 §")
		if res := s.do(t, "POST", page, form, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", page, nil, cw)
		mustContain(t, res.Body, "Migri, oleskelulupayksikkö", fi("authority.item.permits"), fi("authority.channel.letter"), fi("authority.status.open"))
		if strings.Contains(res.Body, "/decision") || strings.Contains(res.Body, ">permits<") {
			t.Error("a caseworker sees a decide form, or a code instead of a name")
		}

		// The supervisor decides; the page has one decide form.
		res = s.do(t, "GET", page, nil, sup)
		i := strings.Index(res.Body, `/decision"`)
		if i < 0 {
			t.Fatal("no decide form")
		}
		decision := res.Body[strings.LastIndex(res.Body[:i], `"`)+1 : i+len("/decision")]
		if res := s.do(t, "POST", decision, url.Values{"decision": {"refuse"}}, sup); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("refusal without a reason: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("authority.reason_required"), `href="#f-reason-`)
		}
		if res := s.do(t, "POST", decision, url.Values{"decision": {"approve"}}, sup); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("approve: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", page, nil, sup)
		mustContain(t, res.Body, fi("authority.status.approved"), fi("authority.download.json"), fi("authority.download.pdf"))
		i = strings.Index(res.Body, `/disclosure.json"`)
		base := res.Body[strings.LastIndex(res.Body[:i], `"`)+1 : i]
		js := s.do(t, "GET", base+"/disclosure.json", nil, sup)
		if js.StatusCode != http.StatusOK || js.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("json: %d %s", js.StatusCode, js.Header.Get("Content-Type"))
		}
		mustContain(t, js.Body, `"provision":"Ulkomaalaislaki 301/2004 130 §"`, `"contentHash":"sha256:`, `"lastName":"Pyydetty"`)
		var doc struct {
			ContentHash string          `json:"contentHash"`
			Content     json.RawMessage `json:"content"`
		}
		if err := json.Unmarshal([]byte(js.Body), &doc); err != nil || disclosure.Hash(doc.Content) != doc.ContentHash {
			t.Errorf("the content downloaded does not match its hash: %v", err)
		}
		if pdf := s.do(t, "GET", base+"/disclosure.pdf", nil, sup); pdf.StatusCode != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF") {
			t.Fatalf("pdf: %d", pdf.StatusCode)
		}
		if res := s.do(t, "GET", base+"/disclosure.json", nil, cw); res.StatusCode != http.StatusNotFound {
			t.Errorf("caseworker downloads: %d", res.StatusCode)
		}

		// Four eyes on the page: the registrar sees a note, not a form;
		// posting anyway is refused with the reason.
		form.Set("requester", "Kela")
		if res := s.do(t, "POST", page, form, sup); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("register: %d", res.StatusCode)
		}
		res = s.do(t, "GET", page, nil, sup)
		mustContain(t, res.Body, fi("authority.own_request"))
		res2 := s.do(t, "GET", page, nil, sup2)
		i = strings.Index(res2.Body, `/decision"`)
		own := res2.Body[strings.LastIndex(res2.Body[:i], `"`)+1 : i+len("/decision")]
		if res := s.do(t, "POST", own, url.Values{"decision": {"approve"}}, sup); res.StatusCode != http.StatusForbidden {
			t.Fatalf("self-approval: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("authority.own_request"))
		}
		if res := s.do(t, "POST", own, url.Values{"decision": {"refuse"}, "reason": {"Ei lakiperustetta."}}, sup2); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("refuse: %d", res.StatusCode)
		}
		mustContain(t, s.do(t, "GET", page, nil, cw).Body, fi("authority.status.refused"), "Ei lakiperustetta.")

		if res := s.do(t, "GET", page, nil, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("other organisation: %d", res.StatusCode)
		}
		if res := s.do(t, "POST", page, form, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("other organisation registers: %d", res.StatusCode)
		}
	})
}
