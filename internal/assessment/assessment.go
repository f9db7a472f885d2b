// Package assessment holds what 681/2023 73 § 5–7 records before a plan:
// the client's background (education, work history, competences), the
// language tests (initial level test and final test) and the assessment
// of competence and integration service needs (basic or multi-sector),
// with its legal window (window.go). Every use goes through the gate; the
// access-log actions are assessment.read, assessment.create and
// assessment.update, Touched naming the part ("assessment", "background",
// "language_tests").
package assessment

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// Kind is the kind of assessment.
type Kind string

// Kinds.
const (
	KindBasic       Kind = "basic"       // alkukartoitus
	KindMultisector Kind = "multisector" // monialainen alkukartoitus
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindBasic, KindMultisector}

// Status of an assessment: a draft may change; a completed one may not.
type Status string

// Statuses.
const (
	StatusDraft     Status = "draft"
	StatusCompleted Status = "completed"
)

// PlanNeed answers whether an integration plan is needed.
type PlanNeed string

// Answers; "" is not decided yet.
const (
	PlanNeeded    PlanNeed = "yes"
	PlanNotNeeded PlanNeed = "no"
)

// Topics are the interview topics of the assessment (73 § 6, domain.md §3),
// free text each, sealed with the client's key.
type Topics struct {
	Literacy        string `json:"literacy,omitempty"`
	Language        string `json:"language,omitempty"` // Finnish/Swedish
	StudySkills     string `json:"studySkills,omitempty"`
	EmploymentNeeds string `json:"employmentNeeds,omitempty"`
	PriorEducation  string `json:"priorEducation,omitempty"` // prior education and work
	SpecialSkills   string `json:"specialSkills,omitempty"`
	PlanNeed        string `json:"planNeed,omitempty"`
	LifeSituation   string `json:"lifeSituation,omitempty"` // life situation and service needs
}

// TopicFields names the topics as the API's fields, in interview order.
var TopicFields = []string{"literacy", "language", "studySkills", "employmentNeeds", "priorEducation", "specialSkills", "planNeed", "lifeSituation"}

// Topic returns a pointer to the topic named by field (TopicFields).
func (t *Topics) Topic(field string) *string {
	switch field {
	case "literacy":
		return &t.Literacy
	case "language":
		return &t.Language
	case "studySkills":
		return &t.StudySkills
	case "employmentNeeds":
		return &t.EmploymentNeeds
	case "priorEducation":
		return &t.PriorEducation
	case "specialSkills":
		return &t.SpecialSkills
	case "planNeed":
		return &t.PlanNeed
	case "lifeSituation":
		return &t.LifeSituation
	}
	return nil
}

// Assessment is one assessment of competence and integration service
// needs, with what the national repository (decree 874/2024) asks of it.
type Assessment struct {
	ID       string
	ClientID string
	Kind     Kind
	Date     civil.Date
	Status   Status
	Topics   Topics
	// FurtherMeasures, TrainingRecommendation, Referral, Authors and
	// DataSource are free text, sealed.
	FurtherMeasures        string
	TrainingRecommendation string
	PlanNeeded             PlanNeed
	PlannedPlanDate        civil.Date // when the plan is to be made
	Referral               string     // or where the client is referred instead
	Authors                string
	DataSource             string
	Version                int
	CreatedAt, UpdatedAt   time.Time
	CreatedBy, UpdatedBy   string
	CompletedAt            time.Time // zero while a draft
}

// Limits of free text.
const (
	maxText  = 4000
	maxShort = 300
)

// Normalize trims the free text of a.
func (a *Assessment) Normalize() {
	for _, f := range TopicFields {
		p := a.Topics.Topic(f)
		*p = strings.TrimSpace(*p)
	}
	for _, p := range []*string{&a.FurtherMeasures, &a.TrainingRecommendation, &a.Referral, &a.Authors, &a.DataSource} {
		*p = strings.TrimSpace(*p)
	}
	a.Kind, a.PlanNeeded, a.Status = Kind(strings.TrimSpace(string(a.Kind))), PlanNeed(strings.TrimSpace(string(a.PlanNeeded))), Status(strings.TrimSpace(string(a.Status)))
}

// Validate checks a normalized assessment against today; the error is
// Invalid with a translation key per field.
func (a *Assessment) Validate(today civil.Date) error {
	var v apperr.Validation
	switch {
	case a.Kind == "":
		v.Add("kind", "validation.required")
	case !slices.Contains(Kinds, a.Kind):
		v.Add("kind", "validation.choice")
	}
	switch {
	case a.Date.IsZero():
		v.Add("date", "validation.required")
	case a.Date.After(today):
		v.Add("date", "validation.date_future")
	}
	if a.Status != StatusDraft && a.Status != StatusCompleted {
		v.Add("status", "validation.choice")
	}
	if a.PlanNeeded != "" && a.PlanNeeded != PlanNeeded && a.PlanNeeded != PlanNotNeeded {
		v.Add("planNeeded", "validation.choice")
	}
	for _, f := range TopicFields {
		text(&v, f, *a.Topics.Topic(f), maxText)
	}
	text(&v, "furtherMeasures", a.FurtherMeasures, maxText)
	text(&v, "trainingRecommendation", a.TrainingRecommendation, maxText)
	text(&v, "referral", a.Referral, maxText)
	text(&v, "authors", a.Authors, maxShort)
	text(&v, "dataSource", a.DataSource, maxShort)
	if a.Status == StatusCompleted {
		// A completed assessment says who made it and what follows.
		if a.Authors == "" {
			v.Add("authors", "validation.required")
		}
		if a.PlanNeeded == "" {
			v.Add("planNeeded", "validation.required")
		}
	}
	return v.Err()
}

// text checks the length of an optional free-text field.
func text(v *apperr.Validation, field, s string, max int) {
	if utf8.RuneCountInString(s) > max {
		v.Add(field, "validation.too_long", max)
	}
}
