package app

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/note"
	"koto/internal/plan"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// The route enumeration test (issue 14 item 9): every route of both
// surfaces — read from the UI's and the API's route tables, never from a
// hand list — is called by users of organisation B (001 of the world: one
// user with each staff role, and a user of the provider organisation p01)
// with the ids of organisation A's records (002) in its path parameters.
// No answer may hold A's personal data — the victim client's names, HETU,
// a note's and a plan's text — unless the route is one through which a
// disclosure is delivered (disclosureRoutes) and a recorded disclosure of
// that client to the caller's organisation exists.
//
// A path parameter without a fixture fails the test: a new capability adds
// its record of organisation A to leakParams (one line) and, if it delivers
// disclosures, its route to disclosureRoutes.

// victim is organisation A's records, each carrying markers that must
// never reach organisation B.
type victim struct {
	clientID, hetu         string
	noteID, planID         string
	referralID, consentID  string
	assessmentID, permitID string
	reasonID, disclosureID string
	linkID                 string
	attachmentID           string
	requestID              string // an approved authority request
	transferID             string // an open transfer to a third municipality
	subjectRequestID       string // an open data subject's request
	markers                []string
	firstNames, lastName   string
	noteMarker, planMarker string
	reasonText             string
}

// leakCase is one request of the test: the route, the attacking user and
// the request prepare made for it (body, query, its own fresh objects).
type leakCase struct {
	w    *world
	v    *victim
	role access.Role
	pr   probe
}

// leakParams fills each path parameter, named by the path segment before
// it and the wildcard ("notes/{noteId}"), with organisation A's record.
// Parameters that name a user's own things (a session, a key) take the
// value prepare chose for another organisation's user.
var leakParams = map[string]func(c leakCase) string{
	"{$}":                             func(leakCase) string { return "" },
	"codes/{list}":                    func(leakCase) string { return "countries" },
	"clients/{id}":                    func(c leakCase) string { return c.v.clientID },
	"edit/{section}":                  func(leakCase) string { return "language" },
	"permits/{pid}":                   func(c leakCase) string { return c.v.permitID },
	"notes/{noteId}":                  func(c leakCase) string { return c.v.noteID },
	"consents/{consentId}":            func(c leakCase) string { return c.v.consentID },
	"plans/{planId}":                  func(c leakCase) string { return c.v.planID },
	"versions/{n}":                    func(leakCase) string { return "1" },
	"warnings/{code}":                 func(leakCase) string { return "first_plan_over_1y" },
	"assessments/{assessmentId}":      func(c leakCase) string { return c.v.assessmentID },
	"referrals/{referralId}":          func(c leakCase) string { return c.v.referralID },
	"household/{linkId}":              func(c leakCase) string { return c.v.linkID },
	"assignments/{userId}":            func(c leakCase) string { return c.w.cwB.UserID },
	"members/{userId}":                func(c leakCase) string { return c.w.cwB.UserID },
	"teams/{id}":                      func(c leakCase) string { return c.w.teamB },
	"teams/{teamId}":                  func(c leakCase) string { return c.w.teamB },
	"access-reasons/{id}":             func(c leakCase) string { return c.v.reasonID },
	"review/{reasonId}":               func(c leakCase) string { return c.v.reasonID },
	"users/{username}":                func(c leakCase) string { return c.pr.params["{username}"] },
	"sessions/{id}":                   func(c leakCase) string { return c.pr.params["{id}"] },
	"webauthn/{id}":                   func(c leakCase) string { return c.pr.params["{id}"] },
	"disclosures/{id}":                func(c leakCase) string { return c.v.disclosureID },
	"disclosures/{disclosureId}":      func(c leakCase) string { return c.v.disclosureID },
	"attachments/{attachmentId}":      func(c leakCase) string { return c.v.attachmentID },
	"disclosure-requests/{requestId}": func(c leakCase) string { return c.v.requestID },
	"transfers/{transferId}":          func(c leakCase) string { return c.v.transferID },
	// A user's report names organisation A's caseworker, who used A's client.
	"users/{userId}":               func(c leakCase) string { return c.w.cwA.UserID },
	"subject-requests/{requestId}": func(c leakCase) string { return c.v.subjectRequestID },
	// A wildcard after another one is named alone (its prefix is filled).
	"{action}": func(leakCase) string { return "identity" },
}

// leakQueries name organisation A's records in the query string of routes
// that take them there (filters).
var leakQueries = map[string]func(c leakCase) string{
	"GET /disclosure-log":            func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /disclosure-log.csv":        func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /api/v1/disclosure-log":     func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /api/v1/disclosure-log.csv": func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /access-log":                func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /access-log.csv":            func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /access-log.xlsx":           func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /api/v1/access-log":         func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /api/v1/access-log.csv":     func(c leakCase) string { return "client=" + c.v.clientID },
	"GET /api/v1/access-log.xlsx":    func(c leakCase) string { return "client=" + c.v.clientID },
}

