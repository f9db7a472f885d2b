package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Helsinki even on hosts without a zone database

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/consent"
	"koto/internal/gate"
	"koto/internal/httpx"
	"koto/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// sharedTemplates are parsed into every page's set.
var sharedTemplates = map[string]bool{"layout.html": true, "partials.html": true, "codes.html": true}

// pageNames lists the page templates: every templates/*.html except the
// layout and the partials. Each page is parsed with the layout and the
// partials into its own set, so every page may define "content"; a page
// is rendered by its file name without ".html".
func pageNames() ([]string, error) {
	paths, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, p := range paths {
		base := path.Base(p)
		if !sharedTemplates[base] {
			names = append(names, strings.TrimSuffix(base, ".html"))
		}
	}
	return names, nil
}

type pageTemplate = *template.Template

func parseTemplates() (map[string]pageTemplate, error) {
	names, err := pageNames()
	if err != nil {
		return nil, err
	}
	out := make(map[string]pageTemplate, len(names))
	for _, name := range names {
		t, err := template.New(name).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/codes.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// helsinki is the zone in which times are shown to staff.
var helsinki = mustZone("Europe/Helsinki")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// page is the part of every page model the layout needs. Page models embed
// it, so templates translate with {{.T "key"}}.
type page struct {
	p         *i18n.Printer
	Lang      string
	Title     string
	User      *userView // nil on public pages
	Here      string    // where the language switch returns to
	Nav       string    // the current nav item
	RequestID string
	Languages []langOption
	Footer    Footer
	Flash     string // a one-time confirmation ("Tiedot tallennettu.")
	// obs and clientID: on a client page, what the gate saw of the
	// client's restriction of processing during the page's own use
	// (RestrictionBanner, ADR 40).
	obs      *gate.Observation
	clientID string
	// SessionLeft and SessionIdle (seconds; 0 outside a session) let
	// koto.js warn before the session expires (ADR 18).
	SessionLeft, SessionIdle int
}

type userView struct {
	Name           string
	OrgCode        string
	CanList        bool
	CanCreate      bool
	CanReview      bool // the review queue of stated reasons
	CanManageUsers bool // user administration of the own organisation
	CanManageTeams bool // supervisors: teams and assignments
	// CanListReferrals and CanServices: the per-provider referral list and
	// the service catalogue.
	CanListReferrals, CanServices bool
	// CanDue: the start page of one's own clients and what is due.
	CanDue bool
	// CanReceive: a provider's received packages (ADR 31).
	CanReceive bool
	// CanDisclosureLog: the organisation's disclosure log.
	CanDisclosureLog bool
	// CanTransfers: the transfer requests between municipalities.
	CanTransfers bool
	// CanDPO: the data-protection officer's workspace (/dpo, ADR 39).
	CanDPO bool
}

type langOption struct {
	Code, Name string
	Selected   bool
}

// T translates key with args.
func (pg page) T(key string, args ...any) string { return pg.p.T(key, args...) }

// Date formats a calendar date as staff read it (d.m.yyyy in Finnish and
// Swedish, ISO in English); "" for no date.
func (pg page) Date(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	if pg.Lang == "en" {
		return d.String()
	}
	return fmt.Sprintf("%d.%d.%d", d.Day, int(d.Month), d.Year)
}

// Time formats an instant in Finnish local time.
func (pg page) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(helsinki)
	switch pg.Lang {
	case "fi":
		return t.Format("2.1.2006 15.04.05")
	case "sv":
		return t.Format("2.1.2006 15:04:05")
	}
	return t.Format("2006-01-02 15:04:05")
}

// newPage builds the common page model for r; titleKey names the title.
// A page about one client ({id} of a client route, whose request carries
// a gate.Observation) shows the banner of its restriction of processing.
func (h *Handler) newPage(r *http.Request, titleKey string) page {
	pg := h.basePage(r, titleKey)
	if obs := gate.ObservationFrom(r.Context()); obs != nil {
		pg.obs, pg.clientID = obs, r.PathValue("id")
	}
	return pg
}

// RestrictionBanner is the banner of a client page whose client the
// page's own use found restricted (GDPR art. 18, ADR 40); "" otherwise.
// The template asks at render time, after the page's read.
func (pg page) RestrictionBanner() string {
	since, ok := pg.obs.Restricted(pg.clientID)
	if !ok {
		return ""
	}
	return pg.T("restriction.banner", pg.Date(civil.DateOf(since.In(helsinki))))
}

// observe gives a client route's request a gate.Observation, so its page
// can show the banner of the client's restriction of processing.
func observe(fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, _ := gate.Observe(r.Context())
		fn(w, r.WithContext(ctx))
	}
}

