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
	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/auth"
	"koto/internal/authority"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/due"
	"koto/internal/gate"
	"koto/internal/handover"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/natrep"
	"koto/internal/note"
	"koto/internal/org"
	"koto/internal/overview"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
	"koto/internal/subject"
	"koto/internal/timeline"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Deps are what the API needs from the core.
type Deps struct {
	Auth    *auth.Service
	Orgs    *org.Service
	Clients *client.Service
	// Referrals is the referral capability: providers, services, referrals.
	Referrals *referral.Service
	Notes     *note.Service
	Consents  *consent.Service
	// Disclosures: the package to a service provider, the client's
	// disclosure log and a provider's inbox (ADR 31).
	Disclosures *disclosure.Service
	// Attachments: a client's documents (issue 14 item 7).
	Attachments *attachment.Service
	Plans       *plan.Service
	// Authority: authorities' requests for a client's data.
	Authority *authority.Service
	// Subjects: the data subject's access report and portable copy.
	Subjects *subject.Service
	// Assessments serves backgrounds, language tests and assessments.
	Assessments *assessment.Service
	// Placements: reception, placement and household links.
	Placements *placement.Service
	// Natrep exports the national repository records (decree 874/2024).
	Natrep *natrep.Service
	// Handover exports and imports integration records and runs transfers.
	Handover *handover.Service
	// Timeline is the client timeline; Overview the client overview.
	Timeline *timeline.Service
	Overview *overview.Service
	// Due: the caller's own clients and what is due for them.
	Due *due.Service
	// DisclosureLogs reads the organisation-wide disclosure log.
	DisclosureLogs *disclosure.LogService
	// Gate logs refusals at the routes (gate.Denied).
	Gate    gate.Store[gate.Tx]
	Catalog *i18n.Catalog
	Log     *slog.Logger
}

// API serves /api/v1.
type API struct {
	auth        *auth.Service
	orgs        *org.Service
	clients     *client.Service
	referrals   *referral.Service
	gate        gate.Store[gate.Tx]
	catalog     *i18n.Catalog
	log         *slog.Logger
	routes      []route
	notes       *note.Service
	consents    *consent.Service
	disclosure  *disclosure.Service
	plans       *plan.Service
	assess      *assessment.Service
	placements  *placement.Service
	natrep      *natrep.Service
	timeline    *timeline.Service
	overview    *overview.Service
	due         *due.Service
	attachments *attachment.Service
	// disclosureLogs: the organisation-wide disclosure log.
	disclosureLogs *disclosure.LogService
	authority      *authority.Service
	handover       *handover.Service
	subjects       *subject.Service
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
	a := &API{auth: d.Auth, orgs: d.Orgs, clients: d.Clients, referrals: d.Referrals, notes: d.Notes, plans: d.Plans, assess: d.Assessments, placements: d.Placements, natrep: d.Natrep, timeline: d.Timeline, overview: d.Overview, due: d.Due, consents: d.Consents, disclosure: d.Disclosures, gate: d.Gate, catalog: d.Catalog, log: log, attachments: d.Attachments, disclosureLogs: d.DisclosureLogs, authority: d.Authority, handover: d.Handover, subjects: d.Subjects}
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
