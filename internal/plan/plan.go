// Package plan is the integration plan (kotoutumissuunnitelma, 681/2023):
// basic or multi-sector, with goals, agreed measures and services with
// their schedule, start and end, review dates, follow-up entries and a
// closing. A revision saves a new version; every earlier version stays
// readable exactly as it was saved (ADR 22). Rules of the act are data
// (rules.go) and come back as warnings that a person acknowledges: Koto
// never decides.
package plan

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/services"
)

// Kinds of plan.
const (
	KindBasic       = "basic"       // kotoutumissuunnitelma
	KindMultisector = "multisector" // monialainen kotoutumissuunnitelma
)

// Kinds lists the plan kinds.
var Kinds = []string{KindBasic, KindMultisector}

// Bounds of the free text.
const (
	MaxGoals    = 30
	MaxMeasures = 50
	MaxReviews  = 20
	MaxText     = 2000
)

// Measure is an agreed measure or service with its schedule.
type Measure struct {
	Text        string     `json:"text"`
	ServiceKind string     `json:"serviceKind,omitempty"` // a national service kind (package services), or ""
	Start       civil.Date `json:"start"`
	End         civil.Date `json:"end"`
}

// Content is what one version of a plan says: everything a revision
// replaces. It is sealed with the client's key as one document.
type Content struct {
	Kind        string       `json:"kind"`
	StartDate   civil.Date   `json:"startDate"`
	EndDate     civil.Date   `json:"endDate"`
	Goals       []string     `json:"goals"`
	Measures    []Measure    `json:"measures"`
	ReviewDates []civil.Date `json:"reviewDates"`
	// ClosedOn and CloseReason close the plan (both or neither).
	ClosedOn    civil.Date `json:"closedOn"`
	CloseReason string     `json:"closeReason,omitempty"`
}

// Version is one saved version of a plan, as it was saved, with the
// warnings the rules gave for it then and their acknowledgements.
type Version struct {
	Content
	PlanID   string
	ClientID string
	Number   int
	SavedAt  time.Time
	SavedBy  string // user id
	// SavedByName is the saver's display name (username when none).
	SavedByName string
	Warnings    []Warning
}

// FollowUp is a follow-up entry: appended to the plan without a new
// version (it records what happened, not what was agreed).
type FollowUp struct {
	ID            string
	Date          civil.Date
	Text          string
	CreatedAt     time.Time
	CreatedBy     string
	CreatedByName string
}

// Plan is a plan's current version with its history: the numbers of
// every version and the follow-up entries.
type Plan struct {
	Version
	Versions  []VersionInfo
	FollowUps []FollowUp
}

// VersionInfo names a saved version in the list of versions.
type VersionInfo struct {
	Number      int
	SavedAt     time.Time
	SavedBy     string
	SavedByName string
}

// Summary is a plan in the list of a client's plans.
type Summary struct {
	ID        string
	Version   int
	Kind      string
	StartDate civil.Date
	EndDate   civil.Date
	ClosedOn  civil.Date
	SavedAt   time.Time
}

// Normalize trims the text and drops empty goals and measures.
func (c *Content) Normalize() {
	c.Kind = strings.TrimSpace(c.Kind)
	goals := c.Goals[:0:0]
	for _, g := range c.Goals {
		if g = strings.TrimSpace(g); g != "" {
			goals = append(goals, g)
		}
	}
	c.Goals = goals
	ms := c.Measures[:0:0]
	for _, m := range c.Measures {
		m.Text, m.ServiceKind = strings.TrimSpace(m.Text), strings.TrimSpace(m.ServiceKind)
		// A revision of a version saved with a retired code names its
		// replacement; the saved version itself keeps its code (ADR 29).
		m.ServiceKind = services.Current(m.ServiceKind)
		if m.Text != "" || m.ServiceKind != "" || !m.Start.IsZero() || !m.End.IsZero() {
			ms = append(ms, m)
		}
	}
	c.Measures = ms
	reviews := c.ReviewDates[:0:0]
	for _, d := range c.ReviewDates {
		if !d.IsZero() && !slices.Contains(reviews, d) {
			reviews = append(reviews, d)
		}
	}
	slices.SortFunc(reviews, civil.Date.Compare)
	c.ReviewDates = reviews
	c.CloseReason = strings.TrimSpace(c.CloseReason)
}

// Validate checks c; field names are the API's (goals[0], measures[1].text).
func (c Content) Validate() error {
	var v apperr.Validation
	if !slices.Contains(Kinds, c.Kind) {
		v.Add("kind", "validation.choice")
	}
	date(&v, "startDate", c.StartDate, true)
	date(&v, "endDate", c.EndDate, true)
	if !c.StartDate.IsZero() && !c.EndDate.IsZero() && c.EndDate.Before(c.StartDate) {
		v.Add("endDate", "plan.end_before_start")
	}
	switch {
	case len(c.Goals) == 0:
		v.Add("goals", "validation.required")
	case len(c.Goals) > MaxGoals:
		v.Add("goals", "validation.too_many", MaxGoals)
	}
	for i, g := range c.Goals {
		text(&v, field("goals", i, ""), g)
	}
	if len(c.Measures) > MaxMeasures {
		v.Add("measures", "validation.too_many", MaxMeasures)
	}
	for i, m := range c.Measures {
		if m.Text == "" {
			v.Add(field("measures", i, "text"), "validation.required")
		}
		text(&v, field("measures", i, "text"), m.Text)
		if m.ServiceKind != "" && !services.IsNational(m.ServiceKind) {
			v.Add(field("measures", i, "serviceKind"), "validation.choice")
		}
		date(&v, field("measures", i, "start"), m.Start, false)
		date(&v, field("measures", i, "end"), m.End, false)
		if !m.Start.IsZero() && !m.End.IsZero() && m.End.Before(m.Start) {
			v.Add(field("measures", i, "end"), "plan.end_before_start")
		}
	}
	if len(c.ReviewDates) > MaxReviews {
		v.Add("reviewDates", "validation.too_many", MaxReviews)
	}
	for i, d := range c.ReviewDates {
		date(&v, field("reviewDates", i, ""), d, false)
	}
	date(&v, "closedOn", c.ClosedOn, false)
	switch {
	case c.ClosedOn.IsZero() && c.CloseReason != "":
		v.Add("closedOn", "validation.required")
	case !c.ClosedOn.IsZero() && c.CloseReason == "":
		v.Add("closeReason", "validation.required")
	}
	text(&v, "closeReason", c.CloseReason)
	return v.Err()
}

func field(list string, i int, name string) string {
	f := list + "[" + strconv.Itoa(i) + "]"
	if name != "" {
		f += "." + name
	}
	return f
}

func date(v *apperr.Validation, f string, d civil.Date, required bool) {
	switch {
	case d.IsZero() && required:
		v.Add(f, "validation.required")
	case !d.IsZero() && !d.IsValid():
		v.Add(f, "validation.date")
	}
}

func text(v *apperr.Validation, f, s string) {
	if utf8.RuneCountInString(s) > MaxText || !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		v.Add(f, "validation.too_long", MaxText)
	}
}
