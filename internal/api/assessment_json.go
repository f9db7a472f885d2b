package api

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
)

// assessmentJSON is an assessment on the wire (schema Assessment).
type assessmentJSON struct {
	ID                     string            `json:"id"`
	Kind                   string            `json:"kind"`
	Date                   civil.Date        `json:"date"`
	Status                 string            `json:"status"`
	Topics                 assessment.Topics `json:"topics"`
	FurtherMeasures        string            `json:"furtherMeasures"`
	TrainingRecommendation string            `json:"trainingRecommendation"`
	PlanNeeded             string            `json:"planNeeded"`
	PlannedPlanDate        civil.Date        `json:"plannedPlanDate"`
	Referral               string            `json:"referral"`
	Authors                string            `json:"authors"`
	DataSource             string            `json:"dataSource"`
	Version                int               `json:"version"`
	CreatedAt              time.Time         `json:"createdAt"`
	UpdatedAt              time.Time         `json:"updatedAt"`
	CompletedAt            *time.Time        `json:"completedAt"`
}

// assessmentInput is the body of POST and PUT …/assessments: kind and date
// are required; version (PUT) is the version read; status "completed"
// completes it.
type assessmentInput struct {
	Kind                   *string            `json:"kind"`
	Date                   *civil.Date        `json:"date"`
	Status                 *string            `json:"status"`
	Topics                 *assessment.Topics `json:"topics"`
	FurtherMeasures        *string            `json:"furtherMeasures"`
	TrainingRecommendation *string            `json:"trainingRecommendation"`
	PlanNeeded             *string            `json:"planNeeded"`
	PlannedPlanDate        *civil.Date        `json:"plannedPlanDate"`
	Referral               *string            `json:"referral"`
	Authors                *string            `json:"authors"`
	DataSource             *string            `json:"dataSource"`
	Version                *int               `json:"version"`
}

func (in assessmentInput) domain() assessment.Assessment {
	return assessment.Assessment{Kind: assessment.Kind(val(in.Kind)), Date: val(in.Date), Status: assessment.Status(val(in.Status)),
		Topics: val(in.Topics), FurtherMeasures: val(in.FurtherMeasures), TrainingRecommendation: val(in.TrainingRecommendation),
		PlanNeeded: assessment.PlanNeed(val(in.PlanNeeded)), PlannedPlanDate: val(in.PlannedPlanDate), Referral: val(in.Referral),
		Authors: val(in.Authors), DataSource: val(in.DataSource), Version: val(in.Version)}
}

func assessmentOut(a assessment.Assessment) assessmentJSON {
	out := assessmentJSON{ID: a.ID, Kind: string(a.Kind), Date: a.Date, Status: string(a.Status), Topics: a.Topics,
		FurtherMeasures: a.FurtherMeasures, TrainingRecommendation: a.TrainingRecommendation, PlanNeeded: string(a.PlanNeeded),
		PlannedPlanDate: a.PlannedPlanDate, Referral: a.Referral, Authors: a.Authors, DataSource: a.DataSource, Version: a.Version,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	if !a.CompletedAt.IsZero() {
		at := a.CompletedAt.UTC()
		out.CompletedAt = &at
	}
	return out
}

// windowJSON is the legal window of the assessment (schema AssessmentWindow).
type windowJSON struct {
	State    string     `json:"state"`
	Start    civil.Date `json:"start"`
	End      civil.Date `json:"end"`
	DaysLeft int        `json:"daysLeft"`
}

func windowOut(w assessment.Window) windowJSON {
	return windowJSON{State: string(w.State), Start: w.Start, End: w.End, DaysLeft: w.DaysLeft}
}

// assessmentListJSON is GET …/assessments.
type assessmentListJSON struct {
	Window      windowJSON       `json:"window"`
	Assessments []assessmentJSON `json:"assessments"`
}

// backgroundJSON is a client's background (schema Background), also the
// body of PUT …/background (version: the version read, 0 when none).
type backgroundJSON struct {
	Education        []assessment.Education `json:"education"`
	Work             []assessment.Work      `json:"work"`
	Literacy         string                 `json:"literacy"`
	OtherCompetences string                 `json:"otherCompetences"`
	TargetOccupation string                 `json:"targetOccupation"`
	UnemployedMonths *int                   `json:"unemployedMonths"`
	Version          int                    `json:"version"`
	UpdatedAt        *time.Time             `json:"updatedAt,omitempty"`
}

func backgroundOut(b assessment.Background) backgroundJSON {
	out := backgroundJSON{Education: b.Education, Work: b.Work, Literacy: string(b.Literacy), OtherCompetences: b.OtherCompetences,
		TargetOccupation: b.TargetOccupation, UnemployedMonths: b.UnemployedMonths, Version: b.Version}
	if out.Education == nil {
		out.Education = []assessment.Education{}
	}
	if out.Work == nil {
		out.Work = []assessment.Work{}
	}
	if !b.UpdatedAt.IsZero() {
		at := b.UpdatedAt.UTC()
		out.UpdatedAt = &at
	}
	return out
}

// languageTestJSON is one test result (schema LanguageTest), also the
// body of POST …/language-tests (id and createdAt ignored there).
type languageTestJSON struct {
	ID        string     `json:"id,omitempty"`
	Kind      string     `json:"kind"`
	Language  string     `json:"language"`
	Date      civil.Date `json:"date"`
	Listening string     `json:"listening"`
	Reading   string     `json:"reading"`
	Speaking  string     `json:"speaking"`
	Writing   string     `json:"writing"`
	Provider  string     `json:"provider"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
}

func languageTestOut(t assessment.LanguageTest) languageTestJSON {
	at := t.CreatedAt.UTC()
	return languageTestJSON{ID: t.ID, Kind: string(t.Kind), Language: t.Language, Date: t.Date, Listening: string(t.Listening),
		Reading: string(t.Reading), Speaking: string(t.Speaking), Writing: string(t.Writing), Provider: t.Provider, CreatedAt: &at}
}

// progressJSON is the latest level per skill against the goal.
type progressJSON struct {
	Goal   string              `json:"goal"`
	Skills []skillProgressJSON `json:"skills"`
}

type skillProgressJSON struct {
	Skill   string     `json:"skill"`
	Level   string     `json:"level"`
	Date    civil.Date `json:"date"`
	Reached bool       `json:"reached"`
}

// languageTestsJSON is GET …/language-tests.
type languageTestsJSON struct {
	Progress progressJSON       `json:"progress"`
	Tests    []languageTestJSON `json:"tests"`
}

func progressOut(p assessment.Progress) progressJSON {
	out := progressJSON{Goal: string(p.Goal), Skills: []skillProgressJSON{}}
	for _, s := range p.Skills {
		out.Skills = append(out.Skills, skillProgressJSON{Skill: s.Skill, Level: string(s.Level), Date: s.Date, Reached: s.Reached})
	}
	return out
}