// disclosureRoutes are the routes through which a recorded disclosure is
// delivered to its recipient: an answer there may hold the client's data
// when a disclosure of that client to the caller's organisation exists.
var disclosureRoutes = map[string]bool{
	"GET /api/v1/disclosures":      true,
	"GET /api/v1/disclosures/{id}": true,
	"GET /disclosures":             true,
	"GET /disclosures/{id}":        true,
	"GET /disclosures/{id}/pdf":    true,
}

// providerUser is the role key of the provider organisation's user (role
// provider) in world.users.
const providerUser access.Role = "provider-org-user"

func TestNoRouteLeaksAnotherOrganisation(t *testing.T) {
	routes := routeTable(t)
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newWorld(t, engine)
		v := newVictim(t, w)
		// The provider organisation's user, beside the world's staff.
		name := "leak.provider"
		p := &roleUser{actor: w.env.AddUser(t, "p01", name, access.Provider), token: w.env.Token(t, name)}
		p.session = w.login(t, name)
		w.users[providerUser] = p
		attackers := append(append([]access.Role{}, access.AllRoles...), providerUser)

		// The markers are real: organisation A's own supervisor reads them
		// through the same handler.
		a := &roleUser{actor: w.supB, token: w.env.Token(t, w.supB.Username)}
		for path, marker := range map[string]string{
			"/api/v1/clients/" + v.clientID:                          v.lastName,
			"/api/v1/clients/" + v.clientID + "/notes/" + v.noteID:   v.noteMarker,
			"/api/v1/clients/" + v.clientID + "/plans/" + v.planID:   v.planMarker,
			"/api/v1/clients/" + v.clientID + "/national-repository": v.hetu,
		} {
			if res := w.do(t, w.apiRequest("GET", path, nil, a, sameOrg)); !strings.Contains(res.body, marker) {
				t.Fatalf("control: organisation A's supervisor does not read %q at %s (%d): the markers prove nothing", marker, path, res.StatusCode)
			}
		}

		var missing []string
		for _, rt := range routes {
			if rt.Pattern == "POST /logout" {
				continue // prepare logs a session of its own out; nothing to read
			}
			for _, role := range attackers {
				// The request's body comes from prepare; the provider's user
				// sends the one a caseworker of B would (prepare makes
				// objects in B for the user, which a provider's user cannot
				// be assigned to).
				as := role
				if role == providerUser {
					as = access.Caseworker
				}
				c := leakCase{w: w, v: v, role: role, pr: w.prepare(t, rt, as, otherOrg)}
				if q := leakQueries[rt.Pattern]; q != nil {
					c.pr.query = q(c)
				}
				path, unknown := leakPath(rt.Pattern, c)
				if unknown != "" {
					missing = append(missing, fmt.Sprintf("%s: no fixture for the path parameter %s; add a line to leakParams (authz_leak_test.go) that names organisation A's record", rt.Pattern, unknown))
					if c.pr.cleanup != nil {
						c.pr.cleanup()
					}
					break
				}
				body := w.sendLeak(t, rt, role, c.pr, path)
				if c.pr.cleanup != nil {
					c.pr.cleanup()
				}
				for _, m := range v.markers {
					if !strings.Contains(body, m) {
						continue
					}
					if disclosureRoutes[rt.Pattern] && w.disclosedTo(t, v.clientID, w.users[role].actor.OrgID) {
						continue
					}
					t.Errorf("LEAK: %s as %s of organisation %s answered organisation A's personal data %q without a recorded disclosure",
						rt.Pattern, role, w.users[role].actor.OrgCode, m)
					break
				}
			}
		}
		for _, m := range missing {
			t.Error(m)
		}
	})
}

// leakPath fills the pattern's path parameters from leakParams; unknown is
// the first parameter without a fixture.
func leakPath(pattern string, c leakCase) (path, unknown string) {
	_, path, _ = strings.Cut(pattern, " ")
	if c.pr.path != "" {
		path = c.pr.path
	}
	for _, param := range wildcards(path) {
		i := strings.Index(path, param)
		prev := path[:i]
		prev = prev[strings.LastIndex(strings.TrimSuffix(prev, "/"), "/")+1:]
		key := prev + param
		if param == "{$}" {
			key = param
		}
		fill, ok := leakParams[key]
		if !ok && param == "{action}" {
			fill, ok = leakParams[param]
		}
		if !ok {
			return "", key
		}
		path = strings.Replace(path, param, fill(c), 1)
	}
	if c.pr.query != "" {
		path += "?" + c.pr.query
	}
	return path, ""
}

// sendLeak sends the request of the route as the user of role and returns
// the body of the answer.
func (w *world) sendLeak(t *testing.T, rt routeInfo, role access.Role, pr probe, path string) string {
	t.Helper()
	method, _, _ := strings.Cut(rt.Pattern, " ")
	u := w.users[role]
	var req *http.Request
	if rt.API {
		req = w.apiRequest(method, path, pr.body, u, otherOrg)
		if pr.ifMatch != "" {
			req.Header.Set("If-Match", pr.ifMatch)
		}
	} else {
		session := u.session
		if pr.session != nil {
			session = pr.session
		}
		req = w.uiRequest(method, path, pr.body, session)
	}
	return w.do(t, req).body
}

