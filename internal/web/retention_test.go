package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The legal-hold page and the retention page: the DPO sets a hold with a
// reference (a missing one is an error at its field), sees the client by
// name on /retention, previews the dry run with the classes by name, and
// clears the hold; each read and change is in the access log. A
// caseworker gets 404 on the hold routes and 403 on /retention; another
// organisation's DPO gets 404 on this client's hold.
func TestRetentionHoldPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw, dpo, dpoB := s.login(t, "cw.a"), s.login(t, "dpo.a"), s.login(t, "dpo.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 936), "lastName": "Pidätetty"}), cw)
		page := "/clients/" + id + "/retention-hold"

		res := s.do(t, "GET", page, nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("hold page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("retention.hold.off"), fi("retention.hold.put"))
		if res := s.do(t, "POST", page, url.Values{"reason": {"  "}}, dpo); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("hold without a reason: %d", res.StatusCode)
		} else {
			mustContain(t, res.Body, fi("retention.hold.reason_required"), `href="#f-reason"`)
		}
		if res := s.do(t, "POST", page, url.Values{"reason": {"KHO 2026/123"}}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", page, nil, dpo).Body, fi("retention.hold.on"), "KHO 2026/123", fi("retention.hold.clear_button"))

		res = s.do(t, "GET", "/retention", nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("retention page: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "Pidätetty", "KHO 2026/123", fi("retention.class.access_log"), fi("retention.rule.access_log", 12),
			fi("retention.rule.service_end", 30))
		res = s.do(t, "GET", "/retention?as_of=2060-01-01", nil, dpo)
		mustContain(t, res.Body, fi("retention.col.would_delete"), fi("retention.class.session"), fi("retention.preview.held", 0))
		if strings.Contains(res.Body, ">access_log<") || strings.Contains(res.Body, ">saved_form<") {
			t.Error("a class code instead of its name")
		}
		if res := s.do(t, "GET", "/retention?as_of=huomenna", nil, dpo); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad preview date: %d", res.StatusCode)
		}

		// Attacks: a caseworker, another organisation's DPO.
		for _, c := range []struct {
			method, path string
			who          *http.Cookie
			want         int
		}{
			{"GET", page, cw, http.StatusNotFound},
			{"POST", page + "/removal", cw, http.StatusNotFound},
			{"GET", page, dpoB, http.StatusNotFound},
			{"POST", page + "/removal", dpoB, http.StatusNotFound},
			{"POST", page, dpoB, http.StatusNotFound},
			{"GET", "/retention", cw, http.StatusForbidden},
		} {
			form := url.Values{"reason": {"X 1"}}
			if res := s.do(t, c.method, c.path, form, c.who); res.StatusCode != c.want {
				t.Errorf("%s %s: %d, want %d", c.method, c.path, res.StatusCode, c.want)
			}
		}
		mustContain(t, s.do(t, "GET", page, nil, dpo).Body, "KHO 2026/123") // still held

		if res := s.do(t, "POST", page+"/removal", url.Values{}, dpo); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("clear: %d", res.StatusCode)
		}
		mustContain(t, s.do(t, "GET", page, nil, dpo).Body, fi("retention.hold.off"))
		mustContain(t, s.do(t, "GET", "/retention", nil, dpo).Body, fi("retention.page.none_held"))

		log := s.env.DB.SQL()
		for _, touched := range []string{"retention_hold", "retention_hold:set", "retention_hold:clear", "retention:holds,certificates"} {
			var n int
			q := `SELECT COUNT(*) FROM audit_entries WHERE touched = '` + touched + `' AND result = 'allowed'`
			if engine == "postgres" {
				tx, _ := log.Begin()
				tx.Exec(`SELECT set_config('koto.scope', 'system', true)`)
				tx.QueryRow(q).Scan(&n)
				tx.Rollback()
			} else {
				log.QueryRow(q).Scan(&n)
			}
			if n == 0 {
				t.Errorf("no access-log entry touching %s", touched)
			}
		}
	})
}
