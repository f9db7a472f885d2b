// Package web is the server-rendered staff UI: login, the client list and
// search, the client card with its forms, change history and access log.
// Handlers parse the request, call one domain service with the actor and
// render a typed page model through html/template; they hold no rules of
// their own. Every page behind login carries personal data and is marked
// no-store.
package web

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"koto/internal/access"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/client"
	"koto/internal/i18n"
	"koto/internal/org"
)

// Deps are what the UI needs from the rest of the program.
type Deps struct {
	Auth          *auth.Service
	Orgs          *org.Service
	Clients       *client.Service
	Catalog       *i18n.Catalog
	Log           *slog.Logger
	SecureCookies bool           // true under TLS: cookies get Secure and the __Host- name prefix
	SSO           *oidc.Provider // staff single sign-on; nil when not configured
}

// Handler serves the staff UI.
type Handler struct {
	auth    *auth.Service
	orgs    *org.Service
	clients *client.Service
	catalog *i18n.Catalog
	log     *slog.Logger
	secure  bool
	pages   map[string]pageTemplate
	sso     *oidc.Provider // nil: no single sign-on
}

// New parses the embedded templates once. An error means a broken build.
func New(d Deps) (*Handler, error) {
	if d.Auth == nil || d.Orgs == nil || d.Clients == nil || d.Catalog == nil {
		return nil, fmt.Errorf("web: Auth, Orgs, Clients and Catalog are required")
	}
	if d.Log == nil {
		d.Log = slog.Default()
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	return &Handler{auth: d.Auth, orgs: d.Orgs, clients: d.Clients, catalog: d.Catalog, log: d.Log, secure: d.SecureCookies, pages: pages, sso: d.SSO}, nil
}

// Route is one entry of the UI's route table. Action is what the actor must
// be allowed to do ("" for public routes and for routes any logged-in user
// may use); Public routes need no session.
type Route struct {
	Pattern string
	Action  access.Action
	Public  bool
}

// route binds a Route to its handler.
type route struct {
	Route
	handle http.HandlerFunc
}

// table is the one route table of the UI.
func (h *Handler) table() []route {
	r := func(pattern string, action access.Action, public bool, fn http.HandlerFunc) route {
		return route{Route{Pattern: pattern, Action: action, Public: public}, fn}
	}
	rs := []route{
		r("GET /static/", "", true, h.staticFiles),
		r("GET /login", "", true, h.loginShow),
		r("POST /login", "", true, h.loginSubmit),
		r("POST /language", "", true, h.languageSet),
		r("POST /logout", "", false, h.logoutSubmit),
		r("GET /{$}", "", false, h.homeRedirect),
		r("GET /clients", access.ClientList, false, h.clientsList),
		r("POST /clients/search", access.ClientSearch, false, h.clientsSearch),
		r("GET /clients/new", access.ClientCreate, false, h.clientNew),
		r("POST /clients", access.ClientCreate, false, h.clientCreate),
		r("GET /clients/{id}", access.ClientRead, false, h.clientShow),
		r("GET /clients/{id}/edit", access.ClientUpdate, false, h.clientEdit),
		r("POST /clients/{id}", access.ClientUpdate, false, h.clientUpdate),
		r("GET /clients/{id}/history", access.ClientRead, false, h.clientHistory),
		r("GET /clients/{id}/access-log", access.AuditReadClient, false, h.accessLogShow),
		r("GET /account/password", "", false, h.passwordEdit),
		r("POST /account/password", "", false, h.passwordUpdate),
	}
	rs = append(rs, h.caseRoutes()...) // need-to-know, special-category data, supervisor screens (case_routes.go)
	rs = append(rs, h.authRoutes()...) // second factor, SSO, sessions, user administration (auth_routes.go)
	return rs
}

// Routes returns the route table (for the authorization-matrix test).
func (h *Handler) Routes() []Route {
	t := h.table()
	out := make([]Route, len(t))
	for i, r := range t {
		out[i] = r.Route
	}
	return out
}

// Register adds every UI route to mux. Protected routes get the session
// middleware and the route's action check.
func (h *Handler) Register(mux *http.ServeMux) {
	for _, r := range h.table() {
		var hd http.Handler = r.handle
		if !r.Public {
			hd = h.requireSession(r.Route, hd)
		}
		mux.Handle(r.Pattern, hd)
	}
}

// denyAsNotFound reports whether a refused route answers 404 rather than
// 403: anything naming one client must not reveal that the client exists.
func denyAsNotFound(pattern string) bool { return strings.Contains(pattern, "{id}") }
