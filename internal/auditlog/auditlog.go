// Package auditlog reads the organisation-wide access log (issue 15 item
// 1, ADR 38): every entry of the own organisation's chain, filtered by
// user, client, action, result and period, page by page; the downloads of
// the same filters; and a user's report — what they opened and why. It is
// the data-protection officer's and the supervisors' (audit.read_org).
// Every read goes through gate.Org, whose entry names the filters and
// lists every client whose name the answer shows.
package auditlog

import (
	"context"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// PageSize is how many entries a page holds by default; MaxPageSize bounds
// what a caller may ask for and is the downloads' batch.
const (
	PageSize    = 100
	MaxPageSize = 500
	// ReportLimit bounds the entries a user's report reads for a period.
	ReportLimit = 5000
)

// Results a filter may ask for.
var Results = []string{string(audit.Allowed), string(audit.Denied)}

// OtherActions are the actions entries carry that are not access.Actions:
// authentication's and the organisations'. Actions lists both.
var OtherActions = []string{"auth.login", "auth.logout", "auth.second_factor", "auth.sso_login", "auth.password_change",
	"auth.password_change_required", "auth.end_session", "auth.totp_enable", "auth.totp_disable", "auth.webauthn_register",
	"auth.webauthn_remove", "org.add", "org.cover", "org.act_as"}

// Actions are the actions a filter may ask for, sorted.
func Actions() []string {
	var out []string
	for a := range access.Rules {
		out = append(out, string(a))
	}
	out = append(out, OtherActions...)
	sort.Strings(out)
	return slices.Compact(out)
}

// Query is a request for the log as a caller gives it: ISO dates (both
// optional; days in Finnish time, both included), a username, a client (its
// Koto id or its id), an action, a result, the cursor of the page after
// which to continue ("" for the newest) and a page size (0 for PageSize).
type Query struct {
	From, To string
	User     string
	Client   string
	Action   string
	Result   string
	Cursor   string
	Limit    int
}

// Filter is a validated Query as the store reads it: entries of the chain
// at or after From and before To, newest first, strictly before the cursor
// (After* zero for the first page), at most Limit. ClientID matches the
// entries about the client and those whose answer showed it; KotoID, when
// set, is resolved to ClientID inside the transaction.
type Filter struct {
	From, To time.Time
	Username string
	UserID   string
	ClientID string
	KotoID   string
	Action   string
	Result   string
	AfterAt  time.Time
	AfterID  string
	Limit    int
}

// Client names a client of the log.
type Client struct {
	ID, KotoID, Name string // Name "" for an erased client
}

// Entry is an access-log entry with the names a person reads.
type Entry struct {
	audit.Entry
	DisplayName string // the user's display name now; "" when none
	Client      Client // the entry's client, zero when it names none
}

// Page is one page of the log and the cursor of the next ("" on the last).
type Page struct {
	Entries []Entry
	Next    string
	// Client is the filtered client, when the filter names one.
	Client Client
}

// User is a user of the organisation.
type User struct {
	ID, Username, DisplayName string
}

// Reason is a stated reason for access (an access_reasons row) as the
// user's report shows it.
type Reason struct {
	ID, Code, Text string
	CreatedAt      time.Time
	ReviewedAt     *time.Time
}

// Tx is what the log needs inside a transaction.
type Tx interface {
	gate.Tx
	// OrgAuditEntries reads entries of orgID's chain matching f, newest
	// first (time, then id).
	OrgAuditEntries(orgID string, f Filter) ([]audit.Entry, error)
	// AuditClients names the clients of orgID among ids (names opened
	// with each client's key); ids not of orgID are left out.
	AuditClients(orgID string, ids []string) (map[string]Client, error)
	// ClientIDByKotoID returns the id of orgID's client with the Koto id,
	// apperr.NotFound when there is none.
	ClientIDByKotoID(orgID, kotoID string) (string, error)
	// UserDisplayNames maps user ids to display names (none left out).
	UserDisplayNames(ids []string) (map[string]string, error)
	// OrgUser loads a user of orgID; apperr.NotFound for anyone else.
	OrgUser(orgID, userID string) (User, error)
	// AuditReasons loads orgID's stated reasons among ids.
	AuditReasons(orgID string, ids []string) (map[string]Reason, error)
}

// Store runs the log's transactions.
type Store = gate.Store[Tx]

// Service reads the organisation-wide access log.
type Service struct{ store Store }

// NewService returns the service over store.
func NewService(store Store) *Service { return &Service{store: store} }

var (
	idPattern     = regexp.MustCompile(`^[a-z0-9]{1,64}$`)
	kotoIDPattern = regexp.MustCompile(`^K-[a-z0-9]{5}-[a-z0-9]{5}$`)
)

// ParseQuery validates q. Errors: Invalid on the fields from, to, user,
// client, action, result, cursor.
func ParseQuery(q Query) (Filter, error) {
	var v apperr.Validation
	f := Filter{Username: strings.TrimSpace(q.User), Action: q.Action, Result: q.Result, Limit: q.Limit}
	f.From, f.To = period(&v, q.From, q.To)
	if len(f.Username) > 200 {
		v.Add("user", "validation.too_long")
	}
	if c := strings.TrimSpace(q.Client); c != "" {
		switch k := canonicalKotoID(c); {
		case kotoIDPattern.MatchString(k):
			f.KotoID = k
		case idPattern.MatchString(c):
			f.ClientID = c
		default:
			v.Add("client", "auditlog.client_invalid")
		}
	}
	if q.Action != "" && !slices.Contains(Actions(), q.Action) {
		v.Add("action", "validation.choice")
	}
	if q.Result != "" && !slices.Contains(Results, q.Result) {
		v.Add("result", "validation.choice")
	}
	if q.Cursor != "" {
		at, id, ok := parseCursor(q.Cursor)
		if !ok {
			v.Add("cursor", "auditlog.cursor_invalid")
		}
		f.AfterAt, f.AfterID = at, id
	}
	switch {
	case f.Limit <= 0:
		f.Limit = PageSize
	case f.Limit > MaxPageSize:
		f.Limit = MaxPageSize
	}
	return f, v.Err()
}

// period reads a period of ISO dates in Finnish time, both days included.
func period(v *apperr.Validation, fromS, toS string) (time.Time, time.Time) {
	from := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	var fd, td civil.Date
	var bad bool
	if fromS != "" {
		d, err := civil.ParseDate(fromS)
		if err != nil {
			v.Add("from", "validation.date")
			bad = true
		}
		fd = d
		from = time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, civil.Helsinki).UTC()
	}
	if toS != "" {
		d, err := civil.ParseDate(toS)
		if err != nil {
			v.Add("to", "validation.date")
			bad = true
		}
		td = d
		to = time.Date(d.Year, d.Month, d.Day+1, 0, 0, 0, 0, civil.Helsinki).UTC()
	}
	if fromS != "" && toS != "" && !bad && td.Before(fd) {
		v.Add("to", "auditlog.period_order")
	}
	return from, to
}

