package plan

import (
	"time"

	"koto/internal/civil"
)

// Law is the version of the act the rules below were written from. When
// the act changes, rules gain a new Law tag; a saved version keeps the
// warnings (with their law) it was given.
const Law = "681/2023"

// Checks a rule may make; each is a few lines in Evaluate.
const (
	CheckFirstPlanLength = "first_plan_length" // the first plan lasts at most Months
	CheckTotalLength     = "total_length"      // the client's plans last at most Months in total
	CheckReviewInterval  = "review_interval"   // a review at least every Months
	CheckServiceStart    = "service_start"     // a service begins within Months of the start
)

// Rule is one rule of the act as data: what it checks, the limit, and the
// law it comes from. Breaking it gives a Warning, never a refusal.
type Rule struct {
	Code   string // the warning's stable code; message key "plan.warning.<code>"
	Law    string
	Check  string
	Months int
}

// Rules are the rules of 681/2023 on integration plans (ADR 22).
var Rules = []Rule{
	{Code: "first_plan_over_1y", Law: Law, Check: CheckFirstPlanLength, Months: 12},
	{Code: "plans_over_2y", Law: Law, Check: CheckTotalLength, Months: 24},
	{Code: "review_interval_over_6m", Law: Law, Check: CheckReviewInterval, Months: 6},
	{Code: "no_service_within_6m", Law: Law, Check: CheckServiceStart, Months: 6},
}

// Warning is a rule a plan version breaks. A person acknowledges it
// (AckedBy, AckedAt) — Koto never decides.
type Warning struct {
	Code        string
	Law         string
	Months      int
	AckedBy     string
	AckedByName string
	AckedAt     *time.Time
}

// Evaluate gives the warnings of rules for content c of a plan, given the
// client's other plans (their current versions).
func Evaluate(rules []Rule, c Content, others []Content) []Warning {
	var out []Warning
	for _, r := range rules {
		if breaks(r, c, others) {
			out = append(out, Warning{Code: r.Code, Law: r.Law, Months: r.Months})
		}
	}
	return out
}

func breaks(r Rule, c Content, others []Content) bool {
	if c.StartDate.IsZero() || c.EndDate.IsZero() {
		return false
	}
	switch r.Check {
	case CheckFirstPlanLength:
		for _, o := range others {
			if o.StartDate.Before(c.StartDate) {
				return false // not the first plan
			}
		}
		return c.EndDate.After(AddMonths(c.StartDate, r.Months))
	case CheckTotalLength:
		days := days(c.StartDate, c.EndDate)
		for _, o := range others {
			days += max(0, self(o))
		}
		return days > self(Content{StartDate: c.StartDate, EndDate: AddMonths(c.StartDate, r.Months)})
	case CheckReviewInterval:
		prev := c.StartDate
		for _, d := range append(c.ReviewDates, c.EndDate) {
			if d.After(AddMonths(prev, r.Months)) {
				return true
			}
			if d.After(prev) {
				prev = d
			}
		}
		return false
	case CheckServiceStart:
		limit := AddMonths(c.StartDate, r.Months)
		for _, m := range c.Measures {
			if m.ServiceKind != "" && (m.Start.IsZero() || !m.Start.After(limit)) {
				return false
			}
		}
		return true
	}
	return false
}

func self(c Content) int { return days(c.StartDate, c.EndDate) }

func days(from, to civil.Date) int {
	if from.IsZero() || to.IsZero() {
		return 0
	}
	return int(to.Time().Sub(from.Time()).Hours() / 24)
}

// AddMonths is the same day n months later; a day the month lacks is its
// last day (as civil.Date.AddYears does for 29 February).
func AddMonths(d civil.Date, n int) civil.Date {
	if d.IsZero() {
		return d
	}
	t := time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := t.AddDate(0, 1, -1).Day()
	return civil.Date{Year: t.Year(), Month: t.Month(), Day: min(d.Day, last)}
}
