package web

import (
	"net/http"

	"koto/internal/i18n"
	"koto/internal/privacy"
)

// privacyPage is the model of the generated privacy notice.
type privacyPage struct {
	page
	privacy.Notice
	Retention []string // the retention rules in words
	OwnNotice string   // the organisation's own notice when configured (KOTO_PRIVACY_URL)
}

// privacyShow is the privacy notice generated from configuration and use
// (package privacy), public: no login. ?lang=fi|sv|en chooses the
// language over the cookie and the browser's.
func (h *Handler) privacyShow(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "privacy.title")
	if lang := r.URL.Query().Get("lang"); i18n.Supported(lang) {
		pg.p = h.catalog.Printer(lang)
		pg.Lang, pg.Title = pg.p.Lang, pg.p.T("privacy.title")
		for i := range pg.Languages {
			pg.Languages[i].Selected = pg.Languages[i].Code == pg.Lang
		}
	}
	pg.Here = "/privacy"
	m := privacyPage{page: pg, Notice: h.notice}
	if pg.Footer.Privacy != "/privacy" {
		m.OwnNotice = pg.Footer.Privacy
	}
	for _, rule := range h.notice.Retention {
		m.Retention = append(m.Retention, pg.T("privacy.retention."+rule.Class+"."+rule.From, rule.Years))
	}
	h.render(w, r, http.StatusOK, "privacy", m)
}
