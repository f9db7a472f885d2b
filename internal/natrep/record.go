// Package natrep maps Koto's assessments and integration plans to the
// record of the national repository of integration clients (decree
// 874/2024; domain.md §3) and exports them: organisation-wide for a
// period, page by page, or for one client. The wire types here are the
// whole format; national-repository-v1.json is its JSON Schema (draft
// 2020-12), and a test keeps the two in step. The output is for a
// machine: codes stay codes (each coded field names its code list) and
// dates are ISO 8601.
package natrep

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/plan"
)

// SchemaVersion is the version of the format, the "v1" of the schema's name.
const SchemaVersion = "1"

// SchemaID is the schema's $id, which every document names in "$schema".
const SchemaID = "https://koto.invalid/schemas/national-repository-v1.json"

// Code lists the coded fields use, named with their version.
var CodeLists = CodeListRefs{
	AssessmentKind: "koto:assessment-kind:1",
	PlanNeeded:     "koto:plan-needed:1",
	PlanKind:       "koto:plan-kind:1",
	ServiceKind:    "koto:service-kind:1",
}

// Document is one export: a header and the records of the clients.
type Document struct {
	Schema        string       `json:"$schema"`
	SchemaVersion string       `json:"schemaVersion"`
	Organisation  string       `json:"organisation"`
	Period        *Period      `json:"period,omitempty"`
	CreatedAt     string       `json:"createdAt"`
	CodeLists     CodeListRefs `json:"codeLists"`
	Records       []Record     `json:"records"`
}

// CodeListRefs names the code list of each coded field.
type CodeListRefs struct {
	AssessmentKind string `json:"assessmentKind"`
	PlanNeeded     string `json:"planNeeded"`
	PlanKind       string `json:"planKind"`
	ServiceKind    string `json:"serviceKind"`
}

// Period is the export's period, both days included.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Record is one client's assessments and plans.
type Record struct {
	Person      Person       `json:"person"`
	Assessments []Assessment `json:"assessments"`
	Plans       []Plan       `json:"plans"`
}

// Person identifies the client as the national repository does: by the
// HETU when Koto knows it, and always by the Koto id, the organisation's
// client id, which stays when a HETU is given later.
type Person struct {
	HETU   string `json:"hetu,omitempty"`
	KotoID string `json:"kotoId"`
}

// Assessment is an assessment of competence and integration service needs.
type Assessment struct {
	ID              string            `json:"id"`
	Kind            string            `json:"kind"`
	Date            string            `json:"date"`
	Content         AssessmentContent `json:"content"`
	FurtherMeasures string            `json:"furtherMeasures,omitempty"`
	PlanNeeded      string            `json:"planNeeded"`
	PlannedPlanDate string            `json:"plannedPlanDate,omitempty"`
	Referral        string            `json:"referral,omitempty"`
	Authors         string            `json:"authors"`
	DataSource      string            `json:"dataSource,omitempty"`
	CompletedAt     string            `json:"completedAt"`
}

// AssessmentContent is what the assessment found: the interview topics and
// the training recommendation, free text each.
type AssessmentContent struct {
	Literacy               string `json:"literacy,omitempty"`
	Language               string `json:"language,omitempty"`
	StudySkills            string `json:"studySkills,omitempty"`
	EmploymentNeeds        string `json:"employmentNeeds,omitempty"`
	PriorEducation         string `json:"priorEducation,omitempty"`
	SpecialSkills          string `json:"specialSkills,omitempty"`
	PlanNeed               string `json:"planNeed,omitempty"`
	LifeSituation          string `json:"lifeSituation,omitempty"`
	TrainingRecommendation string `json:"trainingRecommendation,omitempty"`
}

// Plan is one integration plan as its latest version up to the end of the
// period says.
type Plan struct {
	ID          string    `json:"id"`
	Version     int       `json:"version"`
	Kind        string    `json:"kind"`
	Date        string    `json:"date"`
	StartDate   string    `json:"startDate"`
	EndDate     string    `json:"endDate"`
	Goals       []string  `json:"goals"`
	Measures    []Measure `json:"measures"`
	ReviewDates []string  `json:"reviewDates"`
	Authors     string    `json:"authors"`
	ClosedOn    string    `json:"closedOn,omitempty"`
	CloseReason string    `json:"closeReason,omitempty"`
}

// Measure is an agreed measure or service of a plan.
type Measure struct {
	Text        string `json:"text"`
	ServiceKind string `json:"serviceKind,omitempty"`
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
}

// Source is what the store reads for one client: the material of a Record.
type Source struct {
	HETU        string
	KotoID      string
	Assessments []assessment.Assessment // completed ones only
	Plans       []plan.Version
}

// RecordOf maps a client's source to its record.
func RecordOf(s Source) Record {
	r := Record{Person: Person{HETU: s.HETU, KotoID: s.KotoID},
		Assessments: make([]Assessment, 0, len(s.Assessments)), Plans: make([]Plan, 0, len(s.Plans))}
	for _, a := range s.Assessments {
		r.Assessments = append(r.Assessments, AssessmentOf(a))
	}
	for _, v := range s.Plans {
		r.Plans = append(r.Plans, PlanOf(v))
	}
	return r
}

// AssessmentOf maps a completed assessment.
func AssessmentOf(a assessment.Assessment) Assessment {
	t := a.Topics
	return Assessment{
		ID: a.ID, Kind: string(a.Kind), Date: a.Date.String(),
		Content: AssessmentContent{Literacy: t.Literacy, Language: t.Language, StudySkills: t.StudySkills,
			EmploymentNeeds: t.EmploymentNeeds, PriorEducation: t.PriorEducation, SpecialSkills: t.SpecialSkills,
			PlanNeed: t.PlanNeed, LifeSituation: t.LifeSituation, TrainingRecommendation: a.TrainingRecommendation},
		FurtherMeasures: a.FurtherMeasures, PlanNeeded: string(a.PlanNeeded), PlannedPlanDate: a.PlannedPlanDate.String(),
		Referral: a.Referral, Authors: a.Authors, DataSource: a.DataSource, CompletedAt: timestamp(a.CompletedAt),
	}
}

// PlanOf maps a plan version. The plan's date is the day the version was
// saved (in Finland); its authors the person who saved it, as Koto records
// no other authors of a plan.
func PlanOf(v plan.Version) Plan {
	p := Plan{ID: v.PlanID, Version: v.Number, Kind: v.Kind, Date: civil.DateOf(v.SavedAt.In(civil.Helsinki)).String(),
		StartDate: v.StartDate.String(), EndDate: v.EndDate.String(), Goals: append([]string{}, v.Goals...),
		Measures: make([]Measure, 0, len(v.Measures)), ReviewDates: make([]string, 0, len(v.ReviewDates)),
		Authors: v.SavedByName, ClosedOn: v.ClosedOn.String(), CloseReason: v.CloseReason}
	for _, m := range v.Measures {
		p.Measures = append(p.Measures, Measure{Text: m.Text, ServiceKind: m.ServiceKind, Start: m.Start.String(), End: m.End.String()})
	}
	for _, d := range v.ReviewDates {
		p.ReviewDates = append(p.ReviewDates, d.String())
	}
	return p
}

// timestamp is t in UTC as RFC 3339 with seconds.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
