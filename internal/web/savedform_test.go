package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"koto/internal/store/storetest"
)

// exec runs a statement on the database (placeholders as ?).
func (s *harness) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if s.env.Engine == "postgres" {
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	if _, err := s.env.DB.SQL().Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

// expire makes every session idle for an hour.
func (s *harness) expire(t *testing.T) {
	t.Helper()
	s.exec(t, `UPDATE sessions SET last_seen_at = ?`, time.Now().UTC().Add(-time.Hour))
}

func (s *harness) savedForms(t *testing.T) int {
	t.Helper()
	var n int
	if err := s.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM saved_forms`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var sameSite = map[string]string{"Sec-Fetch-Site": "same-origin"}

func TestFormsNeverLost(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(5, 6, 80, 920), "lastName": "Alkuperäinen"}), cw)
		page := "/clients/" + id + "/edit/identity"
		typed := url.Values{"version": {"1"}, "hetu": {hetu(5, 6, 80, 920)}, "firstNames": {"Amina"}, "lastName": {"Kirjoitettu"}}

		// keep posts typed with an expired session and returns the kept
		// form's cookie.
		keep := func(t *testing.T) *http.Cookie {
			t.Helper()
			old := s.login(t, "cw.a")
			s.expire(t)
			res := s.send(t, "POST", page, typed, sameSite, old)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next="+url.QueryEscape(page) {
				t.Fatalf("expired post: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
			c := cookie(res, savedFormCookie)
			if c == nil || !c.HttpOnly || c.MaxAge != int(savedFormTTL/time.Second) || c.SameSite != http.SameSiteLaxMode {
				t.Fatalf("saved form cookie: %+v", c)
			}
			return c
		}

		t.Run("restored after login, once, then saved", func(t *testing.T) {
			kept := keep(t)
			res := s.do(t, "GET", "/login?next="+url.QueryEscape(page), nil, kept)
			mustContain(t, res.Body, fi("forms.kept"))
			fresh := s.login(t, "cw.a")
			res = s.do(t, "GET", page, nil, fresh, kept)
			mustContain(t, res.Body, `value="Kirjoitettu"`, fi("forms.restored"))
			if c := cookie(res, savedFormCookie); c == nil || c.MaxAge >= 0 {
				t.Errorf("restore did not clear the cookie: %+v", c)
			}
			if n := s.savedForms(t); n != 0 {
				t.Errorf("%d saved forms left after restore", n)
			}
			res = s.do(t, "GET", page, nil, fresh, kept)
			if strings.Contains(res.Body, "Kirjoitettu") {
				t.Error("a kept form was restored twice")
			}
			// Not saved until the user saves.
			res = s.do(t, "GET", "/clients/"+id, nil, fresh)
			mustContain(t, res.Body, "Alkuperäinen")
			res = s.do(t, "POST", page, typed, fresh)
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", res.StatusCode, res.Body)
			}
			flash := cookie(res, flashCookie)
			if flash == nil {
				t.Fatal("no confirmation after save")
			}
			res = s.do(t, "GET", "/clients/"+id, nil, fresh, flash)
			mustContain(t, res.Body, "Kirjoitettu", `role="status" id="flash"`, fi("forms.flash.saved"))
			if c := cookie(res, flashCookie); c == nil || c.MaxAge >= 0 {
				t.Errorf("the confirmation was not cleared once shown: %+v", c)
			}
			res = s.do(t, "GET", "/clients/"+id, nil, fresh)
			if strings.Contains(res.Body, fi("forms.flash.saved")) {
				t.Error("confirmation without its cookie")
			}
		})

		t.Run("another user cannot restore it", func(t *testing.T) {
			typed.Set("version", "2")
			kept := keep(t)
			other := s.login(t, "sup.a") // same organisation, may edit the client
			res := s.do(t, "GET", page, nil, other, kept)
			if res.StatusCode != http.StatusOK || strings.Contains(res.Body, fi("forms.restored")) {
				t.Fatalf("another user got the kept form: %d", res.StatusCode)
			}
			if n := s.savedForms(t); n != 1 {
				t.Errorf("%d saved forms, want the owner's 1 kept", n)
			}
			own := s.login(t, "cw.a")
			res = s.do(t, "GET", page, nil, own, kept)
			mustContain(t, res.Body, fi("forms.restored"))
		})

		t.Run("an expired kept form is gone", func(t *testing.T) {
			kept := keep(t)
			s.exec(t, `UPDATE saved_forms SET expires_at = created_at`)
			fresh := s.login(t, "cw.a")
			res := s.do(t, "GET", page, nil, fresh, kept)
			if strings.Contains(res.Body, fi("forms.restored")) {
				t.Error("an expired kept form was restored")
			}
			if n := s.savedForms(t); n != 0 {
				t.Errorf("%d expired saved forms left", n)
			}
		})

		t.Run("nothing kept without a same-site browser or a former session", func(t *testing.T) {
			old := s.login(t, "cw.a")
			s.expire(t)
			for _, c := range []struct {
				name    string
				header  map[string]string
				cookies []*http.Cookie
			}{
				{"cross-site", map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, []*http.Cookie{old}},
				{"same-site other origin", map[string]string{"Sec-Fetch-Site": "same-site"}, []*http.Cookie{old}},
				{"foreign origin", map[string]string{"Origin": "https://evil.example"}, []*http.Cookie{old}},
				{"no browser headers", nil, []*http.Cookie{old}},
				{"no session", sameSite, nil},
				{"unknown session", sameSite, []*http.Cookie{{Name: sessionCookie, Value: "forged"}}},
			} {
				res := s.send(t, "POST", page, typed, c.header, c.cookies...)
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" || cookie(res, savedFormCookie) != nil {
					t.Errorf("%s: %d to %q", c.name, res.StatusCode, res.Header.Get("Location"))
				}
			}
			if n := s.savedForms(t); n != 0 {
				t.Errorf("%d forms kept", n)
			}
			// The password form is never kept.
			res := s.send(t, "POST", "/account/password", url.Values{"currentPassword": {"x"}}, sameSite, old)
			if cookie(res, savedFormCookie) != nil || s.savedForms(t) != 0 {
				t.Error("a password form was kept")
			}
		})

		t.Run("keep-alive", func(t *testing.T) {
			fresh := s.login(t, "cw.a")
			res := s.do(t, "GET", "/clients/"+id, nil, fresh)
			mustContain(t, res.Body, `<meta name="koto-session" content="`, `data-idle="1800"`, `role="alertdialog"`, fi("forms.session.stay"))
			res = s.do(t, "POST", "/session/keepalive", url.Values{}, fresh)
			var body struct{ Left int }
			if err := json.Unmarshal([]byte(res.Body), &body); err != nil || res.StatusCode != http.StatusOK || body.Left != 1800 {
				t.Fatalf("keep-alive: %d %q", res.StatusCode, res.Body)
			}
			// It records activity now: a session idle for 29 minutes lasts
			// another 30.
			s.exec(t, `UPDATE sessions SET last_seen_at = ?`, time.Now().UTC().Add(-29*time.Minute))
			s.do(t, "POST", "/session/keepalive", url.Values{}, fresh)
			var seen time.Time
			if err := s.env.DB.SQL().QueryRow(`SELECT last_seen_at FROM sessions ORDER BY last_seen_at DESC LIMIT 1`).Scan(&seen); err != nil {
				t.Fatal(err)
			}
			if time.Since(seen) > time.Minute {
				t.Errorf("keep-alive left last_seen_at %v ago", time.Since(seen))
			}
			s.expire(t)
			res = s.do(t, "POST", "/session/keepalive", url.Values{}, fresh)
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
				t.Errorf("expired keep-alive: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
		})
	})
}

