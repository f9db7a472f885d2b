package web

import (
	"net/http"
	"strings"
)

// FooterConfig is the deployment's footer: the organisation's
// accessibility statement and privacy notice, and user support (an e-mail
// address or a URL). Empty URLs link to Koto's built-in pages.
type FooterConfig struct {
	AccessibilityURL, PrivacyURL, SupportContact string
}

// Footer is the footer the layout renders on every page.
type Footer struct {
	Accessibility, Privacy string
	Support                *supportLink // nil: none configured
}

type supportLink struct{ Href, Text string }

// links resolves the configuration into the footer's links.
func (c FooterConfig) links() Footer {
	f := Footer{Accessibility: "/accessibility", Privacy: "/privacy"}
	if c.AccessibilityURL != "" {
		f.Accessibility = c.AccessibilityURL
	}
	if c.PrivacyURL != "" {
		f.Privacy = c.PrivacyURL
	}
	if s := strings.TrimSpace(c.SupportContact); s != "" {
		href := s
		if !strings.Contains(s, "://") {
			href = "mailto:" + s
		}
		f.Support = &supportLink{Href: href, Text: s}
	}
	return f
}

// statementPage is the model of the built-in accessibility statement and
// privacy-notice pages.
type statementPage struct {
	page
}

// accessibilityShow is Koto's built-in accessibility statement about its
// own conformance, for deployments that do not link their own.
func (h *Handler) accessibilityShow(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "statement.accessibility.title")
	pg.Here = "/accessibility"
	h.render(w, r, http.StatusOK, "accessibility", statementPage{page: pg})
}
