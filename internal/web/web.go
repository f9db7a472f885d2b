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

	"koto/internal/auth/oidc"
	"koto/internal/i18n"
	"koto/internal/privacy"
	"koto/internal/wire"
)

// Deps are what the UI needs from the rest of the program.
type Deps struct {
	wire.Services
	Catalog       *i18n.Catalog
	Log           *slog.Logger
	SecureCookies bool           // true under TLS: cookies get Secure and the __Host- name prefix
	SSO           *oidc.Provider // staff single sign-on; nil when not configured
	Footer        FooterConfig   // the deployment's footer links
	Privacy       privacy.Config // the controllers in the generated privacy notice (/privacy)
	SavedForms    SavedForms     // forms kept across an expired session; nil: not kept
}

// Handler serves the staff UI.
type Handler struct {
	wire.Services
	catalog *i18n.Catalog
	log     *slog.Logger
	secure  bool
	pages   map[string]pageTemplate
	sso     *oidc.Provider // nil: no single sign-on
	footer  Footer
	notice  privacy.Notice // the generated privacy notice
	// savedForms keeps forms posted after the session expired; nil: off.
	savedForms SavedForms
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
	return &Handler{Services: d.Services, catalog: d.Catalog, log: d.Log, secure: d.SecureCookies, pages: pages, sso: d.SSO,
		footer: d.Footer.links(), notice: privacy.Build(d.Privacy), savedForms: d.SavedForms}, nil
}
