package api

import (
	"net/http"
	"strconv"
	"time"

	"koto/internal/access"
	"koto/internal/disclosure"

	"koto/internal/httpx"
)

// disclosureLogJSON is a page of the organisation's disclosure log.
type disclosureLogJSON struct {
	Items []disclosureLogItemJSON `json:"items"`
	// Next is the cursor of the next page (?cursor=); absent on the last.
	Next string `json:"next,omitempty"`
}

type disclosureLogItemJSON struct {
	ID            string    `json:"id"`
	At            time.Time `json:"at"`
	Kind          string    `json:"kind"`
	ClientID      string    `json:"clientId"`
	KotoID        string    `json:"kotoId"`
	ClientName    string    `json:"clientName"`
	Recipient     string    `json:"recipient,omitempty"` // the recipient organisation's code
	RecipientName string    `json:"recipientName"`
	Basis         string    `json:"basis"`
	BasisDetail   string    `json:"basisDetail,omitempty"`
	Items         []string  `json:"items"`
	Channel       string    `json:"channel"`
	User          string    `json:"user"`
	UserName      string    `json:"userName"`
	ContentHash   string    `json:"contentHash"`
}

// logQuery reads the log's filters from the query string.
func logQuery(r *http.Request) disclosure.LogQuery {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	return disclosure.LogQuery{From: q.Get("from"), To: q.Get("to"), Kind: q.Get("kind"), Recipient: q.Get("recipient"),
		Client: q.Get("client"), Cursor: q.Get("cursor"), Limit: limit}
}

// disclosureLog answers a page of the organisation's disclosure log
// (?from=&to=&kind=&recipient=&client=&cursor=&limit=), or with
// ?format=csv the whole filtered log as CSV.
func (a *API) disclosureLog(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if r.URL.Query().Get("format") == "csv" {
		return a.disclosureLogCSV(w, r, actor)
	}
	pg, err := a.DisclosureLogs.Page(r.Context(), actor, logQuery(r))
	if err != nil {
		return err
	}
	p := a.printer(r)
	names := disclosure.LogNames{T: p.T, Has: p.Has}
	out := disclosureLogJSON{Items: make([]disclosureLogItemJSON, 0, len(pg.Entries)), Next: pg.Next}
	for _, e := range pg.Entries {
		out.Items = append(out.Items, disclosureLogItemJSON{ID: e.ID, At: e.CreatedAt, Kind: e.Kind, ClientID: e.ClientID,
			KotoID: e.ClientKotoID, ClientName: e.ClientName, Recipient: e.RecipientOrgCode, RecipientName: names.Recipient(e),
			Basis: e.Basis, BasisDetail: e.BasisDetail, Items: e.Items, Channel: e.Channel, User: e.DisclosedUsername,
			UserName: names.User(e), ContentHash: e.ContentHash})
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// disclosureLogCSV streams the whole filtered log as CSV (csvout: every
// cell neutralised against formula injection), in the caller's language
// (Accept-Language), names for codes. The status goes out with the first
// page; an error after it cuts the connection, so a truncated file is
// never taken for a whole one.
func (a *API) disclosureLogCSV(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	p := a.printer(r)
	names := disclosure.LogNames{T: p.T, Has: p.Has}
	return httpx.StreamTable(w, r, a.log, httpx.CSV, "disclosure-log-"+actor.OrgCode, names.CSVHeader(), func(emit func([]string) error) error {
		return a.DisclosureLogs.Each(r.Context(), actor, logQuery(r), func(e disclosure.LogEntry) error { return emit(names.CSVRow(e)) })
	})
}

// disclosureLogCSVFile is GET /disclosure-log.csv: the CSV of the log.
func (a *API) disclosureLogCSVFile(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	return a.disclosureLogCSV(w, r, actor)
}
