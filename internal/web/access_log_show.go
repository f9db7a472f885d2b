package web

import (
	"net/http"
	"strings"

	"koto/internal/access"
)

// accessLogPage is the model of a client's access log.
type accessLogPage struct {
	page
	ID   string
	Rows []accessRow
	// CanExport: the DPO, who may make the client's access report.
	CanExport bool
	// BackURL is the client's page the reader may open: the card, or the
	// DPO's client page (ADR 38).
	BackURL string
}

type accessRow struct {
	At, User, Roles, Action, Touched, Result, Channel string
	// Username is the account name the log recorded, shown beside the
	// display name for the supervisor and the data-protection officer.
	Username string
	// Organisation names another organisation whose user made the
	// attempt; Via the home organisation of a user acting for this one.
	Organisation, Via string
	Denied            bool
	Appearance        bool // the client appeared in a search or list
}

// accessLogShow shows who accessed a client (supervisors and the DPO).
// Anyone else, and any client not of the organisation, gets 404.
func (h *Handler) accessLogShow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	entries, err := h.Clients.AccessLog(r.Context(), actor(r), id)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "web.access_log.title")
	m := accessLogPage{page: pg, ID: id, CanExport: actor(r).Can(access.SubjectExport), BackURL: "/clients/" + id}
	if !actor(r).Can(access.ClientOverview) && actor(r).Can(access.ClientIdentify) {
		m.BackURL = "/dpo/clients/" + id
	}
	for _, e := range entries {
		var roles []string
		for _, role := range strings.Split(e.Roles, ",") {
			if role != "" {
				roles = append(roles, pg.T("role."+role))
			}
		}
		m.Rows = append(m.Rows, accessRow{At: pg.Time(e.At), User: displayName(e.DisplayName, e.Username), Username: e.Username, Roles: strings.Join(roles, ", "),
			Action: translated(pg, "audit.action."+e.Action, e.Action), Touched: touchedText(pg, e.Touched),
			Result: translated(pg, "audit.result."+string(e.Result), string(e.Result)), Denied: e.Result == "denied",
			Channel: strings.ToUpper(e.Channel), Organisation: e.Organisation, Via: e.Via, Appearance: e.Appearance})
	}
	h.render(w, r, http.StatusOK, "access_log", m)
}

// translated returns the message of key, or raw when the catalog lacks it
// (a new action shows up as its code rather than breaking the page).
func translated(pg page, key, raw string) string {
	if pg.p.Has(key) {
		return pg.T(key)
	}
	return raw
}

// touchedText renders what an entry touched: "card,permits" or
// "fields:lastName,phone" or "search:name,results:3".
func touchedText(pg page, s string) string {
	if rest, ok := strings.CutPrefix(s, "fields:"); ok {
		var names []string
		for _, f := range strings.Split(rest, ",") {
			names = append(names, translated(pg, "field."+f, f))
		}
		return pg.T("audit.touched.fields") + ": " + strings.Join(names, ", ")
	}
	var parts []string
	for _, p := range strings.Split(s, ",") {
		key, value, ok := strings.Cut(p, ":")
		switch {
		case key == "results":
			parts = append(parts, pg.T("audit.touched.results", value))
		case key == "id":
			// the id of what the entry created: the row says enough
		case ok && pg.p.Has("audit.touched."+key+"."+value):
			parts = append(parts, pg.T("audit.touched."+key+"."+value))
		default:
			parts = append(parts, translated(pg, "audit.touched."+key, p))
		}
	}
	return strings.Join(parts, ", ")
}
