package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/plan"
	"koto/internal/services"
)

// plansPath is the address of a client's plans, or of one plan with
// further path segments.
func plansPath(clientID string, rest ...string) string {
	p := "/clients/" + clientID + "/plans"
	for _, s := range rest {
		p += "/" + s
	}
	return p
}

// planListPage is the model of a client's list of plans.
type planListPage struct {
	page
	ClientID  string
	Plans     []planRow
	CanCreate bool
}

type planRow struct {
	URL, Kind, Period, Closed string
	Version                   int
}

// planPage is the model of one plan version: the current one or an older
// one exactly as saved, with the version list, warnings (acknowledge
// buttons on every version), follow-up entries and PDF links.
type planPage struct {
	page
	ClientID, PlanID string
	Number           int
	Current          bool
	CurrentURL       string
	Kind, Period     string
	Goals            []string
	Measures         []measureRow
	Reviews          []string
	Closed           string
	Saved            string
	Warnings         []warningRow
	Versions         []versionRow
	FollowUps        []followUpRow
	PDFs             []pdfLink
	CanRevise        bool
	CanFollowUp      bool
	CanAcknowledge   bool
	FollowUpDate     field
	FollowUpText     field
	Errors           formErrors
}

type warningRow struct {
	Code, Message, Law, Acknowledged, AckURL string
}

type versionRow struct {
	Number      int
	URL, Saved  string
	IsShown     bool
	IsCurrent   bool
	SavedByName string
}

type followUpRow struct{ Date, Text, By string }

// measureRow is an agreed measure; ReferURL, on the current version of a
// measure with a national service kind, opens the client's referral form
// with that service chosen.
type measureRow struct{ Text, ReferURL, ReferLabel string }

type pdfLink struct{ URL, Label string }

// planModel fills the page model of version v of a plan whose current
// version is current (0 when v is the current one) from p.
func (h *Handler) planModel(r *http.Request, clientID string, p plan.Plan, v plan.Version) planPage {
	a := actor(r)
	m := planPage{page: h.newPage(r, "plan.kind."+v.Kind), ClientID: clientID, PlanID: v.PlanID, Number: v.Number,
		Current: v.Number == p.Number || p.Number == 0, CurrentURL: plansPath(clientID, v.PlanID),
		CanRevise: a.Can(access.PlanRevise), CanFollowUp: a.Can(access.PlanFollowUp), CanAcknowledge: a.Can(access.PlanAcknowledge)}
	m.Kind = m.T("plan.kind." + v.Kind)
	m.Period = dateText(v.StartDate) + " – " + dateText(v.EndDate)
	m.Goals = v.Goals
	for _, ms := range v.Measures {
		s := ms.Text
		if ms.ServiceKind != "" {
			s += " (" + serviceName(m.T, ms.ServiceKind, m.Lang) + ")"
		}
		if !ms.Start.IsZero() || !ms.End.IsZero() {
			s += ", " + dateText(ms.Start) + " – " + dateText(ms.End)
		}
		row := measureRow{Text: s}
		if m.Current && a.Can(access.ReferralCreate) && services.IsNational(ms.ServiceKind) {
			row.ReferURL = "/clients/" + clientID + "/referrals?" + url.Values{"service": {ms.ServiceKind}}.Encode() + "#h-new-referral"
			row.ReferLabel = m.T("plan.refer", services.Name(ms.ServiceKind, m.Lang))
		}
		m.Measures = append(m.Measures, row)
	}
	for _, d := range v.ReviewDates {
		m.Reviews = append(m.Reviews, dateText(d))
	}
	if !v.ClosedOn.IsZero() {
		m.Closed = dateText(v.ClosedOn) + " — " + v.CloseReason
	}
	m.Saved = m.Time(v.SavedAt) + " " + v.SavedByName
	for _, w := range v.Warnings {
		row := warningRow{Code: w.Code, Message: m.T("plan.warning."+w.Code, w.Months), Law: w.Law,
			AckURL: plansPath(clientID, v.PlanID, "versions", strconv.Itoa(v.Number), "warnings", w.Code, "acknowledge")}
		if w.AckedAt != nil {
			row.Acknowledged = m.T("plan.acknowledged_by", w.AckedByName, m.Time(*w.AckedAt))
		}
		m.Warnings = append(m.Warnings, row)
	}
	for _, vi := range p.Versions {
		m.Versions = append(m.Versions, versionRow{Number: vi.Number, URL: plansPath(clientID, v.PlanID, "versions", strconv.Itoa(vi.Number)),
			Saved: m.Time(vi.SavedAt), SavedByName: vi.SavedByName, IsShown: vi.Number == v.Number, IsCurrent: vi.Number == p.Number})
	}
	for _, f := range p.FollowUps {
		m.FollowUps = append(m.FollowUps, followUpRow{Date: dateText(f.Date), Text: f.Text, By: f.CreatedByName})
	}
	for _, l := range plan.PrintLanguages {
		m.PDFs = append(m.PDFs, pdfLink{URL: plansPath(clientID, v.PlanID, "pdf") + "?lang=" + l, Label: m.T("plan.pdf_in", m.T("lang."+l))})
	}
	m.setFollowUpForm("", "")
	return m
}

func (m *planPage) setFollowUpForm(date, text string) {
	b := builder{p: m.p, errs: m.Errors}
	m.FollowUpDate = b.date("date", "plan.follow_up.date", date).required()
	m.FollowUpText = b.text("text", "plan.follow_up.text", text).as("textarea").required()
}

func dateText(d civil.Date) string {
	if d.IsZero() {
		return "–"
	}
	return strconv.Itoa(d.Day) + "." + strconv.Itoa(int(d.Month)) + "." + strconv.Itoa(d.Year)
}

