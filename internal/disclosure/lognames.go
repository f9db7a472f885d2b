package disclosure

import (
	"strings"
	"time"

	"koto/internal/civil"
)

// LogNames turns the codes of a log entry into the words a person reads, in
// one language: the disclosure log's page and its CSV both use it (names,
// never codes, in front of a user). T translates a key
// (i18n.Printer.T); Has reports whether the catalog has it.
type LogNames struct {
	T   func(key string, args ...any) string
	Has func(key string) bool
}

// Kind is the name of a kind.
func (n LogNames) Kind(code string) string { return n.T("disclosurelog.kind." + code) }

// Basis is the name of a legal basis, with the provision a law basis
// names.
func (n LogNames) Basis(e LogEntry) string {
	s := n.T("disclosurelog.basis." + e.Basis)
	if e.BasisDetail != "" {
		s += ": " + e.BasisDetail
	}
	return s
}

// Channel is the name of a channel.
func (n LogNames) Channel(code string) string { return n.T("disclosurelog.channel." + code) }

// Recipient is the recipient organisation's name, or the recipient as
// recorded in text.
func (n LogNames) Recipient(e LogEntry) string {
	if e.RecipientOrgName != "" {
		return e.RecipientOrgName
	}
	if e.Recipient != "" {
		return e.Recipient
	}
	return n.T("disclosurelog.recipient_erased")
}

// Client is the client's name, or a note that the client's data is
// erased.
func (n LogNames) Client(e LogEntry) string {
	if e.ClientName == "" {
		return n.T("disclosurelog.client_erased")
	}
	return e.ClientName
}

// User is the display name of the user who recorded it, or the username
// recorded with it when the user is gone or was the operator's CLI.
func (n LogNames) User(e LogEntry) string {
	if e.UserDisplayName != "" {
		return e.UserDisplayName
	}
	return e.DisclosedUsername
}

// Items are the names of the items disclosed, joined by ", "; an item
// without a name in the catalog is shown as recorded.
func (n LogNames) Items(items []string) string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it
		if k := "disclosurelog.item." + it; n.Has(k) {
			out[i] = n.T(k)
		}
	}
	return strings.Join(out, ", ")
}

// CSVHeader is the header row of the log's CSV file.
func (n LogNames) CSVHeader() []string {
	cols := []string{"time", "kind", "client", "koto_id", "recipient", "basis", "items", "channel", "user", "content_hash"}
	for i, c := range cols {
		cols[i] = n.T("disclosurelog.col." + c)
	}
	return cols
}

// CSVRow is an entry as a row of the CSV file: the time in Finnish local
// time as YYYY-MM-DD HH:MM:SS, names for codes.
func (n LogNames) CSVRow(e LogEntry) []string {
	return []string{e.CreatedAt.In(civil.Helsinki).Format(time.DateTime), n.Kind(e.Kind), n.Client(e), e.ClientKotoID,
		n.Recipient(e), n.Basis(e), n.Items(e.Items), n.Channel(e.Channel), n.User(e), e.ContentHash}
}
