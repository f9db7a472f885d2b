package subjectrequest

import (
	"testing"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
)

func day(t *testing.T, s string) civil.Date {
	t.Helper()
	d, err := civil.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The deadline is one month (same day number, else the month's last day);
// an extension reaches at most three months.
func TestDueDates(t *testing.T) {
	for _, c := range []struct{ received, due, max string }{
		{"2025-01-15", "2025-02-15", "2025-04-15"},
		{"2025-01-31", "2025-02-28", "2025-04-30"},
		{"2024-01-31", "2024-02-29", "2024-04-30"},
		{"2025-03-31", "2025-04-30", "2025-06-30"},
		{"2025-11-30", "2025-12-30", "2026-02-28"},
		{"2025-12-31", "2026-01-31", "2026-03-31"},
		{"2025-05-31", "2025-06-30", "2025-08-31"},
	} {
		r := day(t, c.received)
		if got := DueDate(r).String(); got != c.due {
			t.Errorf("due of %s = %s, want %s", c.received, got, c.due)
		}
		if got := MaxDue(r).String(); got != c.max {
			t.Errorf("max due of %s = %s, want %s", c.received, got, c.max)
		}
	}
}

func fieldsOf(err error) map[string]string {
	out := map[string]string{}
	if ae, ok := apperr.As(err); ok {
		for _, f := range ae.Fields {
			out[f.Field] = f.Key
		}
	}
	return out
}

func keyOf(err error) string {
	if ae, ok := apperr.As(err); ok {
		return ae.Key
	}
	return ""
}

func TestInputValidate(t *testing.T) {
	today := day(t, "2025-06-10")
	ok := Input{Kind: KindAccess, Channel: "letter", Received: "2025-06-01"}
	for _, c := range []struct {
		name  string
		edit  func(*Input)
		field string
		key   string
	}{
		{"valid", func(*Input) {}, "", ""},
		{"no kind", func(in *Input) { in.Kind = "" }, "kind", "validation.required"},
		{"unknown kind", func(in *Input) { in.Kind = "complaint" }, "kind", "validation.choice"},
		{"unknown channel", func(in *Input) { in.Channel = "fax" }, "channel", "validation.choice"},
		{"no date", func(in *Input) { in.Received = "" }, "received", "validation.required"},
		{"bad date", func(in *Input) { in.Received = "1.6.2025" }, "received", "validation.date"},
		{"future", func(in *Input) { in.Received = "2025-06-11" }, "received", "validation.date_future"},
		{"language", func(in *Input) { in.Language = "ar" }, "language", "validation.choice"},
		{"control chars", func(in *Input) { in.Details = "a\x00b" }, "details", "validation.text_chars"},
	} {
		in := ok
		c.edit(&in)
		fs := fieldsOf(in.Validate(today))
		if c.field == "" {
			if len(fs) != 0 {
				t.Errorf("%s: %v", c.name, fs)
			}
			continue
		}
		if fs[c.field] != c.key {
			t.Errorf("%s: %s = %q, want %q (%v)", c.name, c.field, fs[c.field], c.key, fs)
		}
	}
	r := ok.New("r1", "o", "c", "sv")
	if r.Due.String() != "2025-07-01" || r.Language != "sv" || r.Status != StatusReceived {
		t.Errorf("new request: %+v", r)
	}
	if r := ok.New("r1", "o", "c", "ar"); r.Language != "fi" {
		t.Errorf("a service language other than fi/sv/en gives %q, want fi", r.Language)
	}
}

func received(t *testing.T, kind, on string) Request {
	return Input{Kind: kind, Channel: "email", Received: on}.New("r", "o", "c", "fi")
}

var at = time.Date(2025, 6, 2, 10, 0, 0, 0, time.UTC)

func TestDecideNeedsIdentityAndReasons(t *testing.T) {
	r := received(t, KindAccess, "2025-06-01")
	if err := r.Decide(DecisionInput{Decision: Granted}, "u", "U", at); keyOf(err) != "subjectrequest.identity_first" {
		t.Fatalf("decision before identity: %v", err)
	}
	if err := r.Verify("passport", "u", "U", at); fieldsOf(err)["method"] != "validation.choice" {
		t.Errorf("unknown method: %v", err)
	}
	if err := r.Verify("id_document", "u", "U", at); err != nil || r.Status != StatusInProgress || !r.Verified() {
		t.Fatalf("verify: %v %+v", err, r)
	}
	for _, c := range []struct {
		name string
		in   DecisionInput
		key  string
	}{
		{"no decision", DecisionInput{}, "validation.required"},
		{"unknown", DecisionInput{Decision: "maybe"}, "validation.choice"},
		{"refusal without reason", DecisionInput{Decision: Refused}, "subjectrequest.reason_required"},
		{"partial without reason", DecisionInput{Decision: PartlyGranted, Reason: "  "}, "subjectrequest.reason_required"},
	} {
		rr := r
		if got := fieldsOf(rr.Decide(c.in, "u", "U", at)); got["decision"] != c.key && got["reason"] != c.key {
			t.Errorf("%s: %v, want %s", c.name, got, c.key)
		}
	}
	for _, c := range []struct {
		in     DecisionInput
		status string
	}{
		{DecisionInput{Decision: Granted}, StatusCompleted},
		{DecisionInput{Decision: PartlyGranted, Reason: "Osa tiedoista on salassa pidettäviä."}, StatusCompleted},
		{DecisionInput{Decision: Refused, Reason: "Säilytysvelvollisuus."}, StatusRefused},
	} {
		rr := r
		if err := rr.Decide(c.in, "u", "U", at); err != nil || rr.Status != c.status {
			t.Errorf("%s: %v, status %s", c.in.Decision, err, rr.Status)
		}
		if err := rr.Decide(c.in, "u", "U", at); keyOf(err) != "subjectrequest.closed" {
			t.Errorf("second decision: %v", err)
		}
	}
}

func TestExtend(t *testing.T) {
	today := day(t, "2025-02-20")
	for _, c := range []struct {
		name  string
		in    ExtensionInput
		field string
		key   string
	}{
		{"valid", ExtensionInput{Until: "2025-04-30", Reason: "Laaja pyyntö", Informed: "2025-02-10"}, "", ""},
		{"to the max", ExtensionInput{Until: "2025-04-30", Reason: "x", Informed: "2025-02-28"}, "", ""},
		{"beyond 3 months", ExtensionInput{Until: "2025-05-01", Reason: "x", Informed: "2025-02-10"}, "until", "subjectrequest.extend.max"},
		{"not after due", ExtensionInput{Until: "2025-02-28", Reason: "x", Informed: "2025-02-10"}, "until", "subjectrequest.extend.after_due"},
		{"no reason", ExtensionInput{Until: "2025-03-31", Informed: "2025-02-10"}, "reason", "subjectrequest.extend.reason_required"},
		{"not informed", ExtensionInput{Until: "2025-03-31", Reason: "x"}, "informed", "subjectrequest.extend.informed_required"},
		{"informed after first month", ExtensionInput{Until: "2025-03-31", Reason: "x", Informed: "2025-03-01"}, "informed", "validation.date_future"},
		{"informed before receipt", ExtensionInput{Until: "2025-03-31", Reason: "x", Informed: "2025-01-30"}, "informed", "subjectrequest.extend.informed_in_time"},
	} {
		r := received(t, KindAccess, "2025-01-31") // due 2025-02-28, max 2025-04-30
		err := r.Extend(c.in, today)
		if c.name == "to the max" {
			today2 := day(t, "2025-03-05")
			r = received(t, KindAccess, "2025-01-31")
			err = r.Extend(c.in, today2)
		}
		if c.field == "" {
			if err != nil || r.Deadline().String() != c.in.Until {
				t.Errorf("%s: %v, deadline %s", c.name, err, r.Deadline())
			}
			continue
		}
		if got := fieldsOf(err)[c.field]; got != c.key {
			t.Errorf("%s: %s = %q, want %q (%v)", c.name, c.field, got, c.key, err)
		}
	}
	// Informed after the first month, though not in the future.
	r := received(t, KindAccess, "2025-01-31")
	err := r.Extend(ExtensionInput{Until: "2025-03-31", Reason: "x", Informed: "2025-03-01"}, day(t, "2025-03-05"))
	if got := fieldsOf(err)["informed"]; got != "subjectrequest.extend.informed_in_time" {
		t.Errorf("informed late: %v", err)
	}
}

func TestOverdue(t *testing.T) {
	r := received(t, KindAccess, "2025-01-15") // due 2025-02-15
	for _, c := range []struct {
		today string
		want  bool
	}{{"2025-02-15", false}, {"2025-02-16", true}} {
		if got := r.Overdue(day(t, c.today)); got != c.want {
			t.Errorf("overdue on %s = %v", c.today, got)
		}
	}
	r.Extended = day(t, "2025-03-15")
	if r.Overdue(day(t, "2025-02-16")) {
		t.Error("extended request overdue before its extended deadline")
	}
	_ = r.Verify("strong_auth", "u", "U", at)
	_ = r.Decide(DecisionInput{Decision: Granted}, "u", "U", at)
	if r.Overdue(day(t, "2026-01-01")) {
		t.Error("a completed request is overdue")
	}
}

func TestKindRules(t *testing.T) {
	r := received(t, KindRectification, "2025-06-01")
	if err := r.Route("u", "U"); keyOf(err) != "subjectrequest.route_kind" {
		t.Errorf("route a rectification: %v", err)
	}
	if err := r.Deliver(at); keyOf(err) != "subjectrequest.deliver_kind" {
		t.Errorf("deliver a rectification: %v", err)
	}
	if err := r.MayErase("c"); keyOf(err) != "subjectrequest.erase_kind" {
		t.Errorf("erase through a rectification: %v", err)
	}
	e := received(t, KindErasure, "2025-06-01")
	if err := e.MayErase("c"); keyOf(err) != "subjectrequest.identity_first" {
		t.Errorf("erase unverified: %v", err)
	}
	_ = e.Verify("id_document", "u", "U", at)
	if err := e.MayErase("other"); keyOf(err) != "subjectrequest.erase_kind" {
		t.Errorf("erase another client: %v", err)
	}
	if err := e.MayErase("c"); err != nil {
		t.Errorf("erase verified: %v", err)
	}
	o := received(t, KindObjection, "2025-06-01")
	if err := o.Route("sup", "Esihenkilö"); err != nil || o.HandlerID != "sup" {
		t.Errorf("route: %v", err)
	}
	if err := o.Withdraw(at); err != nil || o.Status != StatusWithdrawn || o.Open() {
		t.Errorf("withdraw: %v", err)
	}
	a := received(t, KindAccess, "2025-06-01")
	if err := a.Deliver(at); keyOf(err) != "subjectrequest.identity_first" {
		t.Errorf("deliver unverified: %v", err)
	}
}

func TestFilterAndSort(t *testing.T) {
	a := received(t, KindAccess, "2025-03-01")
	b := received(t, KindErasure, "2025-01-01")
	c := received(t, KindAccess, "2025-02-01")
	c.Status = StatusCompleted
	rs := []Request{a, c, b}
	Sort(rs)
	if rs[0].Kind != KindErasure || rs[1].Received != a.Received || rs[2].Status != StatusCompleted {
		t.Errorf("sort: %+v", rs)
	}
	if !(Filter{Status: "open"}).Match(a) || (Filter{Status: "open"}).Match(c) || (Filter{Kind: KindErasure}).Match(a) {
		t.Error("filter")
	}
}
