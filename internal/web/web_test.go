package web

import (
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koto/internal/i18n"
	"koto/internal/store/storetest"
)

// fi translates with the Finnish catalog, escaped as the page shows it.
func fi(key string, args ...any) string {
	return template.HTMLEscapeString(i18n.MustLoad().Printer("fi").T(key, args...))
}

func TestUI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cwA, supA, cwB := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "cw.b")

		t.Run("login", func(t *testing.T) { testLogin(t, s) })
		t.Run("create and card", func(t *testing.T) { testCreateAndCard(t, s, cwA) })
		t.Run("invalid input", func(t *testing.T) { testInvalidInput(t, s, cwA) })
		t.Run("duplicates", func(t *testing.T) { testDuplicates(t, s, cwA) })
		t.Run("other organisation", func(t *testing.T) { testOtherOrganisation(t, s, cwA, cwB) })
		t.Run("search", func(t *testing.T) { testSearch(t, s, cwA) })
		t.Run("edit", func(t *testing.T) { testEdit(t, s, cwA) })
		t.Run("escaping", func(t *testing.T) { testEscaping(t, s, cwA) })
		t.Run("access log", func(t *testing.T) { testAccessLog(t, s, cwA, supA) })
		t.Run("language", func(t *testing.T) { testLanguage(t, s, cwA) })
		t.Run("protected address", func(t *testing.T) { testProtectedAddress(t, s, cwA, supA) })
		t.Run("every protected route needs a session", func(t *testing.T) { testRoutesNeedSession(t, s) })
		t.Run("password", func(t *testing.T) { testPassword(t, s) })
	})
}

