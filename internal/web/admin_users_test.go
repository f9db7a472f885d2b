package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

func TestAdminUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "adm.a", access.OrgAdmin)
		adm, cw := s.login(t, "adm.a"), s.login(t, "cw.a")
		if res := s.do(t, "GET", "/admin/users", nil, cw); res.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker on user administration: %d", res.StatusCode)
		}
		res := s.do(t, "GET", "/admin/users?user=cw.a", nil, adm)
		if res.StatusCode != 200 {
			t.Fatalf("list: %d", res.StatusCode)
		}
		mustContain(t, res.Body, "cw.a", "sup.a", `action="/admin/users/cw.a/roles"`, `value="caseworker"`)
		if regexp.MustCompile(`>cw\.b<`).MatchString(res.Body) {
			t.Error("another organisation's user listed")
		}
		if regexp.MustCompile(`value="operator_admin"`).MatchString(res.Body) {
			t.Error("offers a role the admin may not grant")
		}

		// Add: the one-time password is shown once and works.
		res = s.do(t, "POST", "/admin/users", url.Values{"username": {"New.Worker"}, "displayName": {"Uusi"}, "roles": {"caseworker"}}, adm)
		if res.StatusCode != 200 {
			t.Fatalf("add: %d", res.StatusCode)
		}
		pw := regexp.MustCompile(`id="one-time-password">([^<]+)<`).FindStringSubmatch(res.Body)
		if pw == nil {
			t.Fatal("no one-time password shown")
		}
		lr := s.do(t, "POST", "/login", url.Values{"username": {"new.worker"}, "password": {pw[1]}})
		if lr.StatusCode != http.StatusSeeOther || lr.Header.Get("Location") != "/account/password" {
			t.Errorf("first login: %d to %q", lr.StatusCode, lr.Header.Get("Location"))
		}
		res = s.do(t, "POST", "/admin/users", url.Values{"username": {"x"}, "roles": {}}, adm)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("invalid add: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("user.username"))

		// Role change ends the user's sessions.
		res = s.do(t, "POST", "/admin/users/cw.a/roles", url.Values{"roles": {"caseworker", "supervisor"}}, adm)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("roles: %d", res.StatusCode)
		}
		if res := s.do(t, "GET", "/clients", nil, cw); res.StatusCode != http.StatusSeeOther {
			t.Errorf("session after a role change: %d", res.StatusCode)
		}
		// In order: enabling must come after disabling.
		for _, step := range []struct {
			path string
			want int
		}{
			{"/admin/users/cw.a/end-date", http.StatusSeeOther},
			{"/admin/users/cw.a/end-sessions", http.StatusSeeOther},
			{"/admin/users/cw.a/disable", http.StatusSeeOther},
			{"/admin/users/cw.a/enable", http.StatusSeeOther},
			{"/admin/users/cw.b/disable", http.StatusNotFound}, // another organisation
		} {
			if res := s.do(t, "POST", step.path, url.Values{"endDate": {"2030-12-31"}}, adm); res.StatusCode != step.want {
				t.Errorf("%s: %d, want %d", step.path, res.StatusCode, step.want)
			}
		}
		res = s.do(t, "POST", "/admin/users/cw.a/end-date", url.Values{"endDate": {"31.12.2030"}}, adm)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad end date: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/admin/users?user=cw.a", nil, adm)
		mustContain(t, res.Body, `value="2030-12-31"`, "31.12.2030")
		if _, _, err := s.env.Auth.Login(context.Background(), "cw.a", testenv.Password, "127.0.0.1", access.ChannelUI, ""); err != nil {
			t.Errorf("re-enabled user: %v", err)
		}
	})
}
