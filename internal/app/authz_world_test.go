package app

import (
	"bytes"
	"context"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/api"
	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/auth"
	"koto/internal/authority"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/config"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/handover"
	"koto/internal/i18n"
	"koto/internal/note"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/restriction"
	"koto/internal/store"
	"koto/internal/testenv"
	"koto/internal/web"
)

// routeInfo is one route of either table.
type routeInfo struct {
	Pattern string
	Action  access.Action
	Public  bool
	API     bool
}

// routeTable lists every route the real handler serves: the UI's and the
// API's route tables, sorted like the matrix file.
func routeTable(t *testing.T) []routeInfo {
	t.Helper()
	env := testenv.New(t, "sqlite")
	ui, err := web.New(web.Deps{Services: env.Services, Catalog: i18n.MustLoad()})
	if err != nil {
		t.Fatal(err)
	}
	var out []routeInfo
	for _, r := range ui.Routes() {
		out = append(out, routeInfo{Pattern: r.Pattern, Action: r.Action, Public: r.Public})
	}
	for _, r := range api.New(api.Deps{Services: env.Services, Catalog: i18n.MustLoad()}).Routes() {
		out = append(out, routeInfo{Pattern: r.Pattern, Action: r.Action, Public: r.Public, API: true})
	}
	slices.SortFunc(out, func(a, b routeInfo) int { return comparePatterns(a.Pattern, b.Pattern) })
	for i := 1; i < len(out); i++ {
		if out[i].Pattern == out[i-1].Pattern {
			t.Fatalf("route %q is registered twice", out[i].Pattern)
		}
	}
	return out
}

// world is one core with the real HTTP handler and the cast of the matrix:
// organisation 001 with one user per role (the actors) and fixture users,
// organisation 002 with its own clients and a stated reason.
type world struct {
	env   *testenv.Env
	srv   http.Handler
	users map[access.Role]*roleUser
	// fixture actors: supervisors who create clients, caseworkers who
	// state reasons, and the colleague named by {userId}.
	supA, supB, cwA, cwB, colleague access.Actor
	shared                          map[string]string // (role, relation) → client id for requests not in ownClient
	reasonA, reasonB                string            // stated reasons in 001 and 002
	teamA, teamB                    string            // teams in 001 and 002
	seq                             int
	deciders                        map[string]access.Actor // organisation code → a second supervisor who approves requests
	dpos                            map[string]access.Actor // organisation code → a data-protection officer who restricts processing and registers data subjects' requests
}

type roleUser struct {
	actor   access.Actor
	session *http.Cookie
	token   string
}

// newWorld starts a core on engine and builds the handler exactly as
// "koto serve" does (c.handler()), with the configuration's defaults
// except that a second factor is not required: the matrix is about
// authorization, and the second factor has tests of its own. The core's
// services are testenv's, whose auth policy is auth.DefaultPolicy (second
// factor not required), as open() makes it for KOTO_MFA_REQUIRED=false.
func newWorld(t *testing.T, engine string) *world {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "001")
	env.AddOrg(t, "002")
	env.AddProvider(t, "p01", "Tuottaja Oy")
	env.AddProvider(t, "p02", "Toinen Tuottaja Oy")
	fs := flag.NewFlagSet("koto serve", flag.ContinueOnError)
	cfg := config.Register(fs, func(k string) string {
		if k == "KOTO_MFA_REQUIRED" {
			return "false"
		}
		return ""
	})
	if err := fs.Parse([]string{"--data-dir", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	c := testCore(cfg, env)
	h, err := c.handler()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{env: env, srv: h, users: map[access.Role]*roleUser{}, shared: map[string]string{}}
	w.supA = env.AddUser(t, "001", "fixture.sup.a", access.Supervisor)
	w.cwA = env.AddUser(t, "001", "fixture.cw.a", access.Caseworker)
	w.colleague = env.AddUser(t, "001", "fixture.colleague", access.Caseworker)
	w.supB = env.AddUser(t, "002", "fixture.sup.b", access.Supervisor)
	w.cwB = env.AddUser(t, "002", "fixture.cw.b", access.Caseworker)
	for _, role := range access.AllRoles {
		name := "matrix." + strings.ReplaceAll(string(role), "_", "-")
		home := "001"
		if role == access.Provider { // a provider's users work in a provider organisation (ADR 31)
			home = "p01"
		}
		u := &roleUser{actor: env.AddUser(t, home, name, role), token: env.Token(t, name)}
		u.session = w.login(t, name)
		w.users[role] = u
	}
	w.reasonA = w.reason(t, w.cwA, w.newClient(t, w.supA))
	w.reasonB = w.reason(t, w.cwB, w.newClient(t, w.supB))
	for _, x := range []struct {
		sup  access.Actor
		team *string
	}{{w.supA, &w.teamA}, {w.supB, &w.teamB}} {
		team, err := env.Clients.CreateTeam(context.Background(), x.sup, "Matriisitiimi")
		if err != nil {
			t.Fatal(err)
		}
		*x.team = team.ID
	}
	return w
}

// login logs username in through the login form and returns the session
// cookie of a fully logged-in session.
func (w *world) login(t *testing.T, username string) *http.Cookie {
	t.Helper()
	c, loc := w.postLogin(t, username)
	if loc != "/clients" {
		t.Fatalf("login %s: sent to %q (a second factor or a password change pending?)", username, loc)
	}
	return c
}

// loginPending logs in a user with a second factor: the session waits for
// the code.
func (w *world) loginPending(t *testing.T, username string) *http.Cookie {
	t.Helper()
	c, loc := w.postLogin(t, username)
	if !strings.HasPrefix(loc, "/login/totp") {
		t.Fatalf("login %s: sent to %q, want the second-factor page", username, loc)
	}
	return c
}

func (w *world) postLogin(t *testing.T, username string) (*http.Cookie, string) {
	t.Helper()
	res := w.do(t, w.uiRequest("POST", "/login", formBody{"username": {username}, "password": {testenv.Password}, "next": {"/clients"}}, nil))
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, "koto_session") && c.Value != "" && res.StatusCode == http.StatusSeeOther {
			return c, res.Header.Get("Location")
		}
	}
	t.Fatalf("login %s: status %d, no session cookie", username, res.StatusCode)
	return nil, ""
}

