package web

import (
	"net/http"
	"strings"
	"time"

	"koto/internal/civil"
	"koto/internal/retention"
)

// retentionPage is the model of the data protection officer's retention
// page: the rules in words, the organisation's clients on legal hold, the
// deletion certificates, the daily job's last report and a dry-run
// preview for a chosen day.
type retentionPage struct {
	page
	Rules        []retentionRuleRow
	Held         []heldRow
	Certificates []certificateRow
	JobAt        string
	JobResult    string
	AsOf         string
	Errors       formErrors
	Fields       []field
	Preview      []previewRow // nil: no preview asked for
	PreviewAsOf  string
}

type retentionRuleRow struct{ Class, Rule string }

type heldRow struct{ ID, Name, Reason, Set string }

type certificateRow struct{ Class, AsOf, Count, At, RunBy, Hash string }

type previewRow struct{ Class, Count, Detail string }

// retentionShow shows the retention page; with ?as_of=YYYY-MM-DD (the
// preview form) it also runs the dry run for the organisation as of
// that day ("today" when the field is left empty but the form is sent).
func (h *Handler) retentionShow(w http.ResponseWriter, r *http.Request) {
	act := actor(r)
	o, err := h.Retention.Overview(r.Context(), act)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rules, err := h.Retention.Rules()
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "retention.page.title")
	m := retentionPage{page: pg}
	for _, c := range retention.Classes {
		if rule, ok := rules.Rule(c); ok {
			m.Rules = append(m.Rules, retentionRuleRow{Class: pg.T("retention.class." + string(c)), Rule: ruleText(pg, rule)})
		}
	}
	for _, hc := range o.Held {
		m.Held = append(m.Held, heldRow{ID: hc.ClientID, Name: hc.Name, Reason: hc.Reason, Set: pg.T("retention.hold.event", pg.Time(hc.SetAt), hc.SetBy)})
	}
	for _, c := range o.Certificates {
		m.Certificates = append(m.Certificates, certificateRow{Class: pg.T("retention.class." + string(c.Class)), AsOf: pg.Date(c.AsOf),
			Count: pg.T("retention.count", c.Count), At: pg.Time(c.At), RunBy: c.RunBy, Hash: c.Hash})
	}
	if !o.JobAt.IsZero() {
		m.JobAt, m.JobResult = pg.Time(o.JobAt), o.JobResult
	}
	status := http.StatusOK
	var errs formErrors
	if _, asked := r.URL.Query()["as_of"]; asked {
		m.AsOf = strings.TrimSpace(r.URL.Query().Get("as_of"))
		day := civil.DateOf(time.Now().In(civil.Helsinki))
		if m.AsOf != "" {
			if day, err = parseDate(m.AsOf); err != nil {
				errs.add("as_of", pg.T("retention.preview.bad_date"))
				status = http.StatusUnprocessableEntity
			}
		}
		if !errs.Any() {
			rep, err := h.Retention.Preview(r.Context(), act, day)
			if err != nil {
				h.fail(w, r, err)
				return
			}
			m.PreviewAsOf = pg.Date(day)
			m.Preview = []previewRow{}
			for _, l := range rep.Lines {
				m.Preview = append(m.Preview, previewLine(pg, l))
			}
		}
	}
	m.Errors = errs
	b := builder{p: pg.p, errs: errs}
	m.Fields = []field{b.date("as_of", "retention.preview.as_of", m.AsOf).withHint(pg.T("retention.preview.as_of_hint"))}
	h.render(w, r, status, "retention", m)
}

// ruleText says a rule in the user's language.
func ruleText(pg page, r retention.Rule) string {
	switch r.Class {
	case retention.ClassClient:
		var parts []string
		if r.YearsFromServiceEnd > 0 {
			parts = append(parts, pg.T("retention.rule.service_end", r.YearsFromServiceEnd))
		}
		if r.YearsFromDeath > 0 {
			parts = append(parts, pg.T("retention.rule.death", r.YearsFromDeath))
		}
		s := strings.Join(parts, pg.T("retention.rule.or"))
		if r.Archive {
			s += pg.T("retention.rule.archive")
		}
		return s
	case retention.ClassAccessLog:
		return pg.T("retention.rule.access_log", r.YearsKept)
	}
	return pg.T("retention.rule.expiry", r.DaysAfterExpiry)
}

func previewLine(pg page, l retention.Line) previewRow {
	row := previewRow{Class: pg.T("retention.class." + string(l.Class)), Count: pg.T("retention.count", l.Count)}
	switch l.Class {
	case retention.ClassClient:
		row.Detail = pg.T("retention.preview.held", l.Held)
	case retention.ClassAccessLog:
		if l.FirstYear != 0 {
			row.Detail = pg.T("retention.preview.years", l.FirstYear, l.LastYear)
		}
	}
	return row
}
