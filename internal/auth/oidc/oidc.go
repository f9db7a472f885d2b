// Package oidc is Koto's OpenID Connect relying party for staff single
// sign-on: the authorization code flow with PKCE (S256), state and nonce.
// It verifies the ID token (signature against the provider's published
// keys, issuer, audience, expiry, nonce) with github.com/coreos/go-oidc and
// turns the verified claims, merged with the UserInfo response, into an
// auth.Identity. What the identity may do is auth's decision
// (auth.Service.SSOLogin), not this package's.
package oidc

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"koto/internal/auth"
)

// Config names the provider and Koto's registration with it.
type Config struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // https://koto.example/login/sso/callback
	GroupsClaim  string // default "groups"
	// ACRValues, when set, are asked of the provider (the acr_values
	// parameter, OpenID Connect Core 3.1.2.1) so that it authenticates
	// strongly enough; auth decides whether the answer is.
	ACRValues []string
	// HTTPClient talks to the provider (default: 10-second timeout).
	HTTPClient *http.Client
}

// Provider is a configured relying party. Discovery happens on first use
// and is retried until it succeeds, so Koto starts even when the identity
// provider is briefly down.
type Provider struct {
	cfg Config

	mu       sync.Mutex
	provider *gooidc.Provider
	oauth    oauth2.Config
	verifier *gooidc.IDTokenVerifier
}

// New returns a provider for cfg.
func New(cfg Config) (*Provider, error) {
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return nil, errors.New("oidc: issuer, client id and redirect URL are required")
	}
	if cfg.GroupsClaim == "" {
		cfg.GroupsClaim = "groups"
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Provider{cfg: cfg}, nil
}

func (p *Provider) ctx(ctx context.Context) context.Context {
	return gooidc.ClientContext(ctx, p.cfg.HTTPClient)
}

func (p *Provider) discover(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return nil
	}
	prov, err := gooidc.NewProvider(p.ctx(ctx), p.cfg.Issuer)
	if err != nil {
		return fmt.Errorf("oidc: discovery of %s: %w", p.cfg.Issuer, err)
	}
	p.provider = prov
	p.oauth = oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, RedirectURL: p.cfg.RedirectURL,
		Endpoint: prov.Endpoint(), Scopes: []string{gooidc.ScopeOpenID, "profile", "email"}}
	p.verifier = prov.Verifier(&gooidc.Config{ClientID: p.cfg.ClientID})
	return nil
}

// Flow is the per-login secret state kept in the browser between the
// redirect to the provider and the callback (in an HttpOnly cookie).
type Flow struct {
	State, Nonce, Verifier string
}

// Encode and DecodeFlow give the cookie value.
func (f Flow) Encode() string { return f.State + "." + f.Nonce + "." + f.Verifier }

// DecodeFlow parses a cookie value made by Encode.
func DecodeFlow(s string) (Flow, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return Flow{}, false
	}
	return Flow{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, true
}

func random() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Start begins a login: the URL to send the browser to and the flow state
// to keep for the callback.
func (p *Provider) Start(ctx context.Context) (string, Flow, error) {
	if err := p.discover(ctx); err != nil {
		return "", Flow{}, err
	}
	f := Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	opts := []oauth2.AuthCodeOption{gooidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)}
	if len(p.cfg.ACRValues) > 0 {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(p.cfg.ACRValues, " ")))
	}
	u := p.oauth.AuthCodeURL(f.State, opts...)
	return u, f, nil
}

// ErrDenied is returned when the provider reported an error (the user
// cancelled, or was not allowed) or the callback does not belong to the
// flow.
var ErrDenied = errors.New("oidc: login not completed")

// Finish completes a login from the callback's state, code and error
// parameters: it checks the state, redeems the code with the PKCE
// verifier, verifies the ID token and its nonce and reads the claims.
func (p *Provider) Finish(ctx context.Context, f Flow, state, code, errParam string) (auth.Identity, error) {
	if errParam != "" {
		return auth.Identity{}, fmt.Errorf("%w: provider error %q", ErrDenied, errParam)
	}
	if state == "" || code == "" || subtle.ConstantTimeCompare([]byte(state), []byte(f.State)) != 1 {
		return auth.Identity{}, fmt.Errorf("%w: state mismatch", ErrDenied)
	}
	if err := p.discover(ctx); err != nil {
		return auth.Identity{}, err
	}
	ctx = p.ctx(ctx)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return auth.Identity{}, fmt.Errorf("oidc: code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return auth.Identity{}, errors.New("oidc: no id_token in the token response")
	}
	idt, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return auth.Identity{}, fmt.Errorf("oidc: id token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(f.Nonce)) != 1 {
		return auth.Identity{}, fmt.Errorf("%w: nonce mismatch", ErrDenied)
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return auth.Identity{}, fmt.Errorf("oidc: id token claims: %w", err)
	}
	// How the provider authenticated the user is taken from the signed ID
	// token only, never from UserInfo.
	amr, acr := strs(claims["amr"]), str(claims["acr"])
	// Many providers put profile and group claims only in UserInfo.
	if ui, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		if ui.Subject != idt.Subject {
			return auth.Identity{}, errors.New("oidc: userinfo subject differs from the id token's")
		}
		extra := map[string]any{}
		if err := ui.Claims(&extra); err == nil {
			for k, v := range extra {
				if _, ok := claims[k]; !ok {
					claims[k] = v
				}
			}
		}
	}
	return auth.Identity{Issuer: idt.Issuer, Subject: idt.Subject,
		PreferredUsername: str(claims["preferred_username"]), Email: str(claims["email"]), Name: str(claims["name"]),
		Groups: strs(claims[p.cfg.GroupsClaim]), AMR: amr, ACR: acr}, nil
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// strs reads a claim that is a list of strings or one string.
func strs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