// newVictim makes organisation A's (002's) client and its records, each
// with a marker, and a disclosure of the client to the provider p01.
func newVictim(t *testing.T, w *world) *victim {
	t.Helper()
	ctx := context.Background()
	v := &victim{firstNames: "Salamarkkeri", lastName: "Testinenvuotokas", noteMarker: "Vuotomerkkimuistio",
		planMarker: "Vuotomerkkitavoite", reasonText: "Vuotomerkkisyy asiakas soitti."}
	v.hetu = testHETU(5, 5, 40, 977)
	c, _, err := w.env.Clients.Create(ctx, w.supB, client.Details{FirstNames: v.firstNames, LastName: v.lastName, HETU: v.hetu,
		BirthDate: civil.Date{Year: 1940, Month: 5, Day: 5}, Permits: []client.Permit{{Kind: client.KindFirst, Ground: client.GroundWork}}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v.clientID = c.ID
	v.markers = []string{v.firstNames, v.lastName, v.hetu, v.noteMarker, v.planMarker, "Vuotomerkkisyy"}
	n, err := w.env.Notes.Create(ctx, w.supB, c.ID, note.Input{Type: "phone", Date: "2025-01-02", Text: v.noteMarker + " asiakkaan asia."})
	if err != nil {
		t.Fatal(err)
	}
	v.noteID = n.ID
	d := func(s string) civil.Date { x, _ := civil.ParseDate(s); return x }
	pv, err := w.env.Plans.Create(ctx, w.supB, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-01-01"), EndDate: d("2026-03-31"),
		Goals: []string{v.planMarker}})
	if err != nil {
		t.Fatal(err)
	}
	v.planID = pv.PlanID
	v.referralID = w.referralOf(t, otherOrg, c.ID)
	v.consentID = w.consentOf(t, otherOrg, c.ID)
	v.assessmentID = w.assessmentOf(t, c.ID, otherOrg)
	v.permitID = w.permitOf(t, c.ID)
	v.reasonID = w.reasonWith(t, w.cwB, c.ID, v.reasonText)
	v.linkID = w.householdLink(t, access.Supervisor, otherOrg, c.ID)
	v.attachmentID = w.attachmentOf(t, otherOrg, c.ID)
	v.requestID = w.requestOf(t, otherOrg, c.ID, true)
	v.subjectRequestID = w.subjectRequestOf(t, otherOrg)
	if _, ok := w.env.OrgByCode["003"]; !ok {
		w.env.AddOrg(t, "003")
	}
	tr, err := w.env.Handover.Request(ctx, w.supB, c.ID, "003")
	if err != nil {
		t.Fatal(err)
	}
	v.transferID = tr.ID

	// A disclosure of the client to the provider p01 (recorded as the
	// disclosure service will: the package's content sealed).
	var provID string
	if err := w.env.DB.SQL().QueryRow(w.rebind(`SELECT id FROM organisations WHERE code = ?`), "p01").Scan(&provID); err != nil {
		t.Fatal(err)
	}
	dis := disclosure.Disclosure{ID: store.NewID(), ClientID: c.ID, Kind: disclosure.KindProvider, RecipientOrgID: provID,
		Basis: disclosure.BasisIntegrationAct86, Items: []string{"names", "hetu"}, Channel: disclosure.ChannelKoto, ReferralID: v.referralID,
		DisclosedBy: w.supB.UserID, DisclosedUsername: w.supB.Username, CreatedAt: time.Now().UTC()}
	if dis.Content, dis.ContentHash, err = disclosure.Seal(map[string]string{"names": v.firstNames + " " + v.lastName, "hetu": v.hetu}); err != nil {
		t.Fatal(err)
	}
	if err := w.env.DB.InOrgTx(ctx, w.supB.OrgID, func(tx *store.Tx) error { return tx.InsertDisclosure(w.supB.OrgID, &dis) }); err != nil {
		t.Fatal(err)
	}
	v.disclosureID = dis.ID
	return v
}

// disclosedTo reports whether a disclosure of the client to the
// organisation is recorded.
func (w *world) disclosedTo(t *testing.T, clientID, orgID string) bool {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM disclosures WHERE client_id = ? AND recipient_org_id = ?`
	if err := w.env.DB.SQL().QueryRow(w.rebind(q), clientID, orgID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// reasonWith states a reason for access with the given text.
func (w *world) reasonWith(t *testing.T, by access.Actor, clientID, text string) string {
	t.Helper()
	r, err := w.env.Clients.GiveReason(context.Background(), by, clientID, "client_contact", text)
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// testHETU is a valid synthetic HETU (individual number 900–999) of a
// birth date in the 1900s.
func testHETU(day, month, year2, individual int) string {
	n := ((day*100+month)*100+year2)*1000 + individual
	return fmt.Sprintf("%02d%02d%02d-%03d%c", day, month, year2, individual, "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}
