package auditlog_test

import (
	"strings"
	"testing"
	"time"

	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/auditlog"
	"koto/internal/i18n"
)

// Every action a log entry may carry has a name in every staff language:
// the log's filter and rows show names, never codes.
func TestEveryActionHasAName(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"fi", "sv", "en"} {
		p := cat.Printer(lang)
		for _, a := range auditlog.Actions() {
			if !p.Has("audit.action." + a) {
				t.Errorf("%s: no name for the action %s (audit.action.%s)", lang, a, a)
			}
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		name  string
		q     auditlog.Query
		field string // "" valid
	}{
		{"empty", auditlog.Query{}, ""},
		{"period", auditlog.Query{From: "2026-01-01", To: "2026-01-31"}, ""},
		{"bad from", auditlog.Query{From: "2026-13-01"}, "from"},
		{"bad to", auditlog.Query{To: "tomorrow"}, "to"},
		{"order", auditlog.Query{From: "2026-02-01", To: "2026-01-31"}, "to"},
		{"koto id any case", auditlog.Query{Client: "k-ABCDE-fghij"}, ""},
		{"client id", auditlog.Query{Client: "abc234def"}, ""},
		{"client injection", auditlog.Query{Client: "a' OR 1=1"}, "client"},
		{"client wildcard", auditlog.Query{Client: "a%"}, "client"},
		{"action", auditlog.Query{Action: "client.read"}, ""},
		{"auth action", auditlog.Query{Action: "auth.login"}, ""},
		{"unknown action", auditlog.Query{Action: "client.drop"}, "action"},
		{"result", auditlog.Query{Result: "denied"}, ""},
		{"bad result", auditlog.Query{Result: "DENIED"}, "result"},
		{"cursor", auditlog.Query{Cursor: "1700000000000000000.abc123"}, ""},
		{"bad cursor", auditlog.Query{Cursor: "x.abc"}, "cursor"},
		{"cursor injection", auditlog.Query{Cursor: "1.a'--"}, "cursor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := auditlog.ParseQuery(tc.q)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("%v", err)
				}
				return
			}
			ae, ok := apperr.As(err)
			if !ok || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Field != tc.field {
				t.Fatalf("got %v (%+v), want Invalid on %s", err, f, tc.field)
			}
		})
	}
	f, _ := auditlog.ParseQuery(auditlog.Query{Client: " k-ABCDE-fghij ", From: "2026-01-01", To: "2026-01-01"})
	if f.KotoID != "K-abcde-fghij" || f.ClientID != "" {
		t.Errorf("Koto id: %+v", f)
	}
	// Days are Finnish days: 1 January begins at 22:00 UTC on 31 December.
	if want := time.Date(2025, 12, 31, 22, 0, 0, 0, time.UTC); !f.From.Equal(want) || !f.To.Equal(want.Add(24*time.Hour)) {
		t.Errorf("period %v–%v", f.From, f.To)
	}
	if f, _ := auditlog.ParseQuery(auditlog.Query{Limit: 10000}); f.Limit != auditlog.MaxPageSize {
		t.Errorf("limit %d", f.Limit)
	}
}

// Names: words for codes, and the denied markers in words.
func TestNames(t *testing.T) {
	p := i18n.MustLoad().Printer("en")
	n := auditlog.Names{T: p.T, Has: p.Has}
	e := auditlog.Entry{Entry: audit.Entry{Action: "client.read", Result: audit.Denied, Roles: "caseworker,supervisor",
		Touched: "card,permits,not_held,other_organisation,reason_required", Username: "cw", At: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)},
		DisplayName: "Case Worker", Client: auditlog.Client{Name: "=HYPERLINK(1)", KotoID: "K-a"}}
	row := strings.Join(n.Row(e), "|")
	for _, want := range []string{"2026-06-01 12:00:00", p.T("audit.action.client.read"), p.T("audit.result.denied"), p.T("role.caseworker"),
		p.T("audit.touched.not_held"), p.T("audit.touched.other_organisation"), p.T("audit.touched.reason_required")} {
		if !strings.Contains(row, want) {
			t.Errorf("row %q lacks %q", row, want)
		}
	}
	if len(n.Header()) != len(n.Row(e)) {
		t.Error("header and row differ in length")
	}
}
