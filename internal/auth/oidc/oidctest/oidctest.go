// Package oidctest runs a real OpenID provider inside a test: zitadel's
// example OP (github.com/zitadel/oidc/v3, a maintained, certified OpenID
// Connect library) on 127.0.0.1:0 with in-memory storage, extended with a
// groups claim. Only tests import it, so it is not in the koto binary.
package oidctest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// The example OP's users (storage.NewUserStore): test-user@127.0.0.1 is
// subject "id1", test-user2 is "id2"; both have password Password.
const (
	Password     = "verysecure"
	ClientSecret = "koto-test-secret"
)

// OP is a running provider.
type OP struct {
	Issuer   string
	ClientID string

	mu     sync.Mutex
	groups map[string][]string // by subject
	amr    []string            // nil: the example's own ("pwd")
	acr    string
}

// SetAuthMethods makes the provider report in later ID tokens that it
// authenticated with the methods amr (the amr claim, RFC 8176) at class
// acr (the acr claim). Without it the example reports a password alone.
func (o *OP) SetAuthMethods(amr []string, acr string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.amr, o.acr = amr, acr
}

func (o *OP) authMethods() ([]string, string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.amr, o.acr
}

// SetGroups sets the groups claim of a subject ("id1", "id2").
func (o *OP) SetGroups(subject string, groups ...string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.groups[subject] = groups
}

func (o *OP) groupsOf(subject string) []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.groups[subject]
}

// withGroups is the example storage plus a groups claim in the ID token
// and the UserInfo response.
type withGroups struct {
	*storage.Storage
	op *OP
}

func (s withGroups) SetUserinfoFromRequest(ctx context.Context, ui *oidc.UserInfo, token op.IDTokenRequest, scopes []string) error {
	if err := s.Storage.SetUserinfoFromRequest(ctx, ui, token, scopes); err != nil {
		return err
	}
	ui.AppendClaims("groups", s.op.groupsOf(token.GetSubject()))
	return nil
}

func (s withGroups) SetUserinfoFromToken(ctx context.Context, ui *oidc.UserInfo, tokenID, subject, origin string) error {
	if err := s.Storage.SetUserinfoFromToken(ctx, ui, tokenID, subject, origin); err != nil {
		return err
	}
	ui.AppendClaims("groups", s.op.groupsOf(ui.Subject))
	return nil
}

// AuthRequestByCode returns the request a code was issued for; with
// SetAuthMethods it reports those methods instead of the example's.
func (s withGroups) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	req, err := s.Storage.AuthRequestByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	if amr, acr := s.op.authMethods(); amr != nil || acr != "" {
		return withMethods{AuthRequest: req, amr: amr, acr: acr}, nil
	}
	return req, nil
}

// CreateAccessToken gives the example storage the request it made (it
// reads its own type).
func (s withGroups) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	if w, ok := req.(withMethods); ok {
		req = w.AuthRequest
	}
	return s.Storage.CreateAccessToken(ctx, req)
}

// CreateAccessAndRefreshTokens: as CreateAccessToken.
func (s withGroups) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	if w, ok := req.(withMethods); ok {
		req = w.AuthRequest
	}
	return s.Storage.CreateAccessAndRefreshTokens(ctx, req, current)
}

// withMethods is an auth request that reports other methods.
type withMethods struct {
	op.AuthRequest
	amr []string
	acr string
}

func (w withMethods) GetAMR() []string { return w.amr }
func (w withMethods) GetACR() string   { return w.acr }

var clientSeq struct {
	sync.Mutex
	n int
}

// Start runs a provider with a confidential web client allowed to redirect
// to redirectURL; it stops when the test ends.
func Start(tb testing.TB, redirectURL string) *OP {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	clientSeq.Lock()
	clientSeq.n++
	clientID := fmt.Sprintf("koto-%d", clientSeq.n)
	// The example keeps clients in a package-level map.
	storage.RegisterClients(storage.WebClient(clientID, ClientSecret, redirectURL))
	clientSeq.Unlock()
	o := &OP{Issuer: "http://" + ln.Addr().String(), ClientID: clientID, groups: map[string][]string{}}
	st := withGroups{Storage: storage.NewStorage(storage.NewUserStore(o.Issuer)), op: o}
	router := exampleop.SetupServer(o.Issuer, st, nil, false)
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: router}}
	srv.Start()
	tb.Cleanup(srv.Close)
	return o
}

// Username of the example user with subject "id1".
func (o *OP) Username() string { return "test-user@127.0.0.1" }

var formID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// Browser follows a login through the provider like a browser would: from
// authURL through the provider's login form (username, password) until the
// provider redirects to a URL starting with stopAt, which it returns. jar
// keeps cookies across calls (nil: a fresh one).
func Browser(tb testing.TB, client *http.Client, authURL, username, password, stopAt string) string {
	tb.Helper()
	if client == nil {
		jar, _ := cookiejar.New(nil)
		client = &http.Client{Jar: jar}
	}
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), stopAt) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	res, err := c.Get(authURL)
	if err != nil {
		tb.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := formID.FindStringSubmatch(string(body))
	if m == nil {
		tb.Fatalf("no login form at the provider (%d %s): %s", res.StatusCode, res.Request.URL, body)
	}
	loginURL := res.Request.URL.ResolveReference(&url.URL{Path: "/login/username"})
	res, err = c.PostForm(loginURL.String(), url.Values{"id": {m[1]}, "username": {username}, "password": {password}})
	if err != nil {
		tb.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode/100 != 3 || !strings.HasPrefix(loc, stopAt) {
		tb.Fatalf("provider did not redirect back: %d %q", res.StatusCode, loc)
	}
	return loc
}
