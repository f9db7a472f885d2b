package disclosure

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// The organisation-wide disclosure log (issue 14 item 4, ADR 35): every
// disclosure the organisation recorded, of every client, for the
// data-protection officer and the supervisors, read page by page through
// gate.Org; every page's access-log entry lists the clients it shows.

// LogPageSize is how many entries a page of the log holds by default;
// MaxLogPageSize bounds what a caller may ask for.
const (
	LogPageSize    = 50
	MaxLogPageSize = 500
)

// LogQuery is a request for the log as a caller gives it: ISO dates
// (both optional; the days in Finnish time, both included), a kind code,
// a recipient organisation's code, a client id, the cursor of the page
// after which to continue ("" for the newest) and a page size (0 for
// LogPageSize).
type LogQuery struct {
	From, To  string
	Kind      string
	Recipient string
	Client    string
	Cursor    string
	Limit     int
}

// LogFilter is a validated LogQuery as the store reads it: disclosures
// recorded at or after From and before To, newest first, strictly before
// the cursor (After* zero for the first page), at most Limit.
type LogFilter struct {
	From, To      time.Time
	Kind          string
	RecipientCode string
	ClientID      string
	AfterAt       time.Time
	AfterID       string
	Limit         int
}

// LogEntry is a disclosure of the log with the names a person reads.
type LogEntry struct {
	Disclosure
	RecipientOrgCode string // "" when the recipient is not an organisation in Koto
	RecipientOrgName string
	ClientKotoID     string
	ClientName       string // "" for an erased client
	UserDisplayName  string // "" when the user is gone or was the operator's CLI
}

// LogPage is one page of the log, the cursor of the next ("" when it is
// the last), and the organisations a recipient filter offers.
type LogPage struct {
	Entries    []LogEntry
	Next       string
	Recipients []RecipientOrg
}

// RecipientOrg is an organisation in Koto that may receive disclosures.
type RecipientOrg struct {
	Code, Name string
}

// LogTx is what the log needs inside a transaction.
type LogTx interface {
	gate.Tx
	// DisclosureLog reads a page of orgID's disclosures matching f,
	// newest first, without content, with the recipients' and clients'
	// names opened.
	DisclosureLog(orgID string, f LogFilter) ([]LogEntry, error)
	// RecipientOrgs lists the organisations other than orgID, by name.
	RecipientOrgs(orgID string) ([]RecipientOrg, error)
}

// LogStore runs the log's transactions.
type LogStore = gate.Store[LogTx]

// LogService reads the organisation-wide disclosure log.
type LogService struct{ store LogStore }

// NewLogService returns the service over store.
func NewLogService(store LogStore) *LogService { return &LogService{store: store} }

// ParseLogQuery validates q. Errors: Invalid on the fields from, to,
// kind, cursor.
func ParseLogQuery(q LogQuery) (LogFilter, error) {
	var v apperr.Validation
	f := LogFilter{Kind: q.Kind, RecipientCode: strings.TrimSpace(q.Recipient), ClientID: strings.TrimSpace(q.Client), Limit: q.Limit}
	f.From = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	f.To = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	var from, to civil.Date
	if q.From != "" {
		d, err := civil.ParseDate(q.From)
		if err != nil {
			v.Add("from", "validation.date")
		}
		from = d
		f.From = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, civil.Helsinki).UTC()
	}
	if q.To != "" {
		d, err := civil.ParseDate(q.To)
		if err != nil {
			v.Add("to", "validation.date")
		}
		to = d
		f.To = time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, civil.Helsinki).UTC()
	}
	if q.From != "" && q.To != "" && v.Err() == nil && to.Before(from) {
		v.Add("to", "disclosurelog.period_order")
	}
	if q.Kind != "" && !slices.Contains(Kinds, q.Kind) {
		v.Add("kind", "validation.choice")
	}
	if q.Cursor != "" {
		at, id, ok := parseCursor(q.Cursor)
		if !ok {
			v.Add("cursor", "disclosurelog.cursor_invalid")
		}
		f.AfterAt, f.AfterID = at, id
	}
	switch {
	case f.Limit <= 0:
		f.Limit = LogPageSize
	case f.Limit > MaxLogPageSize:
		f.Limit = MaxLogPageSize
	}
	return f, v.Err()
}

