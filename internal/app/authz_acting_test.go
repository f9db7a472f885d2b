package app

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/api"
	"koto/internal/org"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// Acting for a municipality, through the real handler (c.handler(), as in
// the authorization matrix): an employment area covers municipality 001 of
// the matrix world, granting caseworker only (the default). The area's
// users act for 001 with the act-for cookie (UI) or X-Koto-Organisation
// (API).

// actingWorld is the matrix world plus the area TA-9 covering 001 and its
// users.
type actingWorld struct {
	*world
	area org.Org
	// admin holds org_admin and caseworker in the area; pureAdmin only
	// org_admin; boss supervisor and caseworker; mixed caseworker,
	// statistician and org_admin.
	admin, pureAdmin, boss, mixed *roleUser
}

func newActingWorld(t *testing.T, engine string) *actingWorld {
	t.Helper()
	w := &actingWorld{world: newWorld(t, engine)}
	ctx := context.Background()
	var err error
	if w.area, err = w.env.Orgs.Add(ctx, testenv.System, org.Org{Code: "TA-9", Name: "Testialue", Kind: org.EmploymentArea}); err != nil {
		t.Fatal(err)
	}
	if err := w.env.Orgs.Cover(ctx, testenv.System, "TA-9", "001", nil); err != nil {
		t.Fatal(err)
	}
	add := func(name string, roles ...access.Role) *roleUser {
		u := &roleUser{actor: w.env.AddUser(t, "TA-9", name, roles...), token: w.env.Token(t, name)}
		u.session = w.login(t, name)
		return u
	}
	w.admin = add("area.admin", access.OrgAdmin, access.Caseworker)
	w.pureAdmin = add("area.pure-admin", access.OrgAdmin)
	w.boss = add("area.boss", access.Supervisor, access.Caseworker)
	w.mixed = add("area.mixed", access.Caseworker, access.Statistician, access.OrgAdmin)
	return w
}

// ui sends a UI request of u acting for 001.
func (w *actingWorld) ui(t *testing.T, u *roleUser, method, path string, body any) response {
	t.Helper()
	req := w.uiRequest(method, path, body, u.session)
	req.AddCookie(&http.Cookie{Name: "koto_act_for", Value: "001"})
	return w.do(t, req)
}

// api sends an API request of u acting for 001.
func (w *actingWorld) api(t *testing.T, u *roleUser, method, path string, body any) response {
	t.Helper()
	req := w.apiRequest(method, path, body, u, assigned)
	req.Header.Set(api.ActingOrganisationHeader, "001")
	return w.do(t, req)
}