func testLogin(t *testing.T, s *harness) {
	res := s.do(t, "POST", "/login", url.Values{"username": {"cw.a"}, "password": {"correct horse battery staple"}, "next": {"/clients/new"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/new" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	c := cookie(res, sessionCookie)
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.MaxAge != 0 || c.Value == "" {
		t.Fatalf("session cookie: %+v", c)
	}
	again := s.login(t, "cw.a")
	if again.Value == c.Value {
		t.Error("a second login reused the session token")
	}

	for _, tc := range []struct{ name, user, password string }{
		{"wrong password", "cw.a", "wrong password here"},
		{"unknown user", "nobody", "wrong password here"},
	} {
		res := s.do(t, "POST", "/login", url.Values{"username": {tc.user}, "password": {tc.password}})
		if res.StatusCode != http.StatusUnauthorized || cookie(res, sessionCookie) != nil {
			t.Errorf("%s: status %d", tc.name, res.StatusCode)
		}
		mustContain(t, res.Body, fi("login.failed"), `value="`+tc.user+`"`)
	}

	for _, tc := range []struct{ path, want string }{
		{"/clients", "/login?next=%2Fclients"},
		{"/clients/abc/edit", "/login?next=%2Fclients%2Fabc%2Fedit"},
		{"/", "/login"},
	} {
		res := s.do(t, "GET", tc.path, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != tc.want {
			t.Errorf("GET %s without session: %d to %q", tc.path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := s.do(t, "GET", "/login?next=//evil.example", nil); strings.Contains(res.Body, "evil.example") {
		t.Error("login form kept a foreign next")
	}

	out := s.login(t, "cw.a")
	if res := s.do(t, "POST", "/logout", url.Values{}, out); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients", nil, out); res.StatusCode != http.StatusSeeOther {
		t.Errorf("session still valid after logout: %d", res.StatusCode)
	}
}

func testCreateAndCard(t *testing.T, s *harness, cw *http.Cookie) {
	h := hetu(1, 2, 85, 904)
	id := s.create(t, newClientForm(map[string]string{"firstNames": "Kortti", "lastName": "Näytettävä", "hetu": h}), cw)
	res := s.do(t, "GET", "/clients/"+id, nil, cw)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("card: %d", res.StatusCode)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("card Cache-Control = %q", got)
	}
	mustContain(t, res.Body, "Kortti Näytettävä", h[:7]+"****", `action="/clients/`+id+`/hetu"`, fi("web.permits.none"), `href="/clients/`+id+`/permits/new"`,
		`href="/clients/`+id+`/edit"`, `href="/clients/`+id+`/history"`, `<html lang="fi">`)
	if strings.Contains(res.Body, "/access-log") {
		t.Error("caseworker sees the access-log link")
	}
	if strings.Contains(res.Body, h) {
		t.Error("the card shows the HETU unmasked")
	}
	if res := s.do(t, "POST", "/clients/"+id+"/hetu", url.Values{}, cw); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, h) {
		t.Errorf("reveal: %d, HETU shown %v", res.StatusCode, strings.Contains(res.Body, h))
	}
	if res := s.do(t, "GET", "/clients?sort=created&dir=desc&size=10", nil, cw); !strings.Contains(res.Body, "Näytettävä, Kortti") {
		t.Errorf("list lacks the new client: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients/no-such-id", nil, cw); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown id: %d", res.StatusCode)
	}
}

func testInvalidInput(t *testing.T, s *harness, cw *http.Cookie) {
	bad := hetu(15, 3, 90, 902)
	bad = bad[:10] + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[(strings.IndexByte("0123456789ABCDEFHJKLMNPRSTUVWXY", bad[10])+1)%31])
	tests := []struct {
		name    string
		form    map[string]string
		want    []string
		invalid []string // input ids with aria-invalid
	}{
		{"bad checksum and no last name", map[string]string{"hetu": bad, "lastName": "", "firstNames": "Säilyvä Etunimi"},
			[]string{fi("hetu.checksum"), fi("validation.required"), `value="Säilyvä Etunimi"`, `value="` + bad + `"`,
				`href="#f-hetu"`, `href="#f-lastName"`, `role="alert"`, `aria-describedby="f-lastName-error"`},
			[]string{"f-hetu", "f-lastName"}},
		{"unparseable date keeps the rest", map[string]string{"hetu": "", "birthDate": "2000-02-31", "firstNames": "Pysyvä", "arrivalDate": "huomenna"},
			[]string{fi("validation.date"), `value="Pysyvä"`, `value="2000-02-31"`, `value="huomenna"`, `href="#f-arrivalDate"`},
			[]string{"f-birthDate", "f-arrivalDate"}},
		{"dates that disagree", map[string]string{"arrivalDate": "2020-05-01", "municipalityRegistered": "2020-01-01"},
			[]string{fi("client.registered_before_arrival"), `href="#f-municipalityRegistered"`},
			[]string{"f-municipalityRegistered"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := s.do(t, "POST", "/clients", newClientForm(tc.form), cw)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			mustContain(t, res.Body, tc.want...)
			for _, id := range tc.invalid {
				mustContain(t, res.Body, `id="`+id+`" name=`)
				i := strings.Index(res.Body, `id="`+id+`" name=`)
				if end := strings.Index(res.Body[i:], ">"); !strings.Contains(res.Body[i:i+end], `aria-invalid="true"`) {
					t.Errorf("%s is not marked invalid", id)
				}
			}
		})
	}
	taken := hetu(15, 3, 90, 902)
	s.create(t, newClientForm(map[string]string{"hetu": taken, "lastName": "Ensimmäinen"}), cw)
	res := s.do(t, "POST", "/clients", newClientForm(map[string]string{"hetu": taken, "lastName": "Toinen"}), cw)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("taken HETU: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("client.hetu_taken"), `id="f-hetu-error"`)
}

func testDuplicates(t *testing.T, s *harness, cw *http.Cookie) {
	form := newClientForm(map[string]string{"hetu": "", "birthDate": "1979-06-01", "sex": "female", "firstNames": "Kaksi", "lastName": "Kertaa"})
	first := s.create(t, form, cw)
	res := s.do(t, "POST", "/clients", form, cw)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("duplicate: status %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("client.possible_duplicate"), `href="/clients/`+first+`"`, "Kertaa, Kaksi",
		`name="confirmDuplicate"`, `value="Kaksi"`)
	form.Set("confirmDuplicate", "1")
	if second := s.create(t, form, cw); second == first {
		t.Error("confirmed duplicate got the first id")
	}
}

func testOtherOrganisation(t *testing.T, s *harness, cwA, cwB *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(2, 2, 92, 906), "lastName": "Omaorg"}), cwA)
	for _, path := range []string{"/clients/" + id, "/clients/" + id + "/edit", "/clients/" + id + "/history", "/clients/" + id + "/access-log"} {
		if res := s.do(t, "GET", path, nil, cwB); res.StatusCode != http.StatusNotFound || strings.Contains(res.Body, "Omaorg") {
			t.Errorf("GET %s as org B: %d", path, res.StatusCode)
		}
	}
	edit := newClientForm(map[string]string{"hetu": hetu(2, 2, 92, 906), "lastName": "Kaapattu", "version": "1"})
	if res := s.do(t, "POST", "/clients/"+id, edit, cwB); res.StatusCode != http.StatusNotFound {
		t.Errorf("POST edit as org B: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients/"+id, nil, cwA); !strings.Contains(res.Body, "Omaorg") {
		t.Error("the client changed after org B's edit")
	}
}

func testSearch(t *testing.T, s *harness, cw *http.Cookie) {
	h := hetu(24, 12, 88, 908)
	id := s.create(t, newClientForm(map[string]string{"hetu": h, "firstNames": "Haettava", "lastName": "Löytyväinen"}), cw)
	for _, tc := range []struct{ by, q string }{{"name", "Löytyväinen"}, {"name", "loytyvainen"}, {"hetu", h}, {"birthDate", "1988-12-24"}, {"birthDate", "24.12.1988"}} {
		res := s.do(t, "POST", "/clients/search", url.Values{"q": {tc.q}, "by": {tc.by}}, cw)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, `href="/clients/`+id+`"`) {
			t.Errorf("search %s %q: %d, client missing", tc.by, tc.q, res.StatusCode)
		}
		if res.Header.Get("Location") != "" || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("search %s: redirected or cacheable", tc.by)
		}
	}
	res := s.do(t, "POST", "/clients/search", url.Values{"q": {"010101-0000"}, "by": {"hetu"}}, cw)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-q"`) {
		t.Errorf("bad HETU search: %d", res.StatusCode)
	}
}

