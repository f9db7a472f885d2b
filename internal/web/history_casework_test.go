package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"koto/internal/store/storetest"
)

// Issue 13 item 11: the fields added with casework are in the client's
// change history with before and after like the older fields — service
// end and death, reception and placement, household links (on both
// clients, by Koto id) — and the page leads to the casework records'
// own histories (plan versions, note amendments, referral steps).
func TestHistoryShowsCaseworkFields(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		a := s.create(t, newClientForm(map[string]string{"hetu": hetu(4, 5, 86, 941), "lastName": "Historiallinen"}), cw)
		b := s.create(t, newClientForm(map[string]string{"hetu": hetu(5, 6, 13, 942), "lastName": "Sukulainen"}), cw)
		ka := kotoOf(t, s.do(t, "GET", "/clients/"+a, nil, cw).Body)
		kb := kotoOf(t, s.do(t, "GET", "/clients/"+b, nil, cw).Body)

		post := func(path string, form url.Values) {
			t.Helper()
			if res := s.do(t, "POST", path, form, cw); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", path, res.StatusCode, res.Body)
			}
		}
		post("/clients/"+a+"/placement", url.Values{"version": {"0"}, "receptionCentre": {"Joutsenon vastaanottokeskus"},
			"unhcrNumber": {"123-45C67890"}, "quotaRefugee": {"1"}, "municipality": {"091"}, "decisionDate": {"2025-01-10"}, "arrivalDate": {"2025-02-01"}})
		post("/clients/"+a+"/placement", url.Values{"version": {"1"}, "receptionCentre": {"Oulun vastaanottokeskus"},
			"unhcrNumber": {"123-45C67890"}, "quotaRefugee": {"1"}, "municipality": {"091"}, "decisionDate": {"2025-01-10"}, "arrivalDate": {"2025-02-01"}})
		post("/clients/"+a+"/household", url.Values{"otherId": {kb}, "kind": {"child"}})
		post("/clients/"+a+"/edit/service", url.Values{"version": {"1"}, "serviceEnd": {"2025-03-31"}, "serviceEndReason": {"moved-away"}})

		h := s.do(t, "GET", "/clients/"+a+"/history", nil, cw).Body
		mustContain(t, h,
			fi("field.placement.receptionCentre"), "Joutsenon vastaanottokeskus", "Oulun vastaanottokeskus",
			fi("field.placement.unhcrNumber"), "123-45C67890", fi("field.placement.quotaRefugee"),
			fi("field.placement.municipality"), "Helsinki", fi("field.placement.decisionDate"), "2025-01-10",
			fi("field.placement.arrivalDate"),
			fi("field.household"), fi("household.kind.child")+" ("+kb+")",
			fi("field.serviceEnd"), "2025-03-31", fi("field.serviceEndReason"), fi("service_end_reason.moved-away"),
			fi("history.casework_title"),
			`href="/clients/`+a+`/plans"`, `href="/clients/`+a+`/notes"`, `href="/clients/`+a+`/referrals"`)
		// Before and after of the second save: the old centre in the "old"
		// column, the new one in the "new" column of the same row.
		row := regexp.MustCompile(`<th scope="row">` + regexp.QuoteMeta(fi("field.placement.receptionCentre")) + `</th><td>Joutsenon vastaanottokeskus</td><td>Oulun vastaanottokeskus</td>`)
		if !row.MatchString(h) {
			t.Error("no before/after row for the reception centre")
		}
		// The other client's history shows the link from its side.
		mustContain(t, s.do(t, "GET", "/clients/"+b+"/history", nil, cw).Body, fi("household.kind.parent")+" ("+ka+")")

		// Removing the link is in both histories as an old value.
		placementPage := s.do(t, "GET", "/clients/"+a+"/placement", nil, cw).Body
		m := regexp.MustCompile(`action="/clients/` + a + `/household/([^/"]+)/remove"`).FindStringSubmatch(placementPage)
		if m == nil {
			t.Fatal("no remove form for the link")
		}
		post("/clients/"+a+"/household/"+m[1]+"/remove", url.Values{})
		removed := regexp.MustCompile(`<th scope="row">` + regexp.QuoteMeta(fi("field.household")) + `</th><td>` + regexp.QuoteMeta(fi("household.kind.parent")+" ("+ka+")") + `</td><td></td>`)
		if !removed.MatchString(s.do(t, "GET", "/clients/"+b+"/history", nil, cw).Body) {
			t.Error("the removal is not in the other client's history")
		}
	})
}
