package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"koto/internal/apperr"
	"koto/internal/auditlog"
)

// userReportPage is the model of a user's report: what the user opened in
// a period, grouped by client, with the reasons they stated, and the
// counts by action.
type userReportPage struct {
	page
	Errors    formErrors
	UserID    string
	UserName  string
	From, To  field
	Total     int
	Denied    int
	Truncated bool
	Clients   []userReportClient
	Actions   []userReportAction
	LogURL    string // the organisation's log filtered by the user
}

type userReportClient struct {
	Name, KotoID, ClientID string
	Count, Denied          int
	Actions                string // the actions named, each once
	Reasons                []userReportReason
	LogURL                 string
}

type userReportReason struct {
	Code, Text, Given, Reviewed string
}

type userReportAction struct {
	Action string
	Count  int
}

// accessLogUserShow shows a user's report. A user of another
// organisation, or no user at all, is 404.
func (h *Handler) accessLogUserShow(w http.ResponseWriter, r *http.Request) {
	userID := r.PathValue("userId")
	qs := r.URL.Query()
	q := auditlog.Query{From: qs.Get("from"), To: qs.Get("to")}
	pg := h.newPage(r, "auditlog.user.title")
	pg.Nav = "access-log"
	var errs formErrors
	status := http.StatusOK
	rep, err := h.AuditLog.UserReport(r.Context(), actor(r), userID, q)
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
	m := userReportPage{page: pg, Errors: errs, UserID: userID, Total: rep.Total, Denied: rep.Denied, Truncated: rep.Truncated}
	m.UserName = displayName(rep.User.DisplayName, rep.User.Username)
	if rep.User.DisplayName != "" {
		m.UserName += " (" + rep.User.Username + ")"
	}
	m.From = b.date("from", "auditlog.filter.from", q.From)
	m.To = b.date("to", "auditlog.filter.to", q.To)
	lv := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "user": rep.User.Username} {
		if s != "" {
			lv.Set(k, s)
		}
	}
	m.LogURL = withQuery("/access-log", lv)
	for _, a := range rep.Actions {
		m.Actions = append(m.Actions, userReportAction{Action: names.Action(a.Action), Count: a.Count})
	}
	for _, c := range rep.Clients {
		uc := userReportClient{Name: c.Client.Name, KotoID: c.Client.KotoID, ClientID: c.Client.ID, Count: len(c.Entries), Denied: c.Denied}
		var acts []string
		for _, e := range c.Entries {
			if n := names.Action(e.Action); !slices.Contains(acts, n) {
				acts = append(acts, n)
			}
		}
		uc.Actions = strings.Join(acts, ", ")
		for _, rs := range c.Reasons {
			rr := userReportReason{Code: translated(pg, "audit.touched.reason."+rs.Code, rs.Code), Text: rs.Text, Given: pg.Time(rs.CreatedAt),
				Reviewed: pg.T("auditlog.user.not_reviewed")}
			if rs.ReviewedAt != nil {
				rr.Reviewed = pg.T("auditlog.user.reviewed", pg.Time(*rs.ReviewedAt))
			}
			uc.Reasons = append(uc.Reasons, rr)
		}
		if c.Client.ID != "" {
			cv := url.Values{}
			for k, s := range lv {
				cv[k] = s
			}
			cv.Set("client", c.Client.ID)
			uc.LogURL = withQuery("/access-log", cv)
		}
		m.Clients = append(m.Clients, uc)
	}
	h.render(w, r, status, "access_log_user", m)
}
