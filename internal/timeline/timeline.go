// Package timeline is a client's history as one list of events, newest
// first: registration, permits, assessments, language tests, plan
// versions and follow-ups, referral steps, notes and amendments,
// reception and placement, household links, service end and death. It
// holds no data of its own: the store reads each source table by an index
// on (organisation, client, time) and the service merges them (ADR 25).
package timeline

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"koto/internal/civil"
)

// Kind is what happened. Referral steps are "referral." + the status.
type Kind string

// The kinds of event.
const (
	Registration  Kind = "registration"
	Permit        Kind = "permit"
	Assessment    Kind = "assessment"
	LanguageTest  Kind = "language_test"
	PlanCreated   Kind = "plan.created"
	PlanRevised   Kind = "plan.revised"
	PlanFollowUp  Kind = "plan.follow_up"
	Note          Kind = "note"
	NoteAmendment Kind = "note.amendment"
	Placement     Kind = "placement"
	Household     Kind = "household"
	ServiceEnd    Kind = "service_end"
	Death         Kind = "death"
)

// ReferralStep is the kind of a referral event with status.
func ReferralStep(status string) Kind { return Kind("referral." + status) }

// Event is one entry of a timeline. It carries codes and dates only —
// never free text, so neither a note's text (sensitive or not) nor a
// reason ever reaches a timeline.
type Event struct {
	At   time.Time // when it was recorded (or, for service end and death, the day)
	Kind Kind
	// ID is the record the event belongs to, which the UI links to: the
	// client (registration, service end, death, placement), a permit,
	// assessment, language test, plan, referral or note, or the other
	// client of a household link.
	ID string
	// Date is the day the record names (a note's date, a referral step's
	// date, a permit decision, an arrival); zero when none.
	Date civil.Date
	// Code is a code of the record (note type, permit outcome, assessment
	// or test kind, service code, municipality, household kind, service
	// end reason); "" when none.
	Code string
	// Version is a plan version's number.
	Version int
	// Sensitive marks a sensitive note: only its kind and date are shown.
	Sensitive bool
}

// Summary is a short neutral English text of the event for the API. The
// web builds its own from Kind, Date and the names of Code in the reader's
// language.
func (e Event) Summary() string {
	var b strings.Builder
	b.WriteString(kindText(e.Kind))
	if e.Version > 0 {
		fmt.Fprintf(&b, " (version %d)", e.Version)
	}
	if e.Code != "" && !e.Sensitive {
		fmt.Fprintf(&b, ": %s", e.Code)
	}
	if e.Sensitive {
		b.WriteString(" (sensitive)")
	}
	if !e.Date.IsZero() {
		fmt.Fprintf(&b, ", %s", e.Date)
	}
	return b.String()
}

var kindTexts = map[Kind]string{
	Registration: "Registered", Permit: "Residence permit", Assessment: "Assessment",
	LanguageTest: "Language test", PlanCreated: "Integration plan made", PlanRevised: "Integration plan revised",
	PlanFollowUp: "Plan follow-up", Note: "Note", NoteAmendment: "Note amended", Placement: "Reception and placement",
	Household: "Household link", ServiceEnd: "Service ended", Death: "Died",
}

func kindText(k Kind) string {
	if t, ok := kindTexts[k]; ok {
		return t
	}
	if s, ok := strings.CutPrefix(string(k), "referral."); ok {
		return "Referral " + s
	}
	return string(k)
}

// Limits of one page.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Page is the query of one page: at most Limit events recorded strictly
// before Before (zero: the newest).
type Page struct {
	Limit  int
	Before time.Time
}

// Normalize puts Limit within 1..MaxLimit (0: DefaultLimit).
func (p Page) Normalize() Page {
	switch {
	case p.Limit <= 0:
		p.Limit = DefaultLimit
	case p.Limit > MaxLimit:
		p.Limit = MaxLimit
	}
	return p
}

// Order sorts events newest first; events of the same instant by kind and
// record id, so that a page is the same every time.
func Order(es []Event) {
	slices.SortStableFunc(es, func(a, b Event) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// Cut orders es (at most limit+1 events of each source, so at least the
// limit+1 newest of all) and keeps a page of at most limit. The next page
// asks for events before the last one's At, so a page never ends inside a
// group of events of one instant (one transaction writes several rows with
// the same time): such a group is left whole to the next page, unless it
// fills the page alone, when it is kept whole beyond the limit.
func Cut(es []Event, limit int) []Event {
	Order(es)
	if len(es) <= limit {
		return es
	}
	last := es[limit-1].At
	if !es[limit].At.Equal(last) {
		return es[:limit]
	}
	n := limit
	for n > 0 && es[n-1].At.Equal(last) {
		n--
	}
	if n > 0 {
		return es[:n]
	}
	for n < len(es) && es[n].At.Equal(last) {
		n++
	}
	return es[:n]
}
