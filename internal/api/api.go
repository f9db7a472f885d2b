// Package api is Koto's JSON API under /api/v1 for tools and integrations.
// Callers authenticate with a personal API token (Authorization: Bearer
// koto_…); every route is declared once in the route table with the action it
// needs, and every handler is parse → call the domain service → render. The
// services authorize and write the access log; this package only translates
// between HTTP and the domain.
//
// Errors are RFC 9457 problem documents (application/problem+json) in the
// caller's language. Personal data never travels in a URL: searches are
// POSTed, and only opaque client ids appear in paths.
package api

import (
	"log/slog"
	"net/http"
	"sort"
	"strings"

	"koto/internal/access"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/wire"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Deps are what the API needs from the core.
type Deps struct {
	wire.Services
	Catalog *i18n.Catalog
	Log     *slog.Logger
}

// API serves /api/v1.
type API struct {
	wire.Services
	catalog *i18n.Catalog
	log     *slog.Logger
	routes  []route
	// probes answer "which methods would match this path" for 405s: one
	// mux per method holding that method's path patterns.
	probes map[string]*http.ServeMux
}

// handlerFunc is an authenticated handler: it renders a success itself and
// returns an error for the caller to render as a problem.
type handlerFunc func(w http.ResponseWriter, r *http.Request, actor access.Actor) error

// route binds a route of the table (routes.go) to its handler.
type route struct {
	httpx.Route
	authed handlerFunc      // for routes that need a token
	public http.HandlerFunc // for public routes
}

// New returns the API over the core services.
func New(d Deps) *API {
	log := d.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a := &API{Services: d.Services, catalog: d.Catalog, log: log}
	a.routes = a.table()
	a.probes = map[string]*http.ServeMux{}
	for _, rt := range a.routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if a.probes[method] == nil {
			a.probes[method] = http.NewServeMux()
		}
		a.probes[method].HandleFunc(path, func(http.ResponseWriter, *http.Request) {})
	}
	return a
}

// Routes returns the route table: the one list Register serves and the
// OpenAPI document and the tests check against.
func (a *API) Routes() []httpx.Route {
	out := make([]httpx.Route, len(a.routes))
	for i, rt := range a.routes {
		out[i] = rt.Route
	}
	return out
}

// Register adds the API's routes to mux, plus a catch-all under the prefix so
// that unknown paths and wrong methods also answer with a problem document.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.routes {
		if rt.Public {
			mux.Handle(rt.Pattern, rt.public)
		} else {
			mux.Handle(rt.Pattern, a.authenticated(rt.Route, rt.authed))
		}
	}
	mux.HandleFunc(Prefix+"/", a.fallback)
}

// fallback answers requests that match no route: 405 with Allow when the path
// exists under another method, else 404.
func (a *API) fallback(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for method, probe := range a.probes {
		probeReq := r.Clone(r.Context())
		probeReq.Method = method
		if _, pattern := probe.Handler(probeReq); pattern != "" {
			allow = append(allow, method)
			if method == http.MethodGet {
				allow = append(allow, http.MethodHead)
			}
		}
	}
	if len(allow) == 0 {
		a.problem(w, r, errNotFoundRoute())
		return
	}
	sort.Strings(allow)
	w.Header().Set("Allow", strings.Join(allow, ", "))
	a.problem(w, r, &requestError{status: http.StatusMethodNotAllowed, key: "api.method_not_allowed"})
}
