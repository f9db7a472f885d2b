package web

import (
	"net/http"
	"net/url"

	"koto/internal/apperr"
	"koto/internal/disclosure"

	"koto/internal/httpx"
)

// disclosureLogPage is the model of the organisation's disclosure log:
// the filters, a page of entries with names for codes, the next page and
// the CSV download of the same filters.
type disclosureLogPage struct {
	page
	Errors     formErrors
	From, To   field
	Kind       field
	Recipient  field
	Client     string // the client filter (an id), kept as a hidden field
	ClientName string // the filtered client's name, when a row shows it
	Rows       []disclosureLogRow
	NextURL    string // "" on the last page
	FirstURL   string // the first page, when this is a later one
	CSVURL     string
	ClearURL   string // the same filters without the client
}

type disclosureLogRow struct {
	Time, Kind, Client, KotoID, Recipient, Basis, Items, Channel, User, Hash string
	OnlyURL                                                                  string // the log of this client alone
}

// logQueryOf reads the log's filters from the query string.
func logQueryOf(r *http.Request) disclosure.LogQuery {
	q := r.URL.Query()
	return disclosure.LogQuery{From: q.Get("from"), To: q.Get("to"), Kind: q.Get("kind"), Recipient: q.Get("recipient"),
		Client: q.Get("client"), Cursor: q.Get("cursor")}
}

// filterValues are q's filters as a query string (without the cursor).
func filterValues(q disclosure.LogQuery) url.Values {
	v := url.Values{}
	for k, s := range map[string]string{"from": q.From, "to": q.To, "kind": q.Kind, "recipient": q.Recipient, "client": q.Client} {
		if s != "" {
			v.Set(k, s)
		}
	}
	return v
}

// disclosureLogShow shows a page of the organisation's disclosure log
// (disclosure.log: supervisors and the data-protection officer).
func (h *Handler) disclosureLogShow(w http.ResponseWriter, r *http.Request) {
	q := logQueryOf(r)
	pg := h.newPage(r, "disclosurelog.title")
	pg.Nav = "disclosure-log"
	var errs formErrors
	status := http.StatusOK
	v, err := h.DisclosureLogs.Page(r.Context(), actor(r), q)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		errs.addAll(pg.p, ae.Fields, nil)
		status, err = http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := disclosure.LogNames{T: pg.p.T, Has: pg.p.Has}
	b := builder{p: pg.p, errs: errs}
	m := disclosureLogPage{page: pg, Errors: errs, Client: q.Client}
	m.From = b.date("from", "disclosurelog.filter.from", q.From)
	m.To = b.date("to", "disclosurelog.filter.to", q.To)
	m.Kind = b.input("select", "kind", "disclosurelog.filter.kind", q.Kind)
	m.Kind.Options = []option{{Value: "", Label: pg.T("disclosurelog.any"), Selected: q.Kind == ""}}
	for _, k := range disclosure.Kinds {
		m.Kind.Options = append(m.Kind.Options, option{Value: k, Label: names.Kind(k), Selected: k == q.Kind})
	}
	m.Recipient = b.input("select", "recipient", "disclosurelog.filter.recipient", q.Recipient)
	m.Recipient.Options = []option{{Value: "", Label: pg.T("disclosurelog.any"), Selected: q.Recipient == ""}}
	for _, o := range v.Recipients {
		m.Recipient.Options = append(m.Recipient.Options, option{Value: o.Code, Label: o.Name, Selected: o.Code == q.Recipient})
	}
	filters := filterValues(q)
	m.CSVURL = "/disclosure-log.csv"
	if len(filters) > 0 {
		m.CSVURL += "?" + filters.Encode()
	}
	if q.Client != "" {
		c := filterValues(q)
		c.Del("client")
		m.ClearURL = "/disclosure-log?" + c.Encode()
	}
	if q.Cursor != "" {
		m.FirstURL = "/disclosure-log?" + filters.Encode()
	}
	if v.Next != "" {
		n := filterValues(q)
		n.Set("cursor", v.Next)
		m.NextURL = "/disclosure-log?" + n.Encode()
	}
	for _, e := range v.Entries {
		only := filterValues(q)
		only.Set("client", e.ClientID)
		if q.Client == e.ClientID {
			m.ClientName = names.Client(e)
		}
		m.Rows = append(m.Rows, disclosureLogRow{Time: pg.Time(e.CreatedAt), Kind: names.Kind(e.Kind), Client: names.Client(e),
			KotoID: e.ClientKotoID, Recipient: names.Recipient(e), Basis: names.Basis(e), Items: names.Items(e.Items),
			Channel: names.Channel(e.Channel), User: names.User(e), Hash: e.ContentHash, OnlyURL: "/disclosure-log?" + only.Encode()})
	}
	h.render(w, r, status, "disclosure_log", m)
}

// disclosureLogCSV downloads the whole filtered log as CSV in the user's
// language (csvout: cells neutralised against formula injection). An
// invalid filter shows the page with its errors; an error after the first
// page cuts the connection, so a truncated file is never taken for a
// whole one.
func (h *Handler) disclosureLogCSV(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	p := h.catalog.Printer(language(r))
	names := disclosure.LogNames{T: p.T, Has: p.Has}
	err := httpx.StreamTable(w, r, h.log, httpx.CSV, "disclosure-log-"+a.OrgCode, names.CSVHeader(), func(emit func([]string) error) error {
		return h.DisclosureLogs.Each(r.Context(), a, logQueryOf(r), func(e disclosure.LogEntry) error { return emit(names.CSVRow(e)) })
	})
	switch {
	case apperr.KindOf(err) == apperr.Invalid:
		h.disclosureLogShow(w, r)
	case err != nil:
		h.fail(w, r, err)
	}
}
