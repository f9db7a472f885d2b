package web

import (
	"time"

	"koto/internal/subjectrequest"
)

// subjectRequestRow is one data subject's request as lists show it:
// names, never codes; an overdue request says so in words.
type subjectRequestRow struct {
	ID, URL, Client, ClientURL, Kind, Channel, Received, Deadline, Status, StatusCode string
	Decision                                                                          string
	Overdue, Open, Extended, Kept, Verified                                           bool
}

func subjectRequestRowOf(pg page, r subjectrequest.Request, today time.Time) subjectRequestRow {
	row := subjectRequestRow{ID: r.ID, URL: "/subject-requests/" + r.ID, Client: r.ClientName, Kind: pg.T("subjectrequest.kind." + r.Kind),
		Channel: pg.T("subjectrequest.channel." + r.Channel), Received: pg.Date(r.Received), Deadline: pg.Date(r.Deadline()),
		Status: pg.T("subjectrequest.status." + r.Status), StatusCode: r.Status, Open: r.Open(), Extended: !r.Extended.IsZero(),
		Kept: r.Kept, Verified: r.Verified(), Overdue: r.Overdue(subjectrequest.Today(today))}
	if r.ClientID != "" {
		row.ClientURL = "/clients/" + r.ClientID + "/subject-requests"
	}
	if r.Kept {
		row.Client = pg.T("subjectrequest.erased_client")
	}
	if r.Decision != "" {
		row.Decision = pg.T("subjectrequest.decision." + r.Decision)
	}
	return row
}

func subjectRequestRows(pg page, rs []subjectrequest.Request, now time.Time) []subjectRequestRow {
	var out []subjectRequestRow
	for _, r := range rs {
		out = append(out, subjectRequestRowOf(pg, r, now))
	}
	return out
}

// subjectRequestEntries are a client's requests in the access report.
func subjectRequestEntries(pg page, rs []subjectrequest.Request) [][]labelled {
	var es [][]labelled
	for _, r := range rs {
		e := []labelled{{pg.T("subjectrequest.field.kind"), pg.T("subjectrequest.kind." + r.Kind)},
			{pg.T("subjectrequest.field.received"), pg.Date(r.Received)}, {pg.T("subjectrequest.field.due"), pg.Date(r.Deadline())},
			{pg.T("subjectrequest.field.status"), pg.T("subjectrequest.status." + r.Status)}, {pg.T("subjectrequest.field.details"), r.Details}}
		if r.Decision != "" {
			e = append(e, labelled{pg.T("subjectrequest.field.decision"), pg.T("subjectrequest.decision." + r.Decision)},
				labelled{pg.T("subjectrequest.field.reason"), r.Reason})
		}
		es = append(es, compact(e))
	}
	return es
}
