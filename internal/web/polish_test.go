package web

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/client"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

func TestQRSVG(t *testing.T) {
	uri := "otpauth://totp/Koto:cw.a?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Koto"
	svg, err := qrSVG(uri, `QR <"code">`)
	if err != nil {
		t.Fatal(err)
	}
	s := string(svg)
	// A version-4 code or larger (the URI is 80 characters), a quiet zone
	// of four modules, and the three finder patterns' corners dark.
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(s)
	if m == nil || m[1] != m[2] || len(m[1]) < 2 {
		t.Fatalf("no square viewBox: %.120s", s)
	}
	for _, want := range []string{`role="img"`, `aria-label="QR &lt;&#34;code&#34;&gt;"`, `M4 4h1v1h-1z`, `<path fill="#000" d="M`} {
		if !strings.Contains(s, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	if strings.Contains(s, "<script") || strings.Contains(s, `"code">`) {
		t.Error("label not escaped")
	}
	other, _ := qrSVG(uri+"x", "QR")
	if strings.Contains(string(other), s[strings.Index(s, "<path"):]) {
		t.Error("a different URI gave the same modules")
	}
}

func TestPolish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		if _, err := s.env.Auth.AddUser(context.Background(), testenv.System, auth.NewUser{OrgCode: "001", Username: "cw.named",
			DisplayName: "Aino Testinen", Roles: []access.Role{access.Caseworker}, Password: testenv.Password}); err != nil {
			t.Fatal(err)
		}
		cwA, supA, cwB, named := s.login(t, "cw.a"), s.login(t, "sup.a"), s.login(t, "cw.b"), s.login(t, "cw.named")
		t.Run("totp qr", func(t *testing.T) {
			res := s.do(t, "GET", "/account/totp", nil, cwA)
			mustContain(t, res.Body, `<svg class="totp-qr"`, `aria-label="`+fi("web.mfa.enrol.qr")+`"`, `id="totp-secret"`)
		})
		t.Run("hetu reveal", func(t *testing.T) { testHETUReveal(t, s, cwA, supA, cwB) })
		t.Run("teams", func(t *testing.T) { testTeams(t, s, cwA, supA) })
		t.Run("display names", func(t *testing.T) { testDisplayNames(t, s, named, supA) })
		t.Run("footer", func(t *testing.T) { testFooter(t, s, cwA) })
	})
}

func testHETUReveal(t *testing.T, s *harness, cwA, supA, cwB *http.Cookie) {
	h := hetu(3, 4, 88, 931)
	id := s.create(t, newClientForm(map[string]string{"hetu": h, "lastName": "Paljastettava"}), cwA)
	card := s.do(t, "GET", "/clients/"+id, nil, cwA)
	if strings.Contains(card.Body, h) || !strings.Contains(card.Body, "030488-****") {
		t.Fatal("the card does not mask the HETU")
	}
	// Attacks: another organisation's caseworker, a caseworker of the own
	// organisation without need-to-know. Neither learns the HETU.
	s.env.AddUser(t, "001", "cw.nosy", access.Caseworker)
	nosy := s.login(t, "cw.nosy")
	for name, c := range map[string]struct {
		cookie *http.Cookie
		status int
	}{"other organisation": {cwB, http.StatusNotFound}, "no need-to-know": {nosy, http.StatusForbidden}} {
		res := s.do(t, "POST", "/clients/"+id+"/hetu", url.Values{}, c.cookie)
		if res.StatusCode != c.status || strings.Contains(res.Body, h) {
			t.Errorf("%s: reveal answered %d, HETU shown %v", name, res.StatusCode, strings.Contains(res.Body, h))
		}
	}
	res := s.do(t, "POST", "/clients/"+id+"/hetu", url.Values{}, cwA)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, h) || strings.Contains(res.Body, `action="/clients/`+id+`/hetu"`) {
		t.Fatalf("reveal: %d", res.StatusCode)
	}
	// The log: the reveal is its own entry touching the HETU; the card
	// views touch it masked.
	log, err := s.env.Clients.AccessLog(context.Background(), actorOf(t, s, "sup.a"), id)
	if err != nil {
		t.Fatal(err)
	}
	var reveals, cards, denied int
	for _, e := range log {
		switch {
		case e.Action == string(access.ClientHETUReveal) && e.Result == "allowed" && e.Touched == "hetu":
			reveals++
		case e.Action == string(access.ClientHETUReveal):
			denied++
		case e.Action == string(access.ClientOverview) && strings.HasPrefix(e.Touched, client.TouchedCard+","):
			cards++
		}
	}
	if reveals != 1 || cards != 2 || denied != 2 {
		t.Errorf("log: %d reveals, %d card views, %d refused reveals; want 1, 2, 2", reveals, cards, denied)
	}
	page := s.do(t, "GET", "/clients/"+id+"/access-log", nil, supA)
	mustContain(t, page.Body, fi("audit.action.client.hetu_reveal"), fi("audit.touched.hetu"), fi("audit.touched.card.hetu_masked"))
}

// actorOf is the actor of a user, as the session would give it.
func actorOf(t *testing.T, s *harness, username string) access.Actor {
	t.Helper()
	secret, _, err := s.env.Auth.Login(context.Background(), username, testenv.Password, "127.0.0.1", access.ChannelUI, "test")
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := s.env.Auth.SessionActor(context.Background(), secret, "test")
	if err != nil {
		t.Fatal(err)
	}
	return a
}

var teamSection = regexp.MustCompile(`<h2 id="team-([^"]+)"[^>]*>Tiimi Pohjoinen</h2>`)

