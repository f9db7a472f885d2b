package web

import (
	"net/http"
	"net/url"
	"strings"

	"koto/internal/apperr"
	"koto/internal/auditlog"

	"koto/internal/httpx"
)

// The organisation-wide access log (audit.read_org, ADR 38): filters, a
// page of entries newest first, the next page, the downloads; preset to
// result=denied it is the view of denied attempts.

// orgLogPage is the model of the log page.
type orgLogPage struct {
	page
	Errors             formErrors
	Denied             bool // the view of denied attempts
	From, To           field
	FilterUser, Client field
	Action, Result     field
	ClientName         string // the filtered client's name and Koto id
	Rows               []orgLogRow
	NextURL, FirstURL  string
	CSVURL, XLSXURL    string
	DeniedURL, AllURL  string
}

type orgLogRow struct {
	At, User, Username, Roles, Action, Client, KotoID, ClientID, Touched, Result, Channel string
	Denied, Foreign                                                                       bool
	UserURL, ClientURL                                                                    string
}

// orgLogQueryOf reads the log's filters from the query string.
func orgLogQueryOf(r *http.Request) auditlog.Query {
	q := r.URL.Query()
	return auditlog.Query{From: q.Get("from"), To: q.Get("to"), User: q.Get("user"), Client: q.Get("client"),
		Action: q.Get("action"), Result: q.Get("result"), Cursor: q.Get("cursor")}
}

// orgLogValues are q's filters as a query string (without the cursor).
func orgLogValues(q auditlog.Query) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "user": q.User, "client": q.Client, "action": q.Action, "result": q.Result} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

func withQuery(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// accessLogOrgShow shows a page of the organisation's access log.
func (h *Handler) accessLogOrgShow(w http.ResponseWriter, r *http.Request) {
	q := orgLogQueryOf(r)
	denied := q.Result == "denied"
	title := "auditlog.title"
	if denied {
		title = "auditlog.denied.title"
	}
	pg := h.newPage(r, title)
	pg.Nav = "access-log"
	var errs formErrors
	status := http.StatusOK
	v, err := h.AuditLog.Page(r.Context(), actor(r), q)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		errs.addAll(pg.p, ae.Fields, nil)
		status, err = http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := auditlog.Names{T: pg.p.T, Has: pg.p.Has}
	b := builder{p: pg.p, errs: errs}
	m := orgLogPage{page: pg, Errors: errs, Denied: denied}
	m.From = b.date("from", "auditlog.filter.from", q.From)
	m.To = b.date("to", "auditlog.filter.to", q.To)
	m.FilterUser = b.text("user", "auditlog.filter.user", q.User).autocomplete("off")
	m.Client = b.text("client", "auditlog.filter.client", q.Client).autocomplete("off").withHint(pg.T("auditlog.filter.client_hint"))
	m.Action = b.input("select", "action", "auditlog.filter.action", q.Action)
	m.Action.Options = []option{{Value: "", Label: pg.T("auditlog.any"), Selected: q.Action == ""}}
	for _, a := range auditlog.Actions() {
		m.Action.Options = append(m.Action.Options, option{Value: a, Label: names.Action(a), Selected: a == q.Action})
	}
	m.Result = b.input("select", "result", "auditlog.filter.result", q.Result)
	m.Result.Options = []option{{Value: "", Label: pg.T("auditlog.any"), Selected: q.Result == ""}}
	for _, res := range auditlog.Results {
		m.Result.Options = append(m.Result.Options, option{Value: res, Label: names.Result(res), Selected: res == q.Result})
	}
	if v.Client.ID != "" {
		m.ClientName = v.Client.Name + " (" + v.Client.KotoID + ")"
	}
	filters := orgLogValues(q)
	m.CSVURL, m.XLSXURL = withQuery("/access-log.csv", filters), withQuery("/access-log.xlsx", filters)
	d := orgLogValues(q)
	d.Set("result", "denied")
	m.DeniedURL = withQuery("/access-log", d)
	d.Del("result")
	m.AllURL = withQuery("/access-log", d)
	if q.Cursor != "" {
		m.FirstURL = withQuery("/access-log", filters)
	}
	if v.Next != "" {
		n := orgLogValues(q)
		n.Set("cursor", v.Next)
		m.NextURL = withQuery("/access-log", n)
	}
	for _, e := range v.Entries {
		row := orgLogRow{At: pg.Time(e.At), User: displayName(e.DisplayName, e.Username), Username: e.Username,
			Roles: names.Roles(e.Roles), Action: names.Action(e.Action), Client: e.Client.Name, KotoID: e.Client.KotoID,
			ClientID: e.ClientID, Touched: names.Touched(e.Touched), Result: names.Result(string(e.Result)),
			Denied: e.Result == "denied", Channel: strings.ToUpper(e.Channel), Foreign: e.OrgID != actor(r).OrgID}
		if !row.Foreign {
			row.UserURL = "/access-log/users/" + url.PathEscape(e.UserID)
		}
		if e.Client.ID != "" {
			c := orgLogValues(q)
			c.Set("client", e.Client.ID)
			row.ClientURL = withQuery("/access-log", c)
		}
		m.Rows = append(m.Rows, row)
	}
	h.render(w, r, status, "access_log_org", m)
}

// accessLogOrgCSV downloads the filtered log as CSV (cells neutralised
// against formula injection), in the user's language.
func (h *Handler) accessLogOrgCSV(w http.ResponseWriter, r *http.Request) {
	h.accessLogDownload(w, r, httpx.CSV)
}

// accessLogOrgXLSX downloads the filtered log as an .xlsx workbook whose
// cells are all text.
func (h *Handler) accessLogOrgXLSX(w http.ResponseWriter, r *http.Request) {
	h.accessLogDownload(w, r, httpx.XLSX)
}

// accessLogDownload streams the whole filtered log (httpx.StreamTable).
// An invalid filter shows the page with its errors.
func (h *Handler) accessLogDownload(w http.ResponseWriter, r *http.Request, f httpx.TableFormat) {
	a := actor(r)
	p := h.catalog.Printer(language(r))
	names := auditlog.Names{T: p.T, Has: p.Has}
	err := httpx.StreamTable(w, r, h.log, f, "access-log-"+a.OrgCode, names.Header(), func(emit func([]string) error) error {
		return h.AuditLog.Each(r.Context(), a, orgLogQueryOf(r), f.Ext, func(e auditlog.Entry) error { return emit(names.Row(e)) })
	})
	switch {
	case apperr.KindOf(err) == apperr.Invalid:
		h.accessLogOrgShow(w, r)
	case err != nil:
		h.fail(w, r, err)
	}
}
