// Package retention holds Koto's retention rules and the engine that
// applies them (issue 15 items 6–7, ADR 36): which record classes are kept
// how long, when a client's record may be deleted, legal holds, and the
// deletion certificate a run leaves behind. The rules are data — a JSON
// document embedded in the binary, replaceable by an operator's file — and
// the date arithmetic is plain code with table tests. The deleting itself
// (erasure by crypto-shredding) is the store's, behind the Store interface.
package retention

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"koto/internal/civil"
)

// Class names a record class of the records-management plan.
type Class string

// The record classes Koto knows.
const (
	// ClassClient is a client's record with everything that refers to the
	// client (casework, consents, disclosures, keys, history).
	ClassClient Class = "client"
	// ClassSession is a staff login session.
	ClassSession Class = "session"
	// ClassSavedForm is a form kept when a session expired (ADR 18).
	ClassSavedForm Class = "saved_form"
	// ClassAPIToken is an API token that expired or was revoked.
	ClassAPIToken Class = "api_token"
	// ClassAccessLog is the access log (audit entries), deleted by whole
	// calendar years per chain behind a signed prune checkpoint (ADR 41).
	ClassAccessLog Class = "access_log"
)

// Classes lists the known classes in the order a run reports them.
var Classes = []Class{ClassClient, ClassSession, ClassSavedForm, ClassAPIToken, ClassAccessLog}

// Rule is the retention rule of one class.
type Rule struct {
	Class Class  `json:"class"`
	Doc   string `json:"doc"`
	// YearsFromServiceEnd and YearsFromDeath (ClassClient): the record may
	// be deleted when either period has ended; 0 = that clock is not used.
	YearsFromServiceEnd int `json:"yearsFromServiceEnd,omitempty"`
	YearsFromDeath      int `json:"yearsFromDeath,omitempty"`
	// DaysAfterExpiry (the other classes): rows whose expiry (or
	// revocation) lies more than this many days before the run's date.
	DaysAfterExpiry int `json:"daysAfterExpiry,omitempty"`
	// YearsKept (ClassAccessLog): whole calendar years kept after the
	// year an entry was written; the year goes once they have passed.
	YearsKept int `json:"yearsKept,omitempty"`
	// Archive: the National Archives ordered permanent retention of the
	// class; a run writes an archive package of each record before it
	// deletes it (ClassClient only).
	Archive bool `json:"archive,omitempty"`
}

// Rules is a whole retention configuration.
type Rules struct {
	Comment string `json:"comment,omitempty"`
	Classes []Rule `json:"classes"`
}

//go:embed rules.json
var defaultRules []byte

// Default returns the rules built into Koto (rules.json).
func Default() Rules {
	r, err := Parse(defaultRules)
	if err != nil {
		panic("retention: built-in rules: " + err.Error())
	}
	return r
}

// Parse reads and validates a rules document: only known classes, each at
// most once, known fields only, no negative periods, and a client rule
// with at least one clock. A class left out is never deleted.
func Parse(b []byte) (Rules, error) {
	var r Rules
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return Rules{}, fmt.Errorf("retention rules: %w", err)
	}
	seen := map[Class]bool{}
	for _, c := range r.Classes {
		if !known(c.Class) {
			return Rules{}, fmt.Errorf("retention rules: unknown class %q", c.Class)
		}
		if seen[c.Class] {
			return Rules{}, fmt.Errorf("retention rules: class %q twice", c.Class)
		}
		seen[c.Class] = true
		if c.YearsFromServiceEnd < 0 || c.YearsFromDeath < 0 || c.DaysAfterExpiry < 0 || c.YearsKept < 0 {
			return Rules{}, fmt.Errorf("retention rules: class %q: negative period", c.Class)
		}
		if c.Class == ClassClient && c.YearsFromServiceEnd == 0 && c.YearsFromDeath == 0 {
			return Rules{}, fmt.Errorf("retention rules: class client needs yearsFromServiceEnd or yearsFromDeath")
		}
		if c.Class == ClassAccessLog && (c.YearsKept == 0 || c.DaysAfterExpiry != 0 || c.YearsFromServiceEnd != 0 || c.YearsFromDeath != 0 || c.Archive) {
			return Rules{}, fmt.Errorf("retention rules: class access_log needs yearsKept (whole calendar years) and nothing else")
		}
		if c.Class != ClassAccessLog && c.YearsKept != 0 {
			return Rules{}, fmt.Errorf("retention rules: class %q: yearsKept applies to access_log only", c.Class)
		}
		if c.Class != ClassClient && c.Class != ClassAccessLog && (c.YearsFromServiceEnd != 0 || c.YearsFromDeath != 0 || c.Archive) {
			return Rules{}, fmt.Errorf("retention rules: class %q: only daysAfterExpiry applies", c.Class)
		}
	}
	return r, nil
}

