package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/referral"
	"koto/internal/store/storetest"
)

// The provider package in the UI: the preview from a referral shows the 18
// items with "ei tietoja" for empty ones and the three free texts as
// fields; recording shows the disclosure and the client's log; the
// provider user lands on the received packages, sees that package (and
// its PDF), no client menu, and 404 on client pages; another provider's
// user gets 404 on the package.
func TestDisclosurePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		s := newHarness(t, engine)
		s.env.AddProvider(t, "P001", "Opisto Yksi")
		s.env.AddProvider(t, "P002", "Opisto Kaksi")
		s.env.AddUser(t, "P001", "tuottaja.yksi", access.Provider)
		s.env.AddUser(t, "P002", "tuottaja.kaksi", access.Provider)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 933), "lastName": "Luovutettava"}), cw)
		actor := s.env.AddUser(t, "001", "cw.fixture", access.Supervisor)
		r, err := s.env.Referrals.Create(ctx, actor, id, referral.NewReferral{Provider: "P001", Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.env.Referrals.AddStep(ctx, actor, id, r.ID, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2026, Month: 3, Day: 2}}); err != nil {
			t.Fatal(err)
		}

		preview := "/clients/" + id + "/referrals/" + r.ID + "/disclosure"
		mustContain(t, s.do(t, "GET", "/clients/"+id+"/referrals", nil, cw).Body, `href="`+preview+`"`, fi("disclosures.provider.link"))
		res := s.do(t, "GET", preview, nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("preview: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("disclosures.item.hetu"), fi("disclosures.no_data"), `name="otherNecessary"`, `name="referralId" value="`+r.ID+`"`,
			fi("disclosures.provider.record"), "Luovutettava")
		if n := strings.Count(res.Body, `class="package-item-label"`); n != 18 {
			t.Errorf("preview shows %d items, want 18", n)
		}

		res = s.do(t, "POST", "/clients/"+id+"/disclosures", url.Values{"referralId": {r.ID}, "recipient": {"P001"}, "otherNecessary": {"Tulkki tarvitaan."}}, cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("record: %d\n%s", res.StatusCode, res.Body)
		}
		shown := res.Header.Get("Location")
		mustContain(t, s.do(t, "GET", shown, nil, cw).Body, "Tulkki tarvitaan.", "sha256:", "Opisto Yksi")
		mustContain(t, s.do(t, "GET", "/clients/"+id+"/disclosures", nil, cw).Body, "Opisto Yksi", fi("disclosure.basis.integration-act-86"))
		if res := s.do(t, "POST", "/clients/"+id+"/disclosures", url.Values{"referralId": {r.ID}, "recipient": {"P002"}}, cw); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("recipient not the referral's: %d", res.StatusCode)
		}
		disclosureID := shown[strings.LastIndex(shown, "/")+1:]

		// The provider user.
		res = s.do(t, "POST", "/login", url.Values{"username": {"tuottaja.yksi"}, "password": {"correct horse battery staple"}})
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Fatalf("provider login: %d %s", res.StatusCode, loc)
		}
		prov := cookie(res, sessionCookie)
		if res := s.do(t, "GET", "/", nil, prov); res.Header.Get("Location") != "/disclosures" {
			t.Errorf("provider lands on %q", res.Header.Get("Location"))
		}
		res = s.do(t, "GET", "/disclosures", nil, prov)
		mustContain(t, res.Body, fi("disclosures.received.title"), "Luovutettava", `href="/disclosures/`+disclosureID+`"`)
		if strings.Contains(res.Body, `href="/clients"`) || strings.Contains(res.Body, "/clients/") {
			t.Error("the provider's page links to clients")
		}
		res = s.do(t, "GET", "/disclosures/"+disclosureID, nil, prov)
		mustContain(t, res.Body, "Tulkki tarvitaan.", fi("disclosures.no_data"), "Testikunta 001", "/pdf")
		if n := strings.Count(res.Body, `class="package-item-label"`); n != 18 {
			t.Errorf("package shows %d items, want 18", n)
		}
		if res := s.do(t, "GET", "/disclosures/"+disclosureID+"/pdf", nil, prov); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Body, "%PDF") {
			t.Errorf("pdf: %d", res.StatusCode)
		}
		for _, p := range []string{"/clients", "/clients/" + id, "/clients/" + id + "/disclosures", "/clients/" + id + "/disclosures/" + disclosureID, preview} {
			if res := s.do(t, "GET", p, nil, prov); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
				t.Errorf("provider GET %s: %d", p, res.StatusCode)
			}
		}
		other := s.login(t, "tuottaja.kaksi")
		if res := s.do(t, "GET", "/disclosures/"+disclosureID, nil, other); res.StatusCode != http.StatusNotFound {
			t.Errorf("other provider reads the package: %d", res.StatusCode)
		}
		if res := s.do(t, "GET", "/disclosures", nil, other); strings.Contains(res.Body, "Luovutettava") {
			t.Error("other provider's inbox shows the client")
		}
	})
}