// basePage builds the common page model for r without a client's banner.
func (h *Handler) basePage(r *http.Request, titleKey string) page {
	lang := language(r)
	p := h.catalog.Printer(lang)
	pg := page{p: p, Lang: p.Lang, Title: p.T(titleKey), RequestID: httpx.RequestID(r.Context()), Here: "/", Footer: h.footer}
	if r.Method == http.MethodGet {
		pg.Here = r.URL.RequestURI()
	}
	for _, l := range i18n.Languages {
		pg.Languages = append(pg.Languages, langOption{Code: l, Name: p.T("lang." + l), Selected: l == pg.Lang})
	}
	if key := flashKey(r); key != "" {
		pg.Flash = p.T(key)
	}
	if st, ok := sessionTimesOf(r); ok {
		pg.SessionLeft, pg.SessionIdle = max(int(st.Left/time.Second), 1), int(h.Auth.Policy().SessionIdle/time.Second)
	}
	if a, ok := httpx.ActorFrom(r.Context()); ok {
		pg.User = &userView{Name: displayName(a.DisplayName, a.Username), OrgCode: a.OrgCode, CanManageTeams: a.Can(access.ClientAssign),
			CanList: a.Can(access.ClientList), CanCreate: a.Can(access.ClientCreate),
			CanReview: a.Can(access.AccessReasonReview), CanManageUsers: a.Can(access.UserManage),
			CanListReferrals: a.Can(access.ReferralList), CanServices: a.Can(access.ReferralServiceList),
			CanDue: a.Can(access.TimelineDue), CanReceive: a.Can(access.DisclosureReceive), CanDisclosureLog: a.Can(access.DisclosureLog),
			CanTransfers: a.Can(access.TransferRead), CanDPO: a.Can(access.SubjectRequestRead)}
	}
	return pg
}

// render executes a page into a buffer first, so a template error gives a
// clean 500 instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	t, ok := h.pages[name]
	if !ok {
		h.log.Error("render failed: no such page", "request_id", httpx.RequestID(r.Context()), "template", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		h.log.Error("render failed", "request_id", httpx.RequestID(r.Context()), "template", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h.clearFlash(w, r) // shown now, if there was one
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// errorPage is the model of the 403, 404 and 500 pages.
type errorPage struct {
	page
	Status  int
	Message string
	// Next and NextLabel: where the user can put the matter right, if
	// anywhere (the consents of a client whose consent is required).
	Next, NextLabel string
}

// errorPage renders the page for status. The 500 page shows the request id
// so support can find the log line; no cause is ever shown.
func (h *Handler) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	httpx.NoStore(w)
	key := "error.internal"
	switch status {
	case http.StatusNotFound:
		key = "error.not_found"
	case http.StatusForbidden:
		key = "error.forbidden"
	}
	pg := h.basePage(r, fmt.Sprintf("web.error.title.%d", status))
	msg := pg.T(key)
	if status == http.StatusInternalServerError {
		msg = pg.T(key, pg.RequestID)
	}
	h.render(w, r, status, "error", errorPage{page: pg, Status: status, Message: msg})
}

// fail answers a domain error that has no better place on the page: 404
// for anything not found (or not the caller's), 403, and otherwise 500 with
// the cause logged.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	if consent.IsConsentRequired(err) {
		h.consentRequired(w, r)
		return
	}
	if gate.IsRestricted(err) {
		// Refused for the client's restriction of processing: the page
		// says why (ADR 40).
		httpx.NoStore(w)
		pg := h.basePage(r, "web.error.title.403")
		h.render(w, r, http.StatusForbidden, "error", errorPage{page: pg, Status: http.StatusForbidden, Message: pg.T(gate.RestrictedKey)})
		return
	}
	status := httpx.Status(err)
	switch status {
	case http.StatusNotFound, http.StatusForbidden:
	case http.StatusUnauthorized:
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	default:
		status = http.StatusInternalServerError
		if apperr.KindOf(err) == apperr.Internal {
			httpx.LogError(h.log, r, err)
		} else { // a kind this page has no place for: a bug worth a log line
			h.log.Error("unhandled error kind", "request_id", httpx.RequestID(r.Context()), "route", r.Pattern, "kind", apperr.KindOf(err).String())
		}
	}
	h.errorPage(w, r, status)
}

// consentRequired answers casework refused after the client's integration
// period for want of consent (409): the reason, and the way to the
// client's consents where the consent is recorded.
func (h *Handler) consentRequired(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	pg := h.basePage(r, "consents.required.title")
	m := errorPage{page: pg, Status: http.StatusConflict, Message: pg.T(consent.ConsentRequiredKey)}
	if id := r.PathValue("id"); id != "" {
		m.Next, m.NextLabel = "/clients/"+id+"/consents", pg.T("consents.required.link")
	}
	h.render(w, r, http.StatusConflict, "error", m)
}

// actor returns the request's actor; protected routes always have one.
func actor(r *http.Request) access.Actor {
	a, _ := httpx.ActorFrom(r.Context())
	return a
}