// sessionID starts a new session of a and returns its public id.
func (w *world) sessionID(t *testing.T, a access.Actor) string {
	t.Helper()
	ctx := context.Background()
	secret, _, err := w.env.Auth.Login(ctx, a.Username, testenv.Password, "192.0.2.1", access.ChannelUI, "matrix")
	if err != nil {
		t.Fatal(err)
	}
	sessions, err := w.env.Auth.MySessions(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sessions {
		if s.TokenHash == auth.HashSecret(secret) {
			return s.ID
		}
	}
	t.Fatalf("new session of %s not listed", a.Username)
	return ""
}

// targetUser adds a caseworker to org for user administration to act on.
func (w *world) targetUser(t *testing.T, org string) string {
	t.Helper()
	name := "target." + strings.ToLower(w.name())
	w.env.AddUser(t, org, name, access.Caseworker)
	return name
}

// totpKey returns the key of u's enrolment under way (starting one), as
// the authenticator app gets it.
func (w *world) totpKey(t *testing.T, u *roleUser) []byte {
	t.Helper()
	st, err := w.env.Auth.TOTP(context.Background(), u.actor)
	if err != nil {
		t.Fatal(err)
	}
	if st.Secret == "" {
		t.Fatalf("%s: no TOTP enrolment under way (second factor already on?)", u.actor.Username)
	}
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(st.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// totpCode is the code the app shows for key, offset steps from now.
func totpCode(key []byte, offset int64) string {
	return auth.TOTPCode(key, auth.TOTPStep(time.Now())+offset, 6)
}

// enrolTOTP gives u a second factor and returns its key; u's own session
// counts as verified. The enrolment uses the previous step's code, so the
// current one is left for a login.
func (w *world) enrolTOTP(t *testing.T, u *roleUser) []byte {
	t.Helper()
	key := w.totpKey(t, u)
	if _, err := w.env.Auth.ConfirmTOTP(context.Background(), u.actor, totpCode(key, -1), u.session.Value); err != nil {
		t.Fatalf("enrol %s: %v", u.actor.Username, err)
	}
	return key
}

// disableTOTP turns u's second factor off (a no-op without one).
func (w *world) disableTOTP(t *testing.T, u *roleUser) {
	t.Helper()
	if err := w.env.Auth.DisableTOTP(context.Background(), u.actor, testenv.Password); err != nil {
		t.Errorf("disable second factor of %s: %v", u.actor.Username, err)
	}
}

// newClient registers a client in by's organisation (by is a supervisor:
// nobody becomes responsible for it).
func (w *world) newClient(t *testing.T, by access.Actor) string {
	t.Helper()
	last := w.name()
	c, _, err := w.env.Clients.Create(context.Background(), by, client.Details{
		FirstNames: "Matriisi", LastName: last, BirthDate: w.born(),
		Permits: []client.Permit{{Kind: client.KindFirst, Ground: client.GroundWork}}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// born is a birth date of its own for the client named last by name: the
// duplicate check is typo-tolerant, and the names differ in a letter or
// two, so no two clients of the test share a birth date.
func (w *world) born() civil.Date {
	return civil.Date{Year: 1950 + w.seq/336, Month: time.Month(1 + w.seq/28%12), Day: 1 + w.seq%28}
}

// permitOf returns the id of a permit of the client (newClient gives each
// one).
func (w *world) permitOf(t *testing.T, clientID string) string {
	t.Helper()
	var id string
	if err := w.env.DB.SQL().QueryRow(w.rebind(`SELECT id FROM permits WHERE client_id = ?`), clientID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// noteOf writes a note on the client by a supervisor of its
// organisation and returns its id.
func (w *world) noteOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	n, err := w.env.Notes.Create(context.Background(), sup, clientID, note.Input{Type: "phone", Date: "2025-01-02", Text: "Matriisin muistio."})
	if err != nil {
		t.Fatal(err)
	}
	return n.ID
}

// attachmentOf uploads an attachment of the client, by a supervisor of
// the client's organisation.
func (w *world) attachmentOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	a, err := w.env.Attachments.Upload(context.Background(), sup, clientID, attachment.Input{Category: attachment.Other, Content: testPDF()})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// consentOf gives a consent of the client, by a supervisor of the
// client's organisation.
func (w *world) consentOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	c, err := w.env.Consents.Give(context.Background(), sup, clientID, consent.Input{Type: consent.EService, Given: "2025-01-02"})
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

// restrict restricts the processing of the client, by a data-protection
// officer of the client's organisation.
func (w *world) restrict(t *testing.T, rel relation, clientID string) {
	t.Helper()
	org := "001"
	if rel == otherOrg {
		org = "002"
	}
	_, err := w.env.Restrictions.Place(context.Background(), w.dpo(t, org), clientID,
		restriction.PlaceInput{Ground: restriction.GroundObjection, Reason: "Vastustaa käsittelyä."})
	if err != nil {
		t.Fatal(err)
	}
}

// dpo is a data-protection officer of organisation org, made once.
func (w *world) dpo(t *testing.T, org string) access.Actor {
	t.Helper()
	if w.dpos == nil {
		w.dpos = map[string]access.Actor{}
	}
	dpo, ok := w.dpos[org]
	if !ok {
		dpo = w.env.AddUser(t, org, "fixture.dpo."+org, access.DPO)
		w.dpos[org] = dpo
	}
	return dpo
}

// requestOf registers an authority's request for the client's data, by
// a supervisor of the client's organisation (never the matrix's own
// supervisor, who may then decide it); approved, it is decided by a second
// supervisor of that organisation, so that the downloads have a
// disclosure.
func (w *world) requestOf(t *testing.T, rel relation, clientID string, approved bool) string {
	t.Helper()
	ctx := context.Background()
	sup, org := w.supA, "001"
	if rel == otherOrg {
		sup, org = w.supB, "002"
	}
	r, err := w.env.Authority.Register(ctx, sup, clientID, authority.Input{Requester: "Maahanmuuttovirasto", Provision: "Ulkomaalaislaki 301/2004 130 §",
		Received: "2025-01-02", Channel: "secure-email", Items: []string{authority.ItemCard, authority.ItemNotes}})
	if err != nil {
		t.Fatal(err)
	}
	if approved {
		if w.deciders == nil {
			w.deciders = map[string]access.Actor{}
		}
		decider, ok := w.deciders[org]
		if !ok {
			decider = w.env.AddUser(t, org, "fixture.decider."+org, access.Supervisor)
			w.deciders[org] = decider
		}
		if _, err := w.env.Authority.Decide(ctx, decider, clientID, r.ID, authority.DecisionInput{Decision: authority.Approve}); err != nil {
			t.Fatal(err)
		}
	}
	return r.ID
}

// transferTo is a fresh open transfer request of a fresh client of 002:
// to 001 (assigned and same_org: the own organisation receives it), or to
// 003 (other_org: the own organisation is no party to it).
func (w *world) transferTo(t *testing.T, rel relation) string {
	t.Helper()
	if _, ok := w.env.OrgByCode["003"]; !ok {
		w.env.AddOrg(t, "003")
	}
	c, _, err := w.env.Clients.Create(context.Background(), w.supB, client.Details{FirstNames: "Muuttaja", LastName: w.name(), BirthDate: w.born()}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	to := "001"
	if rel == otherOrg {
		to = "003"
	}
	tr, err := w.env.Handover.Request(context.Background(), w.supB, c.ID, to)
	if err != nil {
		t.Fatal(err)
	}
	return tr.ID
}

// handoverDocument is an integration-records document of a fresh client
// of 002, as its supervisor exports it: one 001 can import.
func (w *world) handoverDocument(t *testing.T) apiBody {
	t.Helper()
	c, _, err := w.env.Clients.Create(context.Background(), w.supB, client.Details{FirstNames: "Siirtyvä", LastName: w.name(), BirthDate: w.born()}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := w.env.Handover.Export(context.Background(), w.supB, c.ID, handover.Recipient{Name: "TE-toimisto"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(doc)
	var out apiBody
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// name returns a new last name (letters only), so no two clients of the
// test look like duplicates (with born).
func (w *world) name() string {
	w.seq++
	s := ""
	for n := w.seq; n > 0; n /= 26 {
		s = string(rune('a'+n%26)) + s
	}
	return "Testinen" + s
}

func (w *world) reason(t *testing.T, by access.Actor, clientID string) string {
	t.Helper()
	r, err := w.env.Clients.GiveReason(context.Background(), by, clientID, "client_contact", "Asiakas soitti ja kysyi tapaamisesta.")
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// clientFor returns a client in relation rel to the user of role: a fresh
// one for requests that may change it (or the user's relation to it), else
// one shared by every read of that role and relation.
func (w *world) clientFor(t *testing.T, role access.Role, rel relation, fresh bool) string {
	t.Helper()
	key := string(role) + "/" + string(rel)
	if rel == anon {
		key = "anon"
	}
	if id := w.shared[key]; id != "" && !fresh {
		return id
	}
	var id string
	switch rel {
	case otherOrg:
		id = w.newClient(t, w.supB)
	case assigned:
		id = w.newClient(t, w.supA)
		w.assign(t, id, w.users[role].actor)
	default:
		id = w.newClient(t, w.supA)
	}
	if !fresh {
		w.shared[key] = id
	}
	return id
}

// assign makes u a responsible caseworker of the client. Only caseworkers
// and supervisors can be assigned through the service; for the other roles
// the row is written directly — the state left behind when a responsible
// caseworker's roles are later changed — so the matrix also shows that a
// relation never widens what a role allows.
func (w *world) assign(t *testing.T, clientID string, u access.Actor) {
	t.Helper()
	if u.Has(access.Caseworker) || u.Has(access.Supervisor) {
		if err := w.env.Clients.Assign(context.Background(), w.supA, clientID, u.UserID, true); err != nil {
			t.Fatal(err)
		}
		return
	}
	q := `INSERT INTO client_assignments (client_id, org_id, user_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)`
	if _, err := w.env.DB.SQL().Exec(w.rebind(q), clientID, u.OrgID, u.UserID, time.Now(), w.supA.UserID); err != nil {
		t.Fatal(err)
	}
}

func (w *world) rebind(q string) string {
	if w.env.Engine != "postgres" {
		return q
	}
	for n := 1; strings.Contains(q, "?"); n++ {
		q = strings.Replace(q, "?", fmt.Sprintf("$%d", n), 1)
	}
	return q
}

// deniedFor counts the access log's denied entries about a client written
// by one request.
func (w *world) deniedFor(t *testing.T, clientID, requestID string) int {
	t.Helper()
	var n int
	q := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND client_id = ? AND request_id = ?`
	if err := w.env.DB.SQL().QueryRow(w.rebind(q), clientID, requestID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// result is the class of one response and what to print when it is not
// the expected one.
type result struct {
	class  byte
	detail string
}

// probe is the request of one route for one user and relation.
type probe struct {
	params  map[string]string // path wildcard → value
	path    string            // the path itself, for a pattern that matches a subtree
	query   string
	body    any          // formBody, apiBody or nil
	session *http.Cookie // UI: the session to send instead of the user's own
	cleanup func()       // restores the user's state afterwards
	ifMatch string       // API: the If-Match header, when set
}

// send builds the request of route rt for the user of role in relation
// rel, sends it through the handler and classifies the answer. For an N on
// a client's route it also checks that the attempt was logged as denied.
func (w *world) send(t *testing.T, rt routeInfo, role access.Role, rel relation) result {
	t.Helper()
	method, pattern, _ := strings.Cut(rt.Pattern, " ")
	u := w.users[role]
	pr := w.prepare(t, rt, role, rel)
	if pr.cleanup != nil {
		defer pr.cleanup()
	}
	path := pattern
	for _, param := range wildcards(pattern) {
		v, ok := pr.params[param]
		if !ok {
			t.Fatalf("%s: no value for path parameter %s; teach authz_world_test.go (prepare) what it names", rt.Pattern, param)
		}
		path = strings.Replace(path, param, v, 1)
	}
	if pr.path != "" {
		path = pr.path
	}
	if pr.query != "" {
		path += "?" + pr.query
	}
	var req *http.Request
	if rt.API {
		req = w.apiRequest(method, path, pr.body, u, rel)
		if pr.ifMatch != "" {
			req.Header.Set("If-Match", pr.ifMatch)
		}
	} else {
		session := pr.session
		if session == nil && rel != anon {
			session = u.session
		}
		req = w.uiRequest(method, path, pr.body, session)
	}
	res := w.do(t, req)
	r := classify(rt, res)
	if r.class == notFound && strings.Contains(pattern, "/clients/{id}") && rel != anon {
		if n := w.deniedFor(t, pr.params["{id}"], res.Header.Get("X-Request-Id")); n == 0 {
			t.Errorf("%s as %s (%s): 404 without a denied access-log entry for the client", rt.Pattern, role, rel)
		}
	}
	return r
}

// wildcards returns the {…} segments of a pattern's path in order.
func wildcards(path string) []string {
	var out []string
	for {
		i := strings.Index(path, "{")
		if i < 0 {
			return out
		}
		j := strings.Index(path[i:], "}")
		out = append(out, path[i:i+j+1])
		path = path[i+j+1:]
	}
}

// ownClient lists the routes whose request changes what a later request
// on the same client would get (the user's relation, or the version a form
// or document must name), so each request gets a client of its own.
var ownClient = map[string]bool{
	"POST /clients/{id}":                                             true,
	"POST /clients/{id}/edit/{section}":                              true,
	"POST /clients/{id}/access-reason":                               true,
	"POST /clients/{id}/sensitive":                                   true,
	"POST /clients/{id}/permits":                                     true,
	"POST /clients/{id}/permits/{pid}":                               true,
	"POST /clients/{id}/permits/{pid}/remove":                        true,
	"POST " + api.Prefix + "/clients/{id}/access-reasons":            true,
	"PUT " + api.Prefix + "/clients/{id}/sensitive":                  true,
	"PUT " + api.Prefix + "/clients/{id}/background":                 true,
	"PUT " + api.Prefix + "/clients/{id}/assessments/{assessmentId}": true,
	// A restriction of processing would refuse the other rows' changes of
	// a shared client; lifting needs a restriction of its own.
	"POST /clients/{id}/restriction":                     true,
	"POST /clients/{id}/restriction/removal":             true,
	"PUT " + api.Prefix + "/clients/{id}/restriction":    true,
	"DELETE " + api.Prefix + "/clients/{id}/restriction": true,
	// Merging changes both records, and confirm and undo need a merge of
	// their own.
	"POST /clients/{id}/merge":                           true,
	"POST /clients/{id}/merge/confirm":                   true,
	"POST /clients/{id}/merge/undo":                      true,
	"POST " + api.Prefix + "/clients/{id}/merge":         true,
	"POST " + api.Prefix + "/clients/{id}/merge/confirm": true,
	"POST " + api.Prefix + "/clients/{id}/merge/undo":    true,
	// A placement is saved as version 1; a link needs clients not yet
	// linked.
	"POST /clients/{id}/placement":                              true,
	"PUT " + api.Prefix + "/clients/{id}/placement":             true,
	"POST /clients/{id}/household":                              true,
	"POST " + api.Prefix + "/clients/{id}/household":            true,
	"POST /clients/{id}/household/{linkId}/remove":              true,
	"DELETE " + api.Prefix + "/clients/{id}/household/{linkId}": true,
	// A client has at most one open transfer request.
	"POST /clients/{id}/transfers":                   true,
	"POST " + api.Prefix + "/clients/{id}/transfers": true,
}

// formBody is a UI form; apiBody is a JSON document; uploadBody is a
// multipart/form-data upload (both surfaces) with one file.
type (
	formBody   url.Values
	apiBody    map[string]any
	uploadBody struct {
		fields   map[string]string
		fileName string
		content  []byte
	}
)

// encode returns the multipart body and its content type.
func (u uploadBody) encode() (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range u.fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", u.fileName)
	_, _ = fw.Write(u.content)
	_ = mw.Close()
	return &b, mw.FormDataContentType()
}

// testPDF is a small valid PDF.
func testPDF() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// prepare returns a plausible, valid request of rt (authorization must be
// what decides, not validation) and makes the objects it names:
//
//   - a client ({id} under /clients/): assigned → the user is responsible
//     for it; same_org → a client of the user's organisation, no relation;
//     other_org → a client of another organisation; anon → any client.
//     Requests listed in ownClient get a client of their own.
//   - a stated reason: assigned and same_org → one of the own
//     organisation, other_org → one of another organisation.
//   - a user ({username}): assigned and same_org → a user of the own
//     organisation, other_org → one of another organisation; fresh for
//     every request.
//   - a session ({id} under /account/sessions/): assigned → one of the
//     user's own, same_org → a colleague's, other_org → one of a user of
//     another organisation.
//
// A route that changes something must be listed here even when it takes no
// body.
func (w *world) prepare(t *testing.T, rt routeInfo, role access.Role, rel relation) probe {
	t.Helper()
	method, pattern, _ := strings.Cut(rt.Pattern, " ")
	u := w.users[role]
	pr := probe{params: map[string]string{"{$}": "", "{userId}": w.colleague.UserID, "{list}": "countries"}}
	if strings.Contains(pattern, "/clients/{id}") {
		pr.params["{id}"] = w.clientFor(t, role, rel, ownClient[rt.Pattern])
		if strings.Contains(pattern, "{pid}") {
			pr.params["{pid}"] = w.permitOf(t, pr.params["{id}"])
		}
		if strings.Contains(pattern, "{referralId}") {
			pr.params["{referralId}"] = w.referralOf(t, rel, pr.params["{id}"])
			if strings.HasSuffix(pattern, "/disclosure") { // the package goes with a sent referral
				pr.params["{referralId}"] = w.sentReferralOf(t, rel, pr.params["{id}"])
			}
		}
		if strings.Contains(pattern, "{disclosureId}") {
			pr.params["{disclosureId}"] = w.disclosureOf(t, rel, pr.params["{id}"], "p01")
		}
		if strings.Contains(pattern, "{noteId}") {
			pr.params["{noteId}"] = w.noteOf(t, rel, pr.params["{id}"])
		}
		if strings.Contains(pattern, "{consentId}") {
			pr.params["{consentId}"] = w.consentOf(t, rel, pr.params["{id}"])
		}
		if strings.Contains(pattern, "{attachmentId}") {
			pr.params["{attachmentId}"] = w.attachmentOf(t, rel, pr.params["{id}"])
		}
		if strings.Contains(pattern, "{requestId}") {
			// The downloads need an approved request; the decision an open one.
			pr.params["{requestId}"] = w.requestOf(t, rel, pr.params["{id}"], strings.Contains(pattern, "/disclosure."))
		}
		if strings.Contains(pattern, "{planId}") {
			// A fresh plan of the client, version 1 with the warning {code}.
			pr.params["{planId}"], pr.params["{n}"], pr.params["{code}"] = w.planOf(t, rel, pr.params["{id}"]), "1", "first_plan_over_1y"
		}
		if strings.Contains(pattern, "{assessmentId}") {
			pr.params["{assessmentId}"] = w.assessmentOf(t, pr.params["{id}"], rel)
		}
		if strings.Contains(pattern, "{linkId}") {
			pr.params["{linkId}"] = w.householdLink(t, role, rel, pr.params["{id}"])
		}
	}
	if strings.HasPrefix(pattern, "/disclosures/{id}") || strings.HasPrefix(pattern, api.Prefix+"/disclosures/{id}") {
		// A package to the provider user's organisation (p01); other_org →
		// one to another provider.
		to := "p01"
		if rel == otherOrg {
			to = "p02"
		}
		pr.params["{id}"] = w.disclosureOf(t, assigned, w.newClient(t, w.supA), to)
	}
	if strings.Contains(pattern, "{section}") {
		pr.params["{section}"] = "language" // a section of the client form
	}
	if strings.Contains(pattern, "{transferId}") {
		pr.params["{transferId}"] = w.transferTo(t, rel)
	}
	if strings.HasPrefix(pattern, "/subject-requests/{requestId}") || strings.HasPrefix(pattern, api.Prefix+"/subject-requests/{requestId}") {
		pr.params["{requestId}"], pr.params["{action}"] = w.subjectRequestOf(t, rel), "identity"
	}
	reason := w.reasonA
	if rel == otherOrg {
		reason = w.reasonB
	}
	if strings.Contains(pattern, "{reasonId}") || strings.HasPrefix(pattern, api.Prefix+"/access-reasons/{id}") {
		pr.params["{reasonId}"], pr.params["{id}"] = reason, reason
	}
	if strings.HasPrefix(pattern, api.Prefix+"/teams/{id}") {
		pr.params["{id}"] = w.teamA
		if rel == otherOrg {
			pr.params["{id}"] = w.teamB
		}
	}
	if strings.Contains(pattern, "{teamId}") {
		pr.params["{teamId}"] = w.teamA
		if rel == otherOrg {
			pr.params["{teamId}"] = w.teamB
		}
	}
	if strings.Contains(pattern, "/access-log/users/{userId}") && rel == otherOrg {
		pr.params["{userId}"] = w.cwB.UserID // a user of another organisation
	}
	if strings.Contains(pattern, "{username}") {
		org := "001"
		if rel == otherOrg {
			org = "002"
		}
		pr.params["{username}"] = w.targetUser(t, org)
	}
	newClientForm := func() formBody {
		last := w.name()
		return formBody{"firstNames": {"Matriisi"}, "lastName": {last}, "birthDate": {w.born().String()},
			"motherTongue": {"ar"}, "serviceLanguage": {"fi"}}
	}
	switch rt.Pattern {
	case "GET /static/":
		pr.path = "/static/koto.css"
	case "POST /login":
		pr.body = formBody{"username": {u.actor.Username}, "password": {testenv.Password}, "next": {"/clients"}}
	case "POST /language":
		pr.body = formBody{"lang": {"en"}, "next": {"/clients"}}
	case "POST /logout":
		pr.body = formBody{}
		if rel != anon {
			pr.session = w.login(t, u.actor.Username) // logging out ends the session: use one of its own
		}
	case "POST /account/organisation":
		// Acting for the own organisation (clears any choice).
		pr.body = formBody{"org": {""}}
	case "POST /account/password":
		// The same password again: allowed, and the user's state stays as it was.
		pr.body = formBody{"currentPassword": {testenv.Password}, "newPassword": {testenv.Password}, "repeatPassword": {testenv.Password}}
	case "POST /account/sessions/{id}/end":
		pr.body = formBody{}
		owner := u.actor
		switch rel {
		case sameOrg:
			owner = w.colleague
		case otherOrg:
			owner = w.cwB
		}
		pr.params["{id}"] = w.sessionID(t, owner)
	case "POST /account/totp":
		// Confirm the enrolment that GET /account/totp starts, with the
		// code the authenticator app would show; then turn it off again.
		if rel != anon {
			pr.body = formBody{"code": {totpCode(w.totpKey(t, u), 0)}}
			pr.cleanup = func() { w.disableTOTP(t, u) }
		} else {
			pr.body = formBody{"code": {"123456"}}
		}
	case "POST /account/totp/disable":
		if rel != anon {
			w.enrolTOTP(t, u)
			pr.cleanup = func() { w.disableTOTP(t, u) }
		}
		pr.body = formBody{"password": {testenv.Password}}
	case "POST /login/totp":
		// A password login of a user with a second factor, completed
		// with the next code; the factor is turned off again afterwards.
		pr.body = formBody{"code": {"123456"}, "next": {"/clients"}}
		if rel != anon {
			key := w.enrolTOTP(t, u)
			pr.cleanup = func() { w.disableTOTP(t, u) }
			pr.session = w.loginPending(t, u.actor.Username)
			pr.body = formBody{"code": {totpCode(key, 0)}, "next": {"/clients"}}
		}
	case "POST /account/webauthn/begin", "POST /account/webauthn/finish", "POST /login/webauthn/begin", "POST /login/webauthn/finish":
		// WebAuthn is off under the serve defaults (no --webauthn-rp-id):
		// the ceremony endpoints answer 404 whatever the body.
		pr.body = formBody{}
	case "POST /account/webauthn/{id}/remove":
		// assigned → one of the user's own keys, same_org → a colleague's,
		// other_org → one of a user of another organisation. Removing a key
		// asks for the user's own password.
		pr.body = formBody{"password": {testenv.Password}}
		owner := u.actor
		switch rel {
		case sameOrg:
			owner = w.colleague
		case otherOrg:
			owner = w.cwB
		}
		id, cleanup := w.webAuthnKey(t, owner)
		pr.params["{id}"], pr.cleanup = id, cleanup
	case "POST /admin/users":
		pr.body = formBody{"username": {"new." + strings.ToLower(w.name())}, "displayName": {"Uusi Käyttäjä"}, "roles": {"caseworker"}}
	case "POST /admin/users/{username}/roles":
		pr.body = formBody{"roles": {"caseworker", "supervisor"}}
	case "POST /admin/users/{username}/disable", "POST /admin/users/{username}/enable", "POST /admin/users/{username}/end-sessions":
		pr.body = formBody{}
	case "POST /admin/users/{username}/end-date":
		pr.body = formBody{"endDate": {"2099-12-31"}}
	case "POST /clients/search", "POST /dpo/clients/search":
		pr.body = formBody{"q": {"Testinen"}, "by": {"name"}}
	case "POST /clients":
		pr.body = newClientForm()
	case "POST /clients/{id}":
		f := newClientForm()
		f["version"] = []string{"1"}
		pr.body = f
	case "POST /clients/{id}/permits", "POST /clients/{id}/permits/{pid}":
		pr.body = formBody{"kind": {"extended"}, "applicationDate": {"2024-02-01"}, "outcome": {"pending"}, "ground": {"work"}, "version": {"1"}}
	case "POST /clients/{id}/permits/{pid}/remove":
		pr.body = formBody{"version": {"1"}}
	case "POST /clients/{id}/edit/{section}":
		pr.body = formBody{"version": {"1"}, "motherTongue": {"ar"}, "serviceLanguage": {"fi"}}
	case "POST /session/keepalive":
		pr.body = formBody{}
	case "POST /clients/{id}/access-reason":
		pr.body = formBody{"reasonCode": {"client_contact"}, "text": {"Asiakas soitti ja pyysi neuvoa."}}
	case "GET /clients/{id}/sensitive", "GET " + api.Prefix + "/clients/{id}/sensitive":
		pr.query = "purpose=assessment" // the purpose step shows no data; this is the view
	case "POST /clients/{id}/sensitive":
		pr.body = formBody{"purpose": {"assessment"}, "health": {"Ei rajoitteita."}, "version": {"0"}}
	case "POST /clients/{id}/notes":
		pr.body = formBody{"type": {"phone"}, "date": {"2025-01-02"}, "text": {"Matriisin muistio."}}
	case "POST /clients/{id}/notes/{noteId}/amendments":
		pr.body = formBody{"text": {"Matriisin lisäys."}}
	case "POST /clients/{id}/consents":
		pr.body = formBody{"type": {"e-service"}, "given": {"2025-01-02"}, "channel": {"paper"}}
	case "POST /clients/{id}/consents/{consentId}/withdrawal":
		pr.body = formBody{"date": {"2025-01-03"}, "channel": {"phone"}}
	case "POST /clients/{id}/attachments", "POST " + api.Prefix + "/clients/{id}/attachments":
		pr.body = uploadBody{fields: map[string]string{"category": "certificate"}, fileName: "todistus.pdf", content: testPDF()}
	case "POST /clients/{id}/subject-requests":
		pr.body = formBody{"kind": {"access"}, "channel": {"letter"}, "received": {"2025-01-02"}}
	case "POST /subject-requests/{requestId}/{action}":
		pr.body = formBody{"method": {"id_document"}}
	case "POST " + api.Prefix + "/clients/{id}/subject-requests":
		pr.body = apiBody{"kind": "access", "channel": "letter", "received": "2025-01-02"}
	case "POST " + api.Prefix + "/subject-requests/{requestId}/{action}":
		pr.body = apiBody{"method": "id_document"}
	case "POST /clients/{id}/disclosure-requests":
		pr.body = formBody{"requester": {"Poliisi, lupapalvelut"}, "provision": {"Ulkomaalaislaki 301/2004 130 §"}, "received": {"2025-01-02"},
			"channel": {"letter"}, "item-card": {"1"}}
	case "POST /clients/{id}/disclosure-requests/{requestId}/decision":
		pr.body = formBody{"decision": {"refuse"}, "reason": {"Säännös ei koske pyydettyjä tietoja."}}
	case "POST /clients/{id}/restriction":
		pr.body = formBody{"ground": {"accuracy_contested"}, "reason": {"Asiakas kiistää osoitteensa."}}
	case "POST /clients/{id}/restriction/removal":
		w.restrict(t, rel, pr.params["{id}"])
		pr.body = formBody{"reason": {"Osoite tarkistettu."}}
	case "PUT " + api.Prefix + "/clients/{id}/restriction":
		pr.body = apiBody{"ground": "accuracy_contested", "reason": "Asiakas kiistää osoitteensa."}
	case "DELETE " + api.Prefix + "/clients/{id}/restriction":
		w.restrict(t, rel, pr.params["{id}"])
		pr.body = apiBody{"reason": "Osoite tarkistettu."}
	case "POST /clients/{id}/assignments":
		pr.body = formBody{"userId": {w.colleague.UserID}}
	case "POST /clients/{id}/placement":
		pr.body = formBody{"version": {"0"}, "receptionCentre": {"Joutsenon vastaanottokeskus"}, "municipality": {"091"}}
	case "POST /clients/{id}/household":
		pr.body = formBody{"otherId": {w.clientFor(t, role, assigned, true)}, "kind": {"spouse"}}
	case "POST /clients/{id}/household/{linkId}/remove":
		pr.body = formBody{}
	case "POST /clients/{id}/team":
		pr.body = formBody{"teamId": {""}}
	case "POST /teams":
		pr.body = formBody{"name": {"Uusi tiimi"}}
	case "POST /teams/{teamId}/members":
		pr.body = formBody{"userId": {w.colleague.UserID}}
	case "POST /clients/{id}/hetu", "POST /teams/{teamId}/members/{userId}/remove",
		"POST /clients/{id}/assignments/{userId}/remove", "POST /review/{reasonId}":
		pr.body = formBody{}

	case "POST /clients/{id}/disclosures":
		pr.body = formBody{"recipient": {"p01"}, "referralId": {w.sentReferralOf(t, rel, pr.params["{id}"])}}
	case "POST " + api.Prefix + "/clients/{id}/disclosures":
		pr.body = apiBody{"recipient": "p01", "basis": "integration-act-86", "referralId": w.sentReferralOf(t, rel, pr.params["{id}"])}
	case "POST /clients/{id}/referrals":
		pr.body = formBody{"provider": {"p01"}, "service": {"self-study"}, "date": {"2026-03-01"}}
	case "POST " + api.Prefix + "/clients/{id}/referrals":
		pr.body = apiBody{"provider": "p01", "service": "self-study", "date": "2026-03-01"}
	case "POST /clients/{id}/referrals/{referralId}/events":
		pr.body = formBody{"status": {"sent"}, "date": {"2026-03-02"}}
	case "POST " + api.Prefix + "/clients/{id}/referrals/{referralId}/events":
		pr.body = apiBody{"status": "sent", "date": "2026-03-02"}
	case "POST /clients/{id}/transfers":
		pr.body = formBody{"to": {"002"}}
	case "POST " + api.Prefix + "/clients/{id}/transfers":
		pr.body = apiBody{"to": "002"}
	case "POST /transfers/{transferId}/refusal":
		pr.body = formBody{"reason": {"other"}}
	case "POST " + api.Prefix + "/transfers/{transferId}/refusal":
		pr.body = apiBody{"reason": "other"}
	case "POST /transfers/{transferId}/acceptance":
		pr.body = formBody{}
	case "POST " + api.Prefix + "/transfers/{transferId}/acceptance":
		pr.body = apiBody{}
	case "GET " + api.Prefix + "/clients/{id}/handover":
		pr.query = "recipient=TE-toimisto"
	case "POST " + api.Prefix + "/handover":
		pr.body = w.handoverDocument(t)
	case "GET " + api.Prefix + "/national-repository":
		today := time.Now().Format(time.DateOnly)
		pr.query = "from=" + today + "&to=" + today
	case "GET /referrals", "GET " + api.Prefix + "/referrals":
		pr.query = "provider=p01"
	case "POST /services":
		pr.body = formBody{"code": {"svc-" + strings.ToLower(w.name())}, "nameFi": {"Palvelu"}}
	case "POST " + api.Prefix + "/services":
		pr.body = apiBody{"code": "svc-" + strings.ToLower(w.name()), "names": map[string]string{"fi": "Palvelu"}}

	case "POST /clients/{id}/plans", "POST /clients/{id}/plans/{planId}":
		pr.body = formBody{"kind": {"basic"}, "startDate": {"2025-01-01"}, "endDate": {"2025-12-31"}, "goals": {"Suomen kieli A2"}, "version": {"1"}}
	case "POST /clients/{id}/plans/{planId}/follow-ups":
		pr.body = formBody{"date": {"2025-03-01"}, "text": {"Seurantatapaaminen"}}
	case "POST /clients/{id}/plans/{planId}/versions/{n}/warnings/{code}/acknowledge":
		pr.body = formBody{}
	case "POST /clients/{id}/merge":
		pr.body = formBody{"with": {w.mergeable(t, rel)}}
	case "POST " + api.Prefix + "/clients/{id}/merge":
		pr.body = apiBody{"with": w.mergeable(t, rel)}
	case "POST /clients/{id}/merge/confirm", "POST /clients/{id}/merge/undo":
		w.openMerge(t, rel, pr.params["{id}"])
		pr.body = formBody{}
	case "POST " + api.Prefix + "/clients/{id}/merge/confirm", "POST " + api.Prefix + "/clients/{id}/merge/undo":
		w.openMerge(t, rel, pr.params["{id}"])

	case "POST " + api.Prefix + "/clients":
		last := w.name()
		pr.body = apiBody{"firstNames": "Matriisi", "lastName": last, "birthDate": w.born().String()}
	case "POST " + api.Prefix + "/clients/search":
		pr.body = apiBody{"q": "Testinen"}
	case "PATCH " + api.Prefix + "/clients/{id}":
		pr.body = apiBody{"phone": "+358 40 123 4567"}
	case "POST " + api.Prefix + "/clients/{id}/access-reasons":
		pr.body = apiBody{"reasonCode": "client_contact", "text": "Asiakas soitti ja pyysi neuvoa."}
	case "PUT " + api.Prefix + "/clients/{id}/sensitive":
		pr.body = apiBody{"health": "Ei rajoitteita.", "version": 0, "purpose": "assessment"}
	case "POST " + api.Prefix + "/clients/{id}/notes":
		pr.body = apiBody{"type": "phone", "date": "2025-01-02", "text": "Matriisin muistio."}
	case "POST " + api.Prefix + "/clients/{id}/notes/{noteId}/amendments":
		pr.body = apiBody{"text": "Matriisin lisäys."}
	case "POST " + api.Prefix + "/clients/{id}/consents":
		pr.body = apiBody{"type": "e-service", "given": "2025-01-02"}
	case "POST " + api.Prefix + "/clients/{id}/consents/{consentId}/withdrawal":
		pr.body = apiBody{"date": "2025-01-03", "channel": "phone"}
	case "POST " + api.Prefix + "/clients/{id}/disclosure-requests":
		pr.body = apiBody{"requester": "Poliisi, lupapalvelut", "provision": "Ulkomaalaislaki 301/2004 130 §", "received": "2025-01-02",
			"channel": "letter", "items": []string{"card"}}
	case "POST " + api.Prefix + "/clients/{id}/disclosure-requests/{requestId}/decision":
		pr.body = apiBody{"decision": "refuse", "reason": "Säännös ei koske pyydettyjä tietoja."}
	case "POST /clients/{id}/assessment/background":
		pr.body = formBody{"version": {"0"}, "literacy": {"literate"}}
	case "POST /clients/{id}/assessment/language-tests":
		pr.body = formBody{"kind": {"initial"}, "date": {"2025-01-15"}, "listening": {"A1.1"}}
	case "POST /clients/{id}/assessments":
		pr.body = formBody{"kind": {"basic"}, "date": {"2025-01-15"}, "status": {"draft"}}
	case "POST /clients/{id}/assessments/{assessmentId}":
		pr.body = formBody{"kind": {"basic"}, "date": {"2025-01-15"}, "status": {"draft"}, "version": {"1"}}
	case "POST " + api.Prefix + "/clients/{id}/assessments":
		pr.body = apiBody{"kind": "basic", "date": "2025-01-15"}
	case "PUT " + api.Prefix + "/clients/{id}/assessments/{assessmentId}":
		pr.body = apiBody{"kind": "basic", "date": "2025-01-15", "version": 1}
	case "PUT " + api.Prefix + "/clients/{id}/background":
		pr.body = apiBody{"literacy": "literate", "version": 0}
	case "POST " + api.Prefix + "/clients/{id}/language-tests":
		pr.body = apiBody{"kind": "initial", "date": "2025-01-15", "listening": "A1.1"}
	case "PUT " + api.Prefix + "/clients/{id}/team":
		pr.body = apiBody{"teamId": nil}
	case "POST " + api.Prefix + "/clients/{id}/plans", "PUT " + api.Prefix + "/clients/{id}/plans/{planId}":
		pr.body, pr.ifMatch = apiBody{"kind": "basic", "startDate": "2025-01-01", "endDate": "2025-12-31", "goals": []string{"Suomen kieli A2"}}, `"1"`
	case "POST " + api.Prefix + "/clients/{id}/plans/{planId}/follow-ups":
		pr.body = apiBody{"date": "2025-03-01", "text": "Seurantatapaaminen"}
	case "POST " + api.Prefix + "/clients/{id}/plans/{planId}/versions/{n}/warnings/{code}/acknowledge":
		// no body
	case "PUT " + api.Prefix + "/clients/{id}/placement":
		pr.body = apiBody{"version": 0, "receptionCentre": "Joutsenon vastaanottokeskus", "municipality": "091"}
	case "POST " + api.Prefix + "/clients/{id}/household":
		pr.body = apiBody{"otherId": w.clientFor(t, role, assigned, true), "kind": "spouse"}
	case "POST " + api.Prefix + "/teams":
		pr.body = apiBody{"name": "Uusi tiimi"}
	case "POST /clients/{id}/retention-hold":
		pr.body = formBody{"reason": {"KHO 2026/123"}}
	case "POST /clients/{id}/retention-hold/removal":
		pr.body = formBody{}
	case "PUT " + api.Prefix + "/clients/{id}/retention-hold":
		pr.body = apiBody{"reason": "KHO 2026/123"}
	case "DELETE " + api.Prefix + "/clients/{id}/retention-hold":
		// no body
	case "PUT " + api.Prefix + "/clients/{id}/assignments/{userId}", "DELETE " + api.Prefix + "/clients/{id}/assignments/{userId}",
		"POST " + api.Prefix + "/access-reasons/{id}/review",
		"PUT " + api.Prefix + "/teams/{id}/members/{userId}", "DELETE " + api.Prefix + "/teams/{id}/members/{userId}",
		"DELETE " + api.Prefix + "/clients/{id}/household/{linkId}":
		// no body
	default:
		if method != http.MethodGet {
			t.Fatalf("%s: no request known; add a plausible one to authz_world_test.go (prepare) so that validation does not hide authorization", rt.Pattern)
		}
	}
	return pr
}

// referralOf returns the id of a fresh referral of the client, made by a
// fixture supervisor of its organisation (each step request needs one in
// status proposed).
func (w *world) referralOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	r, err := w.env.Referrals.Create(context.Background(), sup, clientID, referral.NewReferral{Provider: "p01", Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// sentReferralOf is referralOf moved on to sent: a referral whose
// provider (p01) may receive the package.
func (w *world) sentReferralOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	id := w.referralOf(t, rel, clientID)
	if _, err := w.env.Referrals.AddStep(context.Background(), sup, clientID, id, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2026, Month: 3, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	return id
}

// disclosureOf records the package of clientID to provider (a code), by
// a fixture supervisor of the client's organisation.
func (w *world) disclosureOf(t *testing.T, rel relation, clientID, provider string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	ref, err := w.env.Referrals.Create(context.Background(), sup, clientID, referral.NewReferral{Provider: provider, Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.Referrals.AddStep(context.Background(), sup, clientID, ref.ID, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2026, Month: 3, Day: 2}}); err != nil {
		t.Fatal(err)
	}
	d, err := w.env.Disclosures.Disclose(context.Background(), sup, clientID, disclosure.ProviderInput{Recipient: provider, ReferralID: ref.ID})
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}

// planOf makes a plan of clientID by a fixture supervisor of the
// client's organisation: a first plan over a year (warning
// first_plan_over_1y).
func (w *world) planOf(t *testing.T, rel relation, clientID string) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
	v, err := w.env.Plans.Create(context.Background(), sup, clientID, plan.Content{Kind: plan.KindBasic,
		StartDate: d("2025-01-01"), EndDate: d("2026-03-31"), Goals: []string{"Suomen kieli A2"}})
	if err != nil {
		t.Fatal(err)
	}
	return v.PlanID
}

// assessmentOf starts an assessment of clientID by a fixture supervisor
// of its organisation.
func (w *world) assessmentOf(t *testing.T, clientID string, rel relation) string {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	a, err := w.env.Assessments.Create(context.Background(), sup, clientID, assessment.Assessment{Kind: assessment.KindBasic, Date: civil.Date{Year: 2025, Month: 1, Day: 15}})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// householdLink links the route's client with another of its
// organisation that the user may use (written directly) and returns the
// link's id.
func (w *world) householdLink(t *testing.T, role access.Role, rel relation, clientID string) string {
	t.Helper()
	orgID, other := w.supA.OrgID, ""
	if rel == otherOrg {
		orgID, other = w.supB.OrgID, w.newClient(t, w.supB)
	} else {
		other = w.clientFor(t, role, assigned, true)
	}
	id := store.NewID()
	q := `INSERT INTO household_links (id, org_id, client_id, other_id, kind, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`
	if _, err := w.env.DB.SQL().Exec(w.rebind(q), id, orgID, clientID, other, "child", time.Now(), w.supA.UserID); err != nil {
		t.Fatal(err)
	}
	return id
}

// mergeable returns a client to merge into the route's client: another of
// the same organisation.
func (w *world) mergeable(t *testing.T, rel relation) string {
	t.Helper()
	if rel == otherOrg {
		return w.newClient(t, w.supB)
	}
	return w.newClient(t, w.supA)
}

// openMerge merges another client into clientID by a fixture supervisor
// of its organisation, so that the route's user (another person) may
// confirm or undo it.
func (w *world) openMerge(t *testing.T, rel relation, clientID string) {
	t.Helper()
	sup := w.supA
	if rel == otherOrg {
		sup = w.supB
	}
	if _, err := w.env.Clients.MergeClients(context.Background(), sup, clientID, w.newClient(t, sup), nil); err != nil {
		t.Fatal(err)
	}
}

// uiRequest is a browser's request: a same-origin form post with the
// session cookie (nil: not logged in).
func (w *world) uiRequest(method, path string, body any, session *http.Cookie) *http.Request {
	var rd io.Reader
	contentType := "application/x-www-form-urlencoded"
	switch b := body.(type) {
	case formBody:
		rd = strings.NewReader(url.Values(b).Encode())
	case uploadBody:
		rd, contentType = b.encode()
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	// http.CrossOriginProtection admits what the browser marks same-origin.
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", "http://"+req.Host)
	if session != nil {
		req.AddCookie(session)
	}
	return req
}

// apiRequest is a tool's request with the user's bearer token (none for
// anon).
func (w *world) apiRequest(method, path string, body any, u *roleUser, rel relation) *http.Request {
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case apiBody:
		data, _ := json.Marshal(b)
		rd = strings.NewReader(string(data))
	case uploadBody:
		rd, contentType = b.encode()
	}
	req := httptest.NewRequest(method, path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	if rel != anon {
		req.Header.Set("Authorization", "Bearer "+u.token)
	}
	return req
}

type response struct {
	*http.Response
	body string
}

func (w *world) do(t *testing.T, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{Response: res, body: string(b)}
}

// classify maps a response to its outcome class (see the matrix file).
func classify(rt routeInfo, res response) result {
	loc := res.Header.Get("Location")
	detail := fmt.Sprintf("%d", res.StatusCode)
	if loc != "" {
		detail += " → " + loc
	}
	s := res.StatusCode
	switch {
	case s >= 300 && s < 400 && (loc == "/login" || strings.HasPrefix(loc, "/login?") || strings.HasPrefix(loc, "/login/")):
		if loc == "/login" && clearsSession(res) {
			return result{allowed, detail + " (logged out)"} // the logout itself
		}
		return result{unauthenticated, detail}
	case s >= 200 && s < 400:
		return result{allowed, detail}
	case s == http.StatusUnauthorized:
		return result{unauthenticated, detail}
	case s == http.StatusNotFound:
		return result{notFound, detail}
	case s == http.StatusForbidden:
		if rt.API {
			var p struct{ Type string }
			_ = json.Unmarshal([]byte(res.body), &p)
			if p.Type == api.ProblemBase+"reason-required" {
				return result{reasonRequired, detail + " " + p.Type}
			}
			return result{forbidden, detail + " " + p.Type}
		}
		if strings.Contains(res.body, `/access-reason"`) {
			return result{reasonRequired, detail + " (reason page)"}
		}
		return result{forbidden, detail}
	}
	snippet := res.body
	if len(snippet) > 300 {
		snippet = snippet[:300] + "…"
	}
	return result{unexpected, detail + ": " + snippet}
}

// clearsSession reports whether the response deletes the session cookie.
func clearsSession(res response) bool {
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, "koto_session") && c.MaxAge < 0 {
			return true
		}
	}
	return false
}

// webAuthnKey gives owner a (made-up) WebAuthn credential and returns its
// id and a function that removes it again.
func (w *world) webAuthnKey(t *testing.T, owner access.Actor) (string, func()) {
	t.Helper()
	id := base64.RawURLEncoding.EncodeToString([]byte("matrix-key-" + w.name()))
	st := w.env.DB.Auth()
	err := st.WithTx(context.Background(), func(tx auth.Tx) error {
		return tx.InsertWebAuthnCredential(&auth.WebAuthnCredential{ID: id, UserID: owner.UserID, OrgID: owner.OrgID,
			PublicKey: []byte{0xa0}, Name: "matrix", CreatedAt: time.Now()})
	})
	if err != nil {
		t.Fatal(err)
	}
	return id, func() {
		_ = st.WithTx(context.Background(), func(tx auth.Tx) error {
			_, err := tx.DeleteWebAuthnCredential(id, owner.UserID)
			return err
		})
	}
}