func canonicalKotoID(s string) string {
	if len(s) > 2 && strings.EqualFold(s[:2], "k-") {
		return "K-" + strings.ToLower(s[2:])
	}
	return s
}

// Page reads one page of the actor's organisation's access log
// (audit.read_org: supervisors and the data-protection officer). The
// access-log entry names the filters and lists every client the page
// names. Errors: Forbidden, Invalid (the query; a Koto id the
// organisation does not hold is Invalid on "client").
func (s *Service) Page(ctx context.Context, actor access.Actor, q Query) (Page, error) {
	f, err := ParseQuery(q)
	if err != nil {
		return Page{}, err
	}
	return s.page(ctx, actor, f, touchedOf(q, "access_log_org"))
}

func (s *Service) page(ctx context.Context, actor access.Actor, f Filter, touched string) (Page, error) {
	var out Page
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.AuditReadOrg, Touched: touched},
		func(tx Tx, e *audit.Entry) error {
			if err := resolveClient(tx, actor.OrgID, &f); err != nil {
				return err
			}
			g := f
			g.Limit = f.Limit + 1 // one more tells whether another page follows
			raw, err := tx.OrgAuditEntries(actor.OrgID, g)
			if err != nil {
				return err
			}
			if len(raw) > f.Limit {
				raw = raw[:f.Limit]
				last := raw[len(raw)-1]
				out.Next = cursorOf(last.At, last.ID)
			}
			out.Entries, err = name(tx, actor.OrgID, raw)
			if err != nil {
				return err
			}
			if f.ClientID != "" {
				cs, err := tx.AuditClients(actor.OrgID, []string{f.ClientID})
				if err != nil {
					return err
				}
				out.Client = cs[f.ClientID]
			}
			e.Shown = shownClients(out.Entries, out.Client)
			return nil
		})
	return answerOf(out, err)
}