func testEdit(t *testing.T, s *harness, cw *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(3, 4, 70, 910), "lastName": "Muokattava"}), cw)
	res := s.do(t, "GET", "/clients/"+id+"/edit", nil, cw)
	mustContain(t, res.Body, `name="version" value="1"`, `value="Muokattava"`)

	form := newClientForm(map[string]string{"hetu": hetu(3, 4, 70, 910), "lastName": "Muokattu", "version": "1"})
	if res := s.do(t, "POST", "/clients/"+id, form, cw); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, res.Body)
	}
	res = s.do(t, "GET", "/clients/"+id, nil, cw)
	mustContain(t, res.Body, "Muokattu")

	res = s.do(t, "POST", "/clients/"+id, form, cw) // version 1 is stale now
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale version: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("client.version_conflict"), `value="Muokattu"`)

	res = s.do(t, "GET", "/clients/"+id+"/history", nil, cw)
	mustContain(t, res.Body, fi("field.lastName"), "Muokattava", "Muokattu", "cw.a")
}

func testEscaping(t *testing.T, s *harness, cw *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(5, 5, 55, 912), "firstNames": "<script>alert(1)</script>"}), cw)
	for _, path := range []string{"/clients/" + id, "/clients/" + id + "/edit", "/clients"} {
		res := s.do(t, "GET", path, nil, cw)
		if strings.Contains(res.Body, "<script>alert(1)") {
			t.Errorf("%s renders the script", path)
		}
		mustContain(t, res.Body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	}
}

func testAccessLog(t *testing.T, s *harness, cw, sup *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(6, 6, 66, 914), "lastName": "Lokitettu"}), cw)
	card := s.do(t, "GET", "/clients/"+id, nil, sup)
	mustContain(t, card.Body, `href="/clients/`+id+`/access-log"`)
	res := s.do(t, "GET", "/clients/"+id+"/access-log", nil, sup)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("access log: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("audit.action.client.read"), fi("audit.action.client.create"), "sup.a", "cw.a",
		fi("role.supervisor"), fi("audit.result.allowed"), fi("web.local_time"), "UI", "<caption>")
	if res := s.do(t, "GET", "/clients/"+id+"/access-log", nil, cw); res.StatusCode != http.StatusNotFound {
		t.Errorf("caseworker access log: %d", res.StatusCode)
	}
}