// deniedBy counts denied entries of action by username in the chain of
// organisation code, written by the request of res.
func (w *actingWorld) deniedBy(t *testing.T, res response, code, username, action string) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND chain = ? AND username = ? AND action = ? AND request_id = ?`
	if err := w.env.DB.SQL().QueryRow(w.rebind(q), w.env.OrgByCode[code].ID, username, action, res.Header.Get("X-Request-Id")).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The reviewer's attack: an employment area's org_admin, acting for a
// covered municipality, lists, creates, changes and disables the
// municipality's staff accounts. Every attempt is refused and logged in
// the municipality's log, through the UI and the API.
func TestActingOrgAdminCannotAdministerMunicipalityStaff(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newActingWorld(t, engine)
		victim := w.targetUser(t, "001")
		attempts := []struct {
			method, path string
			body         formBody
		}{
			{"GET", "/admin/users", nil},
			{"POST", "/admin/users", formBody{"username": {"planted.supervisor"}, "displayName": {"Istutettu"}, "roles": {"supervisor"}}},
			{"POST", "/admin/users/" + victim + "/roles", formBody{"roles": {"caseworker", "supervisor"}}},
			{"POST", "/admin/users/" + victim + "/disable", formBody{}},
			{"POST", "/admin/users/" + victim + "/end-sessions", formBody{}},
		}
		for _, a := range attempts {
			res := w.ui(t, w.admin, a.method, a.path, a.body)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("UI %s %s acting for 001: %d, want 403", a.method, a.path, res.StatusCode)
			}
			if n := w.deniedBy(t, res, "001", "area.admin", string(access.UserManage)); n != 1 {
				t.Errorf("UI %s %s: %d denied entries in 001's log, want 1", a.method, a.path, n)
			}
		}
		users, err := w.env.Auth.Users(context.Background(), testenv.System)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			if u.Username == "planted.supervisor" {
				t.Fatal("the area admin created a user in the municipality")
			}
			if u.Username == victim && (!u.Active() || !slices.Equal(u.Roles, []access.Role{access.Caseworker})) {
				t.Fatalf("the area admin changed the municipality's user: %+v", u)
			}
		}
		// The same admin in the own organisation still administers it.
		if res := w.do(t, w.uiRequest("GET", "/admin/users", nil, w.admin.session)); res.StatusCode != http.StatusOK {
			t.Errorf("area admin at home: %d", res.StatusCode)
		}

		// API: acting carries caseworker only; an admin with no role the
		// coverage grants cannot act at all (403, logged in the area's log).
		res := w.api(t, w.admin, "GET", api.Prefix+"/me", nil)
		var me struct {
			OrganisationCode string
			Roles            []string
		}
		if err := json.Unmarshal([]byte(res.body), &me); err != nil || res.StatusCode != http.StatusOK || me.OrganisationCode != "001" || !slices.Equal(me.Roles, []string{"caseworker"}) {
			t.Errorf("API /me acting for 001: %d %s", res.StatusCode, res.body)
		}
		res = w.api(t, w.pureAdmin, "GET", api.Prefix+"/me", nil)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("API as an admin without a coverage role: %d, want 403", res.StatusCode)
		}
		var n int
		q := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND action = 'org.act_as' AND chain = ? AND username = 'area.pure-admin' AND request_id = ?`
		if err := w.env.DB.SQL().QueryRow(w.rebind(q), w.area.ID, res.Header.Get("X-Request-Id")).Scan(&n); err != nil || n != 1 {
			t.Errorf("refused act-as logged: %d %v", n, err)
		}
		// The UI never lets that admin act for 001 (the choice is checked).
		if res := w.do(t, w.uiRequest("POST", "/account/organisation", formBody{"org": {"001"}}, w.pureAdmin.session)); res.StatusCode != http.StatusForbidden {
			t.Errorf("UI choice of 001 by an admin without a coverage role: %d", res.StatusCode)
		}
	})
}

// An area user acting for the municipality gets the coverage's roles
// only: with a caseworker-only coverage, an area supervisor cannot read
// the municipality's unassigned clients organisation-wide (a caseworker
// must state a reason), nor its access logs; other roles fall away.
func TestActingCarriesCoverageRolesOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newActingWorld(t, engine)
		id := w.newClient(t, w.supA) // a client of 001 nobody is assigned to

		// UI: the card asks for a reason, as for any caseworker.
		if res := w.ui(t, w.boss, "GET", "/clients/"+id, nil); classify(routeInfo{Pattern: "GET /clients/{id}"}, res).class != reasonRequired {
			t.Errorf("UI card of an unassigned client, area supervisor acting: %d, want the reason page", res.StatusCode)
		}
		if res := w.ui(t, w.boss, "GET", "/clients/"+id+"/access-log", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("UI access log, area supervisor acting: %d, want 404", res.StatusCode)
		}
		// API: the same.
		res := w.api(t, w.boss, "GET", api.Prefix+"/clients/"+id, nil)
		if r := classify(routeInfo{Pattern: "GET " + api.Prefix + "/clients/{id}", API: true}, res); r.class != reasonRequired {
			t.Errorf("API card of an unassigned client, area supervisor acting: %s, want reason-required", r.detail)
		}
		if res := w.api(t, w.boss, "GET", api.Prefix+"/clients/"+id+"/access-log", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("API access log, area supervisor acting: %d, want 404", res.StatusCode)
		}
		// Caseworker work itself goes on: the list opens.
		if res := w.ui(t, w.boss, "GET", "/clients", nil); res.StatusCode != http.StatusOK {
			t.Errorf("UI client list acting: %d", res.StatusCode)
		}
		// At home the supervisor keeps every role (001's client is not
		// there, so it is not found).
		if res := w.do(t, w.apiRequest("GET", api.Prefix+"/me", nil, w.boss, assigned)); !strings.Contains(res.body, `"supervisor"`) {
			t.Errorf("API /me at home: %s", res.body)
		}

		// A caseworker who is also statistician and org_admin in the area
		// is a caseworker only in 001.
		res = w.api(t, w.mixed, "GET", api.Prefix+"/me", nil)
		if !strings.Contains(res.body, `"roles":["caseworker"]`) {
			t.Errorf("API /me of the mixed user acting: %s", res.body)
		}
		if res := w.ui(t, w.mixed, "GET", "/admin/users", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("UI user administration of the mixed user acting: %d", res.StatusCode)
		}
	})
}
