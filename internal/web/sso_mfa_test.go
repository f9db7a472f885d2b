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
	"time"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/auth/oidc/oidctest"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/store"
	"koto/internal/testenv"
)

// With the provider's MFA required, a password-only single sign-on comes
// back to the login page with a message that says why; with a second
// factor reported by the provider it logs in.
func TestSSOMultiFactorRefusalThroughUI(t *testing.T) {
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
	policy := auth.DefaultPolicy
	policy.Argon2, policy.SSORequireMFA = testenv.CheapArgon2, true
	svc := auth.NewService(env.DB.Auth(), policy, store.NewID, time.Now)
	services := env.Services
	services.Auth = svc
	h, err := New(Deps{Services: services, Catalog: i18n.MustLoad(), Log: slog.New(slog.DiscardHandler), SSO: p})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: httpx.RequestIDs(mux)}}
	srv.Start()
	defer srv.Close()
	if err := env.Auth.MapGroup(context.Background(), testenv.System, op.Issuer, "kemi-ohjaajat", "240", access.Caseworker); err != nil {
		t.Fatal(err)
	}
	op.SetGroups("id1", "kemi-ohjaajat")

	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	get := func(url string) string {
		res, err := client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return string(b)
	}
	back := oidctest.Browser(t, client, base+"/login/sso", op.Username(), oidctest.Password, base+"/login/sso/callback")
	if body := get(back); !strings.Contains(body, fi("sso.mfa_required")) {
		t.Fatal("password-only single sign-on: no message that a second factor is required")
	}
	op.SetAuthMethods([]string{"pwd", "otp"}, "")
	back = oidctest.Browser(t, client, base+"/login/sso", op.Username(), oidctest.Password, base+"/login/sso/callback")
	if body := get(back); !strings.Contains(body, `action="/logout"`) {
		t.Fatal("single sign-on with a second factor did not log in")
	}
}