// resolveClient turns a Koto id filter into the client's id. A Koto id the
// organisation does not hold is Invalid.
func resolveClient(tx Tx, orgID string, f *Filter) error {
	if f.KotoID == "" {
		return nil
	}
	id, err := tx.ClientIDByKotoID(orgID, f.KotoID)
	if apperr.Is(err, apperr.NotFound) {
		return apperr.InvalidField("client", "auditlog.client_unknown")
	}
	f.ClientID, f.KotoID = id, ""
	return err
}

// name adds the users' display names and the clients' names to raw.
func name(tx Tx, orgID string, raw []audit.Entry) ([]Entry, error) {
	var users, clients []string
	for _, e := range raw {
		if !slices.Contains(users, e.UserID) {
			users = append(users, e.UserID)
		}
		if e.ClientID != "" && !slices.Contains(clients, e.ClientID) {
			clients = append(clients, e.ClientID)
		}
	}
	names, err := tx.UserDisplayNames(users)
	if err != nil {
		return nil, err
	}
	cs, err := tx.AuditClients(orgID, clients)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, len(raw))
	for i, e := range raw {
		out[i] = Entry{Entry: e, DisplayName: names[e.UserID], Client: cs[e.ClientID]}
	}
	return out, nil
}

// Each calls fn with every entry matching q, newest first, page by page
// (MaxPageSize entries, each page one logged transaction whose entries fn
// gets only after it committed): the downloads, whose format names the
// entry (format "csv" or "xlsx"). q.Cursor and q.Limit are ignored. Who may
// call it and the errors are as for Page, plus whatever fn returns, which
// stops it.
func (s *Service) Each(ctx context.Context, actor access.Actor, q Query, format string, fn func(Entry) error) error {
	q.Cursor, q.Limit = "", MaxPageSize
	f, err := ParseQuery(q)
	if err != nil {
		return err
	}
	touched := touchedOf(q, "access_log_org,"+format)
	for {
		pg, err := s.page(ctx, actor, f, touched)
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
		f.AfterAt, f.AfterID = last.At, last.ID
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// touchedOf names the log and the filters of q (codes and ids, never
// personal data: a username is an account name) for the entry.
func touchedOf(q Query, what string) string {
	parts := []string{what}
	if q.From != "" || q.To != "" {
		parts = append(parts, "period:"+q.From+".."+q.To)
	}
	for _, kv := range [][2]string{{"user", q.User}, {"client", q.Client}, {"action", q.Action}, {"result", q.Result}} {
		if v := strings.TrimSpace(kv[1]); v != "" {
			parts = append(parts, kv[0]+":"+strings.ReplaceAll(v, ",", " "))
		}
	}
	return gate.Touched(parts...)
}

// shownClients lists each named client of entries once, in order, and the
// filtered client.
func shownClients(entries []Entry, filtered Client) []string {
	var out []string
	add := func(id string) {
		if id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	for _, e := range entries {
		if e.Client.ID != "" {
			add(e.Client.ID)
		}
	}
	add(filtered.ID)
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
	if !ok || err != nil || !idPattern.MatchString(id) {
		return time.Time{}, "", false
	}
	return time.Unix(0, n).UTC(), id, true
}

// answerOf returns v only when err is nil: no log, no answer.
func answerOf[T any](v T, err error) (T, error) {
	if err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}