// planFormPage is the model of the create and revise form.
type planFormPage struct {
	page
	ClientID, Action, Cancel string
	Version                  int
	Notice                   string
	Errors                   formErrors
	Kind, Start, End         field
	Goals, Reviews           field
	Measures                 []measureFields
	ClosedOn, CloseReason    field
	Revise                   bool
}

type measureFields struct {
	Legend                 string
	Text, Kind, Start, End field
}

// planFormRows is how many measure rows the form offers beyond the
// plan's own.
const planFormRows = 2

// planForm builds the form for c (the plan as read, or as posted).
func (h *Handler) planForm(r *http.Request, clientID string, c plan.Content, raw map[string]string, errs formErrors) planFormPage {
	pg := h.newPage(r, "plan.new_title")
	m := planFormPage{page: pg, ClientID: clientID, Action: plansPath(clientID), Cancel: plansPath(clientID), Errors: errs}
	b := builder{p: pg.p, errs: errs}
	get := func(name, fallback string) string {
		if v, ok := raw[name]; ok {
			return v
		}
		return fallback
	}
	dateOf := func(d civil.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	m.Kind = b.choice("kind", "plan.field.kind", get("kind", c.Kind), "plan.kind.", plan.Kinds).required()
	m.Start = b.date("startDate", "plan.field.start", get("startDate", dateOf(c.StartDate))).required()
	m.End = b.date("endDate", "plan.field.end", get("endDate", dateOf(c.EndDate))).required()
	m.Goals = b.text("goals", "plan.field.goals", get("goals", strings.Join(c.Goals, "\n"))).as("textarea").required().withHint(pg.T("plan.hint.one_per_line"))
	m.Goals.Rows = 4
	var reviews []string
	for _, d := range c.ReviewDates {
		reviews = append(reviews, d.String())
	}
	m.Reviews = b.text("reviewDates", "plan.field.reviews", get("reviewDates", strings.Join(reviews, "\n"))).as("textarea").withHint(pg.T("plan.hint.dates"))
	n := len(c.Measures) + planFormRows
	for i := 0; i < n; i++ {
		var ms plan.Measure
		if i < len(c.Measures) {
			ms = c.Measures[i]
		}
		pre := "measures[" + strconv.Itoa(i) + "]."
		f := measureFields{Legend: pg.T("plan.measure_n", i+1),
			Text:  b.text(pre+"text", "plan.field.measure_text", get(pre+"text", ms.Text)),
			Kind:  serviceChoice(b, pre+"serviceKind", get(pre+"serviceKind", services.Current(ms.ServiceKind)), pg.Lang),
			Start: b.date(pre+"start", "plan.field.measure_start", get(pre+"start", dateOf(ms.Start))),
			End:   b.date(pre+"end", "plan.field.measure_end", get(pre+"end", dateOf(ms.End)))}
		m.Measures = append(m.Measures, f)
	}
	m.ClosedOn = b.date("closedOn", "plan.field.closed_on", get("closedOn", dateOf(c.ClosedOn)))
	m.CloseReason = b.text("closeReason", "plan.field.close_reason", get("closeReason", c.CloseReason))
	return m
}

// planField maps a field of the plan's validation to the form's: the
// goals and review dates are one textarea each.
func planField(name string) string {
	for _, f := range []string{"goals", "reviewDates"} {
		if strings.HasPrefix(name, f+"[") {
			return f
		}
	}
	return name
}

// planFromForm reads the posted form: the content, the raw values to show
// again, and the fields whose dates did not parse.
func planFromForm(r *http.Request) (plan.Content, map[string]string, []apperr.FieldError) {
	raw := map[string]string{}
	var bad []apperr.FieldError
	val := func(name string) string {
		v := r.PostFormValue(name)
		raw[name] = v
		return strings.TrimSpace(v)
	}
	date := func(name, v string) civil.Date {
		if v == "" {
			return civil.Date{}
		}
		d, err := civil.ParseDate(v)
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: name, Key: "validation.date"})
		}
		return d
	}
	c := plan.Content{Kind: val("kind"), CloseReason: val("closeReason")}
	c.StartDate = date("startDate", val("startDate"))
	c.EndDate = date("endDate", val("endDate"))
	c.ClosedOn = date("closedOn", val("closedOn"))
	c.Goals = strings.Split(val("goals"), "\n")
	for _, line := range strings.Split(val("reviewDates"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			c.ReviewDates = append(c.ReviewDates, date("reviewDates", line))
		}
	}
	for i := 0; i < plan.MaxMeasures; i++ {
		pre := "measures[" + strconv.Itoa(i) + "]."
		if _, ok := r.PostForm[pre+"text"]; !ok {
			break
		}
		c.Measures = append(c.Measures, plan.Measure{Text: val(pre + "text"), ServiceKind: val(pre + "serviceKind"),
			Start: date(pre+"start", val(pre+"start")), End: date(pre+"end", val(pre+"end"))})
	}
	return c, raw, bad
}

// serviceChoice is the select of a measure's service kind: the national
// list by name in lang (package services, the list referrals use).
func serviceChoice(b builder, name, value, lang string) field {
	f := b.input("select", name, "plan.field.service_kind", value)
	f.Options = append(f.Options, option{Value: "", Label: b.p.T("web.choose"), Selected: value == ""})
	for _, k := range services.National {
		f.Options = append(f.Options, option{Value: k.Code, Label: k.Name(lang), Selected: k.Code == value})
	}
	return f
}

// serviceName names a service kind of a saved measure in lang; a code on
// no list (never saved by Koto itself) reads as "unknown service".
func serviceName(t func(string, ...any) string, code, lang string) string {
	if n := services.Name(code, lang); n != "" {
		return n
	}
	return t("plan.service_kind_unknown")
}
