package due

import (
	"cmp"
	"slices"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/plan"
)

// Facts are what the rules read of one client.
type Facts struct {
	// Ended: services ended, the client died or was merged into another
	// record; nothing is due.
	Ended bool
	// Window is the basis of the assessment window; HasAssessment tells
	// whether any assessment (draft or completed) exists.
	Window        assessment.WindowBasis
	HasAssessment bool
	Plans         []Plan
	Referrals     []Referral
	Permits       []Permit
}

// Plan is the current version of one plan with its last review.
type Plan struct {
	ID          string
	Start, End  civil.Date
	Closed      bool
	ReviewDates []civil.Date
	LastReview  civil.Date // the latest follow-up entry's date; zero when none
}

// Referral is one referral in its current status.
type Referral struct {
	ID     string
	Status string // referral.Status
	Date   civil.Date
}

// Permit is one granted permit's validity.
type Permit struct {
	ID      string
	ValidTo civil.Date // zero: open-ended
}

// Compute gives the items due for a client under rules, ordered by due
// date, kind and reference. It does not depend on today: an item carries
// the date it is shown from, so rows stay current until the facts change.
func Compute(rules []Rule, f Facts) []Item {
	if f.Ended {
		return nil
	}
	var out []Item
	for _, r := range rules {
		add := func(ref string, d civil.Date) {
			if !d.IsZero() {
				out = append(out, Item{Kind: r.Kind, RefID: ref, Due: d, From: addDays(d, -r.Warn), Law: r.Law})
			}
		}
		switch r.Kind {
		case AssessmentDue:
			if !f.HasAssessment {
				if w := assessment.WindowOn(f.Window, civil.Date{}); w.State != assessment.WindowExempt {
					add("", w.End)
				}
			}
		case PlanReview:
			if p, ok := openPlan(f.Plans); ok {
				add(p.ID, nextReview(p, r.Months))
			}
		case PlanEnding:
			if p, ok := openPlan(f.Plans); ok {
				add(p.ID, p.End)
			}
		case ReferralUnanswered, ReferralNotSent:
			status := "sent"
			if r.Kind == ReferralNotSent {
				status = "proposed"
			}
			for _, rf := range f.Referrals {
				if rf.Status == status && !rf.Date.IsZero() {
					add(rf.ID, addDays(rf.Date, r.Days))
				}
			}
		case PermitExpiring:
			if p, ok := currentPermit(f.Permits); ok {
				add(p.ID, p.ValidTo)
			}
		}
	}
	slices.SortFunc(out, func(a, b Item) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.RefID, b.RefID))
	})
	return out
}

// openPlan is the client's open plan: not closed, the latest start.
func openPlan(ps []Plan) (Plan, bool) {
	var best Plan
	found := false
	for _, p := range ps {
		if p.Closed || p.Start.IsZero() {
			continue
		}
		if !found || p.Start.After(best.Start) || (p.Start == best.Start && p.ID > best.ID) {
			best, found = p, true
		}
	}
	return best, found
}

// nextReview is the first planned review after the last review done (a
// planned date already passed without a review stays due), else months
// after the last review or the start.
func nextReview(p Plan, months int) civil.Date {
	dates := slices.Clone(p.ReviewDates)
	slices.SortFunc(dates, civil.Date.Compare)
	for _, d := range dates {
		if !d.IsZero() && d.After(p.LastReview) && !d.Before(p.Start) {
			return d
		}
	}
	base := p.Start
	if p.LastReview.After(base) {
		base = p.LastReview
	}
	next := plan.AddMonths(base, months)
	if !p.End.IsZero() && next.After(p.End) {
		return civil.Date{} // the plan ends first: PlanEnding covers it
	}
	return next
}

// currentPermit is the granted permit valid the longest; none when one is
// open-ended (a permanent permit leaves nothing to expire).
func currentPermit(ps []Permit) (Permit, bool) {
	var best Permit
	for _, p := range ps {
		if p.ValidTo.IsZero() {
			return Permit{}, false
		}
		if best.ValidTo.IsZero() || p.ValidTo.After(best.ValidTo) {
			best = p
		}
	}
	return best, !best.ValidTo.IsZero()
}

func addDays(d civil.Date, n int) civil.Date {
	if d.IsZero() || n == 0 {
		return d
	}
	return civil.DateOf(d.Time().AddDate(0, 0, n))
}
