package web

import (
	"net/url"
	"strconv"
	"strings"

	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/services"
	"koto/internal/timeline"
)

// timelineRow is one event as the UI shows it: the time, what happened in
// the reader's language (names, never codes) and a link to the record.
type timelineRow struct {
	At, What, Href string
	Sensitive      bool
}

// timelineRows names the events of clientID's timeline for the reader.
func timelineRows(pg page, clientID string, es []timeline.Event) []timelineRow {
	rows := make([]timelineRow, 0, len(es))
	for _, e := range es {
		rows = append(rows, timelineRow{At: pg.Time(e.At), What: eventText(pg, e),
			Href: eventHref(clientID, e), Sensitive: e.Sensitive})
	}
	return rows
}

// eventText is "what happened: detail, date" with the detail named from
// its code.
func eventText(pg page, e timeline.Event) string {
	kind := string(e.Kind)
	detail := ""
	switch {
	case e.Kind == timeline.Permit && e.Code != "":
		detail = pg.T("permit.outcome." + e.Code)
	case e.Kind == timeline.Assessment:
		detail = pg.T("assessment.kind." + e.Code)
	case e.Kind == timeline.LanguageTest:
		detail = pg.T("assessment.test_kind." + e.Code)
	case e.Kind == timeline.PlanCreated || e.Kind == timeline.PlanRevised:
		detail = pg.T("timeline.version", e.Version)
	case strings.HasPrefix(kind, "referral."):
		kind = "referral"
		detail = pg.T("referral.status."+strings.TrimPrefix(string(e.Kind), "referral.")) + " – " + serviceText(pg, e.Code)
	case e.Kind == timeline.Note && e.Sensitive:
		detail = pg.T("timeline.sensitive")
	case e.Kind == timeline.Note:
		detail = pg.T("note.type." + e.Code)
	case e.Kind == timeline.Placement && e.Code != "":
		detail = pg.CodeName(codes.MunicipalityList, e.Code)
	case e.Kind == timeline.Household:
		detail = pg.T("household.kind." + e.Code)
	case e.Kind == timeline.ServiceEnd && e.Code != "":
		detail = pg.T(client.ReasonKey(e.Code))
	}
	parts := []string{pg.T("timeline.kind." + kind)}
	if detail != "" {
		parts[0] += ": " + detail
	}
	if !e.Date.IsZero() {
		parts = append(parts, pg.Date(e.Date))
	}
	return strings.Join(parts, ", ")
}

// serviceText names a referral's service: the national catalogue's name,
// or for a service of the organisation's own catalogue a generic name
// (the timeline reads no catalogue).
func serviceText(pg page, code string) string {
	if n := services.Name(code, pg.Lang); n != "" {
		return n
	}
	return pg.T("timeline.own_service")
}

// eventHref is the page of the event's record.
func eventHref(clientID string, e timeline.Event) string {
	c := "/clients/" + url.PathEscape(clientID)
	id := url.PathEscape(e.ID)
	switch {
	case e.Kind == timeline.Permit:
		return c + "#h-permits"
	case e.Kind == timeline.Assessment:
		return c + "/assessments/" + id
	case e.Kind == timeline.LanguageTest:
		return c + "/assessment"
	case e.Kind == timeline.PlanCreated || e.Kind == timeline.PlanRevised:
		return c + "/plans/" + id + "/versions/" + strconv.Itoa(e.Version)
	case e.Kind == timeline.PlanFollowUp:
		return c + "/plans/" + id
	case strings.HasPrefix(string(e.Kind), "referral."):
		return c + "/referrals#ref-" + id
	case e.Kind == timeline.Note || e.Kind == timeline.NoteAmendment:
		return c + "/notes#note-" + id
	case e.Kind == timeline.Placement:
		return c + "/placement"
	case e.Kind == timeline.Household:
		return "/clients/" + id
	}
	return c
}