func known(c Class) bool {
	for _, k := range Classes {
		if k == c {
			return true
		}
	}
	return false
}

// Rule returns the rule of class c, if the configuration has one.
func (r Rules) Rule(c Class) (Rule, bool) {
	for _, x := range r.Classes {
		if x.Class == c {
			return x, true
		}
	}
	return Rule{}, false
}

// ClientDates are what a client's retention depends on.
type ClientDates struct {
	ServiceEnd civil.Date // zero: services have not ended
	Death      civil.Date // zero: not known to have died
}

// DeletableFrom returns the first day a client's record may be deleted
// under rule r, and which clock gave it ("service_end+30y", "death+12y"):
// each period ends on its anniversary (civil.AddYears: 29 February ends
// on 28 February, act 150/1930), and the record is kept through that day.
// When both clocks run the earlier end applies — death ends the need for
// the record even when services were recorded as ending later. A client
// with neither date is never deletable (zero Date, "").
func (r Rule) DeletableFrom(d ClientDates) (civil.Date, string) {
	var from civil.Date
	var why string
	consider := func(event civil.Date, years int, name string) {
		if event.IsZero() || years == 0 {
			return
		}
		day := addDays(event.AddYears(years), 1)
		if from.IsZero() || day.Before(from) {
			from, why = day, fmt.Sprintf("%s+%dy", name, years)
		}
	}
	consider(d.ServiceEnd, r.YearsFromServiceEnd, "service_end")
	consider(d.Death, r.YearsFromDeath, "death")
	return from, why
}

// Due reports whether a client's record may be deleted on day asOf.
func (r Rule) Due(d ClientDates, asOf civil.Date) bool {
	from, _ := r.DeletableFrom(d)
	return !from.IsZero() && !asOf.Before(from)
}

// ExpiryCutoff is the instant before which an expiry-class row has been
// expired long enough to delete on day asOf: the start of asOf (UTC)
// minus DaysAfterExpiry days.
func (r Rule) ExpiryCutoff(asOf civil.Date) time.Time {
	return asOf.Time().AddDate(0, 0, -r.DaysAfterExpiry)
}

// LogCutoff is the first instant whose access-log entries are kept on
// day asOf under an access_log rule: the start (Helsinki time) of the
// calendar year YearsKept years before asOf's. Every entry before it
// belongs to a calendar year that ended at least YearsKept whole years
// ago; a year is never cut in part.
func (r Rule) LogCutoff(asOf civil.Date) time.Time {
	return time.Date(asOf.Year-r.YearsKept, time.January, 1, 0, 0, 0, 0, civil.Helsinki)
}

// Describe says the rule in a few words for a report line and a
// certificate.
func (r Rule) Describe() string {
	if r.Class == ClassClient {
		s := ""
		if r.YearsFromServiceEnd > 0 {
			s = fmt.Sprintf("%d years from service end", r.YearsFromServiceEnd)
		}
		if r.YearsFromDeath > 0 {
			if s != "" {
				s += " or "
			}
			s += fmt.Sprintf("%d years from death", r.YearsFromDeath)
		}
		if r.Archive {
			s += ", archived first"
		}
		return s
	}
	if r.Class == ClassAccessLog {
		return fmt.Sprintf("%d whole calendar years", r.YearsKept)
	}
	return fmt.Sprintf("%d days after expiry", r.DaysAfterExpiry)
}

func addDays(d civil.Date, n int) civil.Date {
	return civil.DateOf(d.Time().AddDate(0, 0, n))
}