func testLanguage(t *testing.T, s *harness, cw *http.Cookie) {
	res := s.do(t, "POST", "/language", url.Values{"lang": {"sv"}, "next": {"/clients"}}, cw)
	lang := cookie(res, langCookie)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients" || lang == nil || lang.Value != "sv" || lang.MaxAge <= 0 {
		t.Fatalf("language switch: %d to %q, cookie %+v", res.StatusCode, res.Header.Get("Location"), lang)
	}
	res = s.do(t, "GET", "/clients", nil, cw, lang)
	mustContain(t, res.Body, `<html lang="sv">`, "Klienter", "Logga ut")
	if res := s.do(t, "POST", "/language", url.Values{"lang": {"en"}, "next": {"https://evil.example/"}}); res.Header.Get("Location") != "/" {
		t.Errorf("language switch followed a foreign next: %q", res.Header.Get("Location"))
	}
	req := s.do(t, "GET", "/login", nil)
	mustContain(t, req.Body, `<html lang="fi">`, "Kirjaudu Kotoon")
}

func testPassword(t *testing.T, s *harness) {
	s.env.AddUser(t, "001", "pw.a", "caseworker")
	c := s.login(t, "pw.a")
	res := s.do(t, "POST", "/account/password", url.Values{"currentPassword": {"correct horse battery staple"},
		"newPassword": {"a new long passphrase"}, "repeatPassword": {"something else entirely"}}, c)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("mismatch: %d", res.StatusCode)
	}
	mustContain(t, res.Body, fi("password.mismatch"))
	res = s.do(t, "POST", "/account/password", url.Values{"currentPassword": {"correct horse battery staple"},
		"newPassword": {"a new long passphrase"}, "repeatPassword": {"a new long passphrase"}}, c)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", res.StatusCode, res.Body)
	}
	if res := s.do(t, "GET", "/clients", nil, c); res.StatusCode != http.StatusOK {
		t.Errorf("session ended by own password change: %d", res.StatusCode)
	}
}

func testProtectedAddress(t *testing.T, s *harness, cw, sup *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(7, 7, 77, 916), "lastName": "Turvattu",
		"address.street": "Salainen tie 9", "addressProtected": "1"}), cw)
	res := s.do(t, "GET", "/clients/"+id, nil, cw)
	mustContain(t, res.Body, fi("web.address_protected"))
	if strings.Contains(res.Body, "Salainen tie 9") {
		t.Fatal("caseworker sees a protected address")
	}
	res = s.do(t, "GET", "/clients/"+id+"/edit", nil, cw)
	if strings.Contains(res.Body, "Salainen tie 9") || strings.Contains(res.Body, `name="address.street"`) {
		t.Fatal("edit form shows a protected address")
	}
	form := newClientForm(map[string]string{"hetu": hetu(7, 7, 77, 916), "lastName": "Turvattu-Muutettu", "version": "1",
		"address.street": "", "address.postalCode": "", "address.postOffice": "", "addressHidden": "1"})
	if res := s.do(t, "POST", "/clients/"+id, form, cw); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	mustContain(t, s.do(t, "GET", "/clients/"+id, nil, sup).Body, "Salainen tie 9", "Turvattu-Muutettu")
}

// pathParam matches a route pattern's wildcards ("{id}", "{userId}").
var pathParam = regexp.MustCompile(`\{[A-Za-z]+\}`)

func testRoutesNeedSession(t *testing.T, s *harness) {
	for _, r := range s.h.Routes() {
		if r.Public {
			continue
		}
		method, path, _ := strings.Cut(r.Pattern, " ")
		path = pathParam.ReplaceAllString(strings.TrimSuffix(path, "{$}"), "x")
		var form url.Values
		if method == "POST" {
			form = url.Values{}
		}
		res := s.do(t, method, path, form)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("%s without session: %d to %q", r.Pattern, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res := s.do(t, "GET", "/static/koto.css", nil); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, ":focus-visible") {
		t.Errorf("static css: %d", res.StatusCode)
	}
}
