package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/auditlog"

	"koto/internal/httpx"
)

// The organisation-wide access log (audit.read_org, ADR 38).

// orgLogJSON is a page of the organisation's access log.
type orgLogJSON struct {
	Items []orgLogItemJSON `json:"items"`
	// Next is the cursor of the next page (?cursor=); absent on the last.
	Next string `json:"next,omitempty"`
}

type orgLogItemJSON struct {
	ID           string    `json:"id"`
	At           time.Time `json:"at"`
	UserID       string    `json:"userId"`
	User         string    `json:"user"`
	UserName     string    `json:"userName"`
	Organisation string    `json:"organisation"`
	Via          string    `json:"via,omitempty"`
	Roles        []string  `json:"roles"`
	Action       string    `json:"action"`
	ActionName   string    `json:"actionName"`
	ClientID     string    `json:"clientId,omitempty"`
	KotoID       string    `json:"kotoId,omitempty"`
	ClientName   string    `json:"clientName,omitempty"`
	Touched      string    `json:"touched"`
	Shown        []string  `json:"shown"`
	Result       string    `json:"result"`
	Channel      string    `json:"channel"`
	RequestID    string    `json:"requestId"`
}

// orgLogQuery reads the log's filters from the query string.
func orgLogQuery(r *http.Request) auditlog.Query {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	return auditlog.Query{From: q.Get("from"), To: q.Get("to"), User: q.Get("user"), Client: q.Get("client"),
		Action: q.Get("action"), Result: q.Get("result"), Cursor: q.Get("cursor"), Limit: limit}
}

func orgLogItem(names auditlog.Names, e auditlog.Entry) orgLogItemJSON {
	roles := []string{}
	if e.Roles != "" {
		roles = strings.Split(e.Roles, ",")
	}
	shown := e.Shown
	if shown == nil {
		shown = []string{}
	}
	return orgLogItemJSON{ID: e.ID, At: e.At.UTC(), UserID: e.UserID, User: e.Username, UserName: e.DisplayName,
		Organisation: e.OrgID, Via: e.Via, Roles: roles, Action: e.Action, ActionName: names.Action(e.Action),
		ClientID: e.ClientID, KotoID: e.Client.KotoID, ClientName: e.Client.Name, Touched: e.Touched, Shown: shown,
		Result: string(e.Result), Channel: e.Channel, RequestID: e.RequestID}
}

// orgAccessLog answers a page of the organisation's access log
// (?from=&to=&user=&client=&action=&result=&cursor=&limit=).
func (a *API) orgAccessLog(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	pg, err := a.AuditLog.Page(r.Context(), actor, orgLogQuery(r))
	if err != nil {
		return err
	}
	p := a.printer(r)
	names := auditlog.Names{T: p.T, Has: p.Has}
	out := orgLogJSON{Items: make([]orgLogItemJSON, 0, len(pg.Entries)), Next: pg.Next}
	for _, e := range pg.Entries {
		out.Items = append(out.Items, orgLogItem(names, e))
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// orgAccessLogCSV streams the whole filtered log as CSV (csvout).
func (a *API) orgAccessLogCSV(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.orgAccessLogDownload(w, r, actor, httpx.CSV)
}

// orgAccessLogXLSX streams the whole filtered log as an .xlsx workbook
// whose cells are all text.
func (a *API) orgAccessLogXLSX(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.orgAccessLogDownload(w, r, actor, httpx.XLSX)
}

// orgAccessLogDownload streams the log in the caller's language
// (Accept-Language), names for codes (httpx.StreamTable).
func (a *API) orgAccessLogDownload(w http.ResponseWriter, r *http.Request, actor access.Actor, f httpx.TableFormat) error {
	p := a.printer(r)
	names := auditlog.Names{T: p.T, Has: p.Has}
	return httpx.StreamTable(w, r, a.log, f, "access-log-"+actor.OrgCode, names.Header(), func(emit func([]string) error) error {
		return a.AuditLog.Each(r.Context(), actor, orgLogQuery(r), f.Ext, func(e auditlog.Entry) error { return emit(names.Row(e)) })
	})
}

// userReportJSON is a user's report.
type userReportJSON struct {
	UserID    string                 `json:"userId"`
	User      string                 `json:"user"`
	UserName  string                 `json:"userName"`
	Total     int                    `json:"total"`
	Denied    int                    `json:"denied"`
	Truncated bool                   `json:"truncated"`
	Actions   []userReportActionJSON `json:"actions"`
	Clients   []userReportClientJSON `json:"clients"`
}

type userReportActionJSON struct {
	Action     string `json:"action"`
	ActionName string `json:"actionName"`
	Count      int    `json:"count"`
}

type userReportClientJSON struct {
	ClientID   string                 `json:"clientId"`
	KotoID     string                 `json:"kotoId,omitempty"`
	ClientName string                 `json:"clientName,omitempty"`
	Count      int                    `json:"count"`
	Denied     int                    `json:"denied"`
	Reasons    []userReportReasonJSON `json:"reasons"`
	Entries    []orgLogItemJSON       `json:"entries"`
}

type userReportReasonJSON struct {
	ID         string     `json:"id"`
	Code       string     `json:"code"`
	Text       string     `json:"text"`
	GivenAt    time.Time  `json:"givenAt"`
	ReviewedAt *time.Time `json:"reviewedAt,omitempty"`
}

// orgAccessLogUser answers a user's report (?from=&to=). A user of another
// organisation is 404.
func (a *API) orgAccessLogUser(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	q := r.URL.Query()
	rep, err := a.AuditLog.UserReport(r.Context(), actor, r.PathValue("userId"), auditlog.Query{From: q.Get("from"), To: q.Get("to")})
	if err != nil {
		return err
	}
	p := a.printer(r)
	names := auditlog.Names{T: p.T, Has: p.Has}
	out := userReportJSON{UserID: rep.User.ID, User: rep.User.Username, UserName: rep.User.DisplayName, Total: rep.Total,
		Denied: rep.Denied, Truncated: rep.Truncated, Actions: []userReportActionJSON{}, Clients: []userReportClientJSON{}}
	for _, ac := range rep.Actions {
		out.Actions = append(out.Actions, userReportActionJSON{Action: ac.Action, ActionName: names.Action(ac.Action), Count: ac.Count})
	}
	for _, c := range rep.Clients {
		cj := userReportClientJSON{ClientID: c.Client.ID, KotoID: c.Client.KotoID, ClientName: c.Client.Name, Count: len(c.Entries),
			Denied: c.Denied, Reasons: []userReportReasonJSON{}, Entries: []orgLogItemJSON{}}
		for _, rs := range c.Reasons {
			cj.Reasons = append(cj.Reasons, userReportReasonJSON{ID: rs.ID, Code: rs.Code, Text: rs.Text, GivenAt: rs.CreatedAt.UTC(), ReviewedAt: rs.ReviewedAt})
		}
		for _, e := range c.Entries {
			cj.Entries = append(cj.Entries, orgLogItem(names, e))
		}
		out.Clients = append(out.Clients, cj)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}
