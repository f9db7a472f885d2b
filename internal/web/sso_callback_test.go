package web

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/auth/oidc"
	"koto/internal/auth/oidc/oidctest"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/testenv"
)

// The browser-less single sign-on journey through the UI against a real
// OpenID provider: the login page offers SSO, /login/sso goes to the
// provider, its login form sends back to the callback, which starts a
// session for the mapped organisation and roles.
func TestSSOThroughUI(t *testing.T) {
	env := testenv.New(t, "sqlite")
	env.AddOrg(t, "240")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	op := oidctest.Start(t, base+"/login/sso/callback")
	p, err := oidc.New(oidc.Config{Issuer: op.Issuer, ClientID: op.ClientID, ClientSecret: oidctest.ClientSecret, RedirectURL: base + "/login/sso/callback"})
	if err != nil {
		t.Fatal(err)
	}
	h, err := New(Deps{Services: env.Services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler), SSO: p})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: httpx.RequestIDs(mux)}}
	srv.Start()
	defer srv.Close()

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	get := func(url string) (int, string) {
		res, err := client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(b)
	}
	if _, body := get(base + "/login"); !strings.Contains(body, `href="/login/sso"`) {
		t.Fatal("login page does not offer single sign-on")
	}

	// Not mapped yet: refused with a message.
	op.SetGroups("id1", "kemi-ohjaajat")
	back := oidctest.Browser(t, client, base+"/login/sso", op.Username(), oidctest.Password, base+"/login/sso/callback")
	if _, body := get(back); !strings.Contains(body, fi("sso.not_allowed")) {
		t.Fatal("unmapped subject: no refusal message")
	}

	if err := env.Auth.MapGroup(context.Background(), testenv.System, op.Issuer, "kemi-ohjaajat", "240", access.Caseworker); err != nil {
		t.Fatal(err)
	}
	back = oidctest.Browser(t, client, base+"/login/sso", op.Username(), oidctest.Password, base+"/login/sso/callback")
	status, body := get(back)
	if status != 200 || !strings.Contains(body, `action="/logout"`) {
		t.Fatalf("after the callback: %d", status)
	}
	// A replayed callback (the flow cookie is single-use) is refused.
	if _, body := get(back); !strings.Contains(body, fi("sso.failed")) {
		t.Error("replayed callback accepted")
	}
}