// Page reads one page of the actor's organisation's disclosure log
// (disclosure.log: supervisors and the data-protection officer). The
// access-log entry names the filters and lists every client the page
// shows. Errors: Forbidden, Invalid (the query).
func (s *LogService) Page(ctx context.Context, actor access.Actor, q LogQuery) (LogPage, error) {
	f, err := ParseLogQuery(q)
	if err != nil {
		return LogPage{}, err
	}
	return s.page(ctx, actor, f, touchedOf(q, "disclosure_log"), true)
}

func (s *LogService) page(ctx context.Context, actor access.Actor, f LogFilter, touched string, recipients bool) (LogPage, error) {
	var out LogPage
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.DisclosureLog, Touched: touched},
		func(tx LogTx, e *audit.Entry) error {
			// One more than the page tells whether another follows.
			g := f
			g.Limit = f.Limit + 1
			entries, err := tx.DisclosureLog(actor.OrgID, g)
			if err != nil {
				return err
			}
			if len(entries) > f.Limit {
				entries = entries[:f.Limit]
				last := entries[len(entries)-1]
				out.Next = cursorOf(last.CreatedAt, last.ID)
			}
			out.Entries = entries
			e.Shown = shownClients(entries)
			if recipients {
				out.Recipients, err = tx.RecipientOrgs(actor.OrgID)
			}
			return err
		})
	if err != nil {
		return LogPage{}, err
	}
	return out, nil
}

// Each calls fn with every entry of the log matching q, newest first, page
// by page (MaxLogPageSize entries, each page one logged transaction whose
// entries fn gets only after it committed): the CSV download. q.Cursor
// and q.Limit are ignored. Who may call it and the errors are as for
// Page, plus whatever fn returns, which stops it.
func (s *LogService) Each(ctx context.Context, actor access.Actor, q LogQuery, fn func(LogEntry) error) error {
	q.Cursor, q.Limit = "", MaxLogPageSize
	f, err := ParseLogQuery(q)
	if err != nil {
		return err
	}
	touched := touchedOf(q, "disclosure_log,csv")
	for {
		pg, err := s.page(ctx, actor, f, touched, false)
		if err != nil {
			return err
		}
		for _, e := range pg.Entries {
			if err := fn(e); err != nil {
				return err
			}
		}
		if pg.Next == "" {
			return nil
		}
		last := pg.Entries[len(pg.Entries)-1]
		f.AfterAt, f.AfterID = last.CreatedAt, last.ID
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// touchedOf names the log and the filters of q (codes and ids, never
// personal data) for the access-log entry.
func touchedOf(q LogQuery, what string) string {
	parts := []string{what}
	if q.From != "" || q.To != "" {
		parts = append(parts, "period:"+q.From+".."+q.To)
	}
	if q.Kind != "" {
		parts = append(parts, "kind:"+q.Kind)
	}
	if q.Recipient != "" {
		parts = append(parts, "recipient:"+q.Recipient)
	}
	if q.Client != "" {
		parts = append(parts, "client:"+q.Client)
	}
	return gate.Touched(parts...)
}

// shownClients lists each client of entries once, in order.
func shownClients(entries []LogEntry) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.ClientID] {
			seen[e.ClientID] = true
			out = append(out, e.ClientID)
		}
	}
	return out
}

// cursorOf is the opaque position after an entry: its time in Unix
// nanoseconds and its id.
func cursorOf(at time.Time, id string) string {
	return strconv.FormatInt(at.UnixNano(), 10) + "." + id
}

func parseCursor(c string) (time.Time, string, bool) {
	ns, id, ok := strings.Cut(c, ".")
	n, err := strconv.ParseInt(ns, 10, 64)
	if !ok || err != nil || id == "" {
		return time.Time{}, "", false
	}
	return time.Unix(0, n).UTC(), id, true
}
