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

	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/auth"
	"koto/internal/auth/oidc"
	"koto/internal/authority"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/due"
	"koto/internal/gate"
	"koto/internal/handover"
	"koto/internal/i18n"
	"koto/internal/note"
	"koto/internal/org"
	"koto/internal/overview"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/privacy"
	"koto/internal/referral"
	"koto/internal/subject"
	"koto/internal/timeline"
)

// Deps are what the UI needs from the rest of the program.
type Deps struct {
	Auth        *auth.Service
	Orgs        *org.Service
	Clients     *client.Service
	Referrals   *referral.Service // providers, the service catalogue, referrals
	Notes       *note.Service
	Consents    *consent.Service
	Disclosures *disclosure.Service // provider packages, disclosure logs, a provider's inbox
	Attachments *attachment.Service
	Authority   *authority.Service // authorities' requests for a client's data
	// Handover runs transfers between municipalities.
	Handover *handover.Service
	// Subjects: the data subject's access report and portable copy.
	Subjects      *subject.Service
	Plans         *plan.Service
	Assessments   *assessment.Service
	Placements    *placement.Service  // reception, placement, household links
	Timeline      *timeline.Service   // the client timeline
	Overview      *overview.Service   // the client card as an overview
	Due           *due.Service        // a caseworker's own clients and what is due
	Gate          gate.Store[gate.Tx] // logs refusals at the routes
	Catalog       *i18n.Catalog
	Log           *slog.Logger
	SecureCookies bool           // true under TLS: cookies get Secure and the __Host- name prefix
	SSO           *oidc.Provider // staff single sign-on; nil when not configured
	Footer        FooterConfig   // the deployment's footer links
	Privacy       privacy.Config // the controllers in the generated privacy notice (/privacy)
	SavedForms    SavedForms     // forms kept across an expired session; nil: not kept

	// DisclosureLogs reads the organisation-wide disclosure log.
	DisclosureLogs *disclosure.LogService
}

// Handler serves the staff UI.
type Handler struct {
	auth        *auth.Service
	orgs        *org.Service
	clients     *client.Service
	referrals   *referral.Service
	gate        gate.Store[gate.Tx]
	catalog     *i18n.Catalog
	log         *slog.Logger
	secure      bool
	pages       map[string]pageTemplate
	sso         *oidc.Provider // nil: no single sign-on
	footer      Footer
	notes       *note.Service
	consents    *consent.Service
	disclose    *disclosure.Service
	plans       *plan.Service
	assess      *assessment.Service
	attachments *attachment.Service
	authority   *authority.Service
	handover    *handover.Service
	notice      privacy.Notice // the generated privacy notice
	subjects    *subject.Service
	// placements: reception, placement, household links.
	placements *placement.Service
	timeline   *timeline.Service
	overview   *overview.Service
	due        *due.Service
	// savedForms keeps forms posted after the session expired; nil: off.
	savedForms SavedForms

	// disclosureLogs: the organisation-wide disclosure log.
	disclosureLogs *disclosure.LogService
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
	return &Handler{auth: d.Auth, orgs: d.Orgs, clients: d.Clients, referrals: d.Referrals, notes: d.Notes, plans: d.Plans,
		assess: d.Assessments, placements: d.Placements, timeline: d.Timeline, overview: d.Overview, due: d.Due, consents: d.Consents,
		disclose: d.Disclosures, attachments: d.Attachments, disclosureLogs: d.DisclosureLogs, authority: d.Authority, handover: d.Handover,
		subjects: d.Subjects, gate: d.Gate, catalog: d.Catalog, log: d.Log, secure: d.SecureCookies, pages: pages, sso: d.SSO,
		footer: d.Footer.links(), notice: privacy.Build(d.Privacy), savedForms: d.SavedForms}, nil
}