func TestSections(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(7, 8, 75, 930), "lastName": "Osio"}), cw)
		get := func() string { return s.do(t, "GET", "/clients/"+id, nil, cw).Body }

		card := get()
		for _, sec := range clientSections {
			mustContain(t, card, `href="/clients/`+id+`/edit/`+sec+`"`)
			res := s.do(t, "GET", "/clients/"+id+"/edit/"+sec, nil, cw)
			if res.StatusCode != http.StatusOK {
				t.Errorf("section %s: %d", sec, res.StatusCode)
			}
		}
		res := s.do(t, "GET", "/clients/"+id+"/edit/nosuch", nil, cw)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown section: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/clients/"+id+"/edit/language", nil, cw)
		mustContain(t, res.Body, `name="motherTongue"`)
		if strings.Contains(res.Body, `name="lastName"`) || strings.Contains(res.Body, `name="permits[0].type"`) {
			t.Error("the language section shows fields of other sections")
		}

		// A section saves only its own fields, whatever else is posted.
		res = s.do(t, "POST", "/clients/"+id+"/edit/language", url.Values{"version": {"1"}, "motherTongue": {"so"},
			"serviceLanguage": {"sv"}, "lastName": {"Vieras"}, "address.street": {"Vieraskatu 9"}}, cw)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/clients/"+id {
			t.Fatalf("save language: %d\n%s", res.StatusCode, res.Body)
		}
		c, err := s.env.Clients.Get(context.Background(), s.env.AddUser(t, "001", "reader.sections", "supervisor"), id)
		if err != nil {
			t.Fatal(err)
		}
		if c.MotherTongue != "so" || c.ServiceLanguage != "sv" || c.LastName != "Osio" || c.Address.Street != "Testikatu 1" || c.Version != 2 {
			t.Errorf("after the language section: %+v", c.Details)
		}

		// A stale version: a clear message, the typed values kept, and the
		// current version in the form so saving again is deliberate.
		res = s.do(t, "POST", "/clients/"+id+"/edit/contacts", url.Values{"version": {"1"}, "phone": {"040 000 0999"},
			"address.street": {"Uusikatu 2"}, "address.postalCode": {"00100"}, "address.postOffice": {"Helsinki"}}, cw)
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale section: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("forms.conflict"), `value="040 000 0999"`, `value="Uusikatu 2"`, `name="version" value="2"`)

		// The error summary names each field and links to it.
		res = s.do(t, "POST", "/clients/"+id+"/edit/identity", url.Values{"version": {"2"}, "hetu": {hetu(7, 8, 75, 930)},
			"firstNames": {""}, "lastName": {""}}, cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid identity: %d", res.StatusCode)
		}
		mustContain(t, res.Body,
			`<a href="#f-lastName">`+fi("field.lastName")+`: `+fi("validation.required")+`</a>`,
			`<a href="#f-firstNames">`+fi("field.firstNames")+`: `+fi("validation.required")+`</a>`,
			`id="error-summary"`, `tabindex="-1"`,
			`aria-describedby="f-lastName-error"`, `id="f-lastName-error"`)

		// The new-client form shows the four sections.
		res = s.do(t, "GET", "/clients/new", nil, cw)
		for _, sec := range clientSections {
			mustContain(t, res.Body, `id="section-`+sec+`"`)
		}
	})
}