func testTeams(t *testing.T, s *harness, cwA, supA *http.Cookie) {
	if res := s.do(t, "GET", "/teams", nil, cwA); res.StatusCode != http.StatusForbidden {
		t.Errorf("caseworker on /teams: %d", res.StatusCode)
	}
	res := s.do(t, "POST", "/teams", url.Values{"name": {"  "}}, supA)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty team name: %d", res.StatusCode)
	}
	mustContain(t, res.Body, `id="error-summary"`, `href="#f-name"`, `aria-invalid="true"`)
	if res := s.do(t, "POST", "/teams", url.Values{"name": {"Tiimi Pohjoinen"}}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create team: %d", res.StatusCode)
	}
	page := s.do(t, "GET", "/teams", nil, supA)
	m := teamSection.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatalf("team not listed:\n%s", page.Body)
	}
	team := m[1]
	cw := actorOf(t, s, "cw.a")
	if res := s.do(t, "POST", "/teams/"+team+"/members", url.Values{"userId": {""}}, supA); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, `href="#f-teams-`+team+`-userId"`) {
		t.Errorf("add nobody: %d", res.StatusCode)
	}
	if res := s.do(t, "POST", "/teams/"+team+"/members", url.Values{"userId": {cw.UserID}}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add member: %d", res.StatusCode)
	}
	page = s.do(t, "GET", "/teams", nil, supA)
	mustContain(t, page.Body, `action="/teams/`+team+`/members/`+cw.UserID+`/remove"`)

	// The client's team from the card opens the client to the team.
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 79, 941), "lastName": "Tiimiläinen"}), supA)
	s.env.AddUser(t, "001", "cw.team", access.Caseworker)
	member := s.login(t, "cw.team")
	if res := s.do(t, "GET", "/clients/"+id, nil, member); res.StatusCode != http.StatusForbidden {
		t.Fatalf("before the team: %d", res.StatusCode)
	}
	mate := actorOf(t, s, "cw.team")
	s.do(t, "POST", "/teams/"+team+"/members", url.Values{"userId": {mate.UserID}}, supA)
	if res := s.do(t, "POST", "/clients/"+id+"/team", url.Values{"teamId": {team}}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("set team: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients/"+id, nil, member); res.StatusCode != http.StatusOK {
		t.Errorf("team member on the team's client: %d", res.StatusCode)
	}
	card := s.do(t, "GET", "/clients/"+id, nil, supA)
	mustContain(t, card.Body, `<option value="`+team+`" selected>Tiimi Pohjoinen</option>`)
	if res := s.do(t, "POST", "/clients/"+id+"/team", url.Values{"teamId": {"no-such-team"}}, supA); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("unknown team: %d", res.StatusCode)
	}
	if res := s.do(t, "POST", "/teams/"+team+"/members/"+mate.UserID+"/remove", url.Values{}, supA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove member: %d", res.StatusCode)
	}
	if res := s.do(t, "GET", "/clients/"+id, nil, member); res.StatusCode != http.StatusForbidden {
		t.Errorf("removed member still sees the client: %d", res.StatusCode)
	}
}

func testDisplayNames(t *testing.T, s *harness, named, supA *http.Cookie) {
	id := s.create(t, newClientForm(map[string]string{"hetu": hetu(5, 6, 77, 951), "lastName": "Nimetty"}), named)
	res := s.do(t, "GET", "/clients/"+id, nil, named)
	mustContain(t, res.Body, `<p class="user-info"><span class="visually-hidden">`+fi("web.logged_in_as")+` </span>Aino Testinen`)
	card := s.do(t, "GET", "/clients/"+id, nil, supA)
	if !strings.Contains(card.Body, "<li><span>Aino Testinen <span") {
		t.Error("assignment not shown by display name")
	}
	log := s.do(t, "GET", "/clients/"+id+"/access-log", nil, supA)
	mustContain(t, log.Body, `Aino Testinen <span class="hint">(cw.named)</span>`)
	edit := newClientForm(map[string]string{"hetu": hetu(5, 6, 77, 951), "lastName": "Nimetty", "phone": "+358401234567", "version": "1"})
	if res := s.do(t, "POST", "/clients/"+id, edit, named); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", res.StatusCode, res.Body)
	}
	hist := s.do(t, "GET", "/clients/"+id+"/history", nil, named)
	mustContain(t, hist.Body, "<td>Aino Testinen</td>")
}

func testFooter(t *testing.T, s *harness, cwA *http.Cookie) {
	login := s.do(t, "GET", "/login", nil)
	mustContain(t, login.Body, fi("web.login.logged_notice"), `href="/accessibility"`, `href="/privacy"`)
	for _, p := range []string{"/accessibility", "/privacy"} {
		res := s.do(t, "GET", p, nil)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	mustContain(t, s.do(t, "GET", "/privacy", nil).Body, fi("privacy.not_configured"))

	// Configured per deployment.
	h, err := New(Deps{Services: s.env.Services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler), Footer: FooterConfig{AccessibilityURL: "https://kunta.example.fi/saavutettavuus",
		PrivacyURL: "https://kunta.example.fi/tietosuoja", SupportContact: "tuki@kunta.example.fi"}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/privacy", nil)
	httpx.RequestIDs(mux).ServeHTTP(rec, req)
	b, _ := io.ReadAll(rec.Result().Body)
	body := html.UnescapeString(string(b))
	mustContain(t, body, `href="https://kunta.example.fi/saavutettavuus"`, `href="https://kunta.example.fi/tietosuoja"`,
		`href="mailto:tuki@kunta.example.fi"`, fi("privacy.own_notice"))
}
