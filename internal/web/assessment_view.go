package web

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/codes"
)

// windowView is the legal window of the assessment as the pages show it:
// one sentence, a warning when it closes within assessment.WarnDays or has
// closed.
type windowView struct {
	Text    string
	Warning bool
}

func newWindowView(pg page, w assessment.Window) windowView {
	switch w.State {
	case assessment.WindowExempt:
		return windowView{Text: pg.T("assessment.window.exempt")}
	case assessment.WindowUnknown:
		return windowView{Text: pg.T("assessment.window.unknown")}
	case assessment.WindowClosed:
		return windowView{Text: pg.T("assessment.window.closed", pg.Date(w.End), pg.Date(w.Start)), Warning: true}
	case assessment.WindowClosing:
		return windowView{Text: pg.T("assessment.window.closing", pg.Date(w.End), w.DaysLeft, pg.Date(w.Start)), Warning: true}
	}
	return windowView{Text: pg.T("assessment.window.open", pg.Date(w.End), w.DaysLeft, pg.Date(w.Start))}
}

// assessmentPath is the address of the client's assessment overview.
func assessmentPath(id string) string { return "/clients/" + id + "/assessment" }

// strs converts typed string values for builder.choice.
func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// parseFormDate reads a date field: zero for empty, an error on errs for
// a value that is not a date.
func parseFormDate(pg page, errs *formErrors, name, value string) civil.Date {
	value = strings.TrimSpace(value)
	if value == "" {
		return civil.Date{}
	}
	d, err := civil.ParseDate(value)
	if err != nil {
		errs.add(name, pg.T("validation.date"))
	}
	return d
}

// backgroundRows are how many empty rows the background form adds for
// new educations and occupations.
const backgroundRows = 2

// parseBackground reads the background form: rows whose code is empty are
// left out (the empty rows the form offers).
func parseBackground(r *http.Request) assessment.Background {
	var b assessment.Background
	for i := 0; i < assessment.MaxEducations+backgroundRows; i++ {
		p := "education[" + strconv.Itoa(i) + "]."
		level := r.PostFormValue(p + "level")
		if level == "" && r.PostFormValue(p+"field") == "" && r.PostFormValue(p+"years") == "" {
			continue
		}
		b.Education = append(b.Education, assessment.Education{Level: level, Field: r.PostFormValue(p + "field"),
			Country: r.PostFormValue(p + "country"), Years: atoiOr(r.PostFormValue(p+"years"), 0),
			Completed: r.PostFormValue(p+"completed") == "1", Recognition: r.PostFormValue(p + "recognition")})
	}
	for i := 0; i < assessment.MaxWork+backgroundRows; i++ {
		p := "work[" + strconv.Itoa(i) + "]."
		occ := r.PostFormValue(p + "occupation")
		if occ == "" && r.PostFormValue(p+"years") == "" {
			continue
		}
		b.Work = append(b.Work, assessment.Work{Occupation: occ, Country: r.PostFormValue(p + "country"), Years: atoiOr(r.PostFormValue(p+"years"), 0)})
	}
	b.Literacy = assessment.Literacy(r.PostFormValue("literacy"))
	b.OtherCompetences, b.TargetOccupation = r.PostFormValue("otherCompetences"), r.PostFormValue("targetOccupation")
	if s := strings.TrimSpace(r.PostFormValue("unemployedMonths")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1 // not a number: the domain's range check says so
		}
		b.UnemployedMonths = &n
	}
	b.Version = atoiOr(r.PostFormValue("version"), 0)
	return b
}

// educationRow and workRow are one row of the background form.
type educationRow struct {
	Legend                        string
	Level, Field, Country         codePicker
	Years, Completed, Recognition field
}

type workRow struct {
	Legend              string
	Occupation, Country codePicker
	Years               field
}

// backgroundPage is the background form.
type backgroundPage struct {
	page
	ID               string
	Errors           formErrors
	Notice           string
	Version          string
	Education        []educationRow
	Work             []workRow
	Literacy         field
	OtherCompetences field
	TargetOccupation codePicker
	UnemployedMonths field
}

func backgroundForm(pg page, id string, b assessment.Background, errs formErrors) backgroundPage {
	bld := builder{p: pg.p, errs: errs}
	m := backgroundPage{page: pg, ID: id, Errors: errs, Version: strconv.Itoa(b.Version)}
	educ := append(b.Education, make([]assessment.Education, backgroundRows)...)
	for i, e := range educ {
		p := "education[" + strconv.Itoa(i) + "]."
		years := ""
		if e.Years > 0 {
			years = strconv.Itoa(e.Years)
		}
		m.Education = append(m.Education, educationRow{Legend: pg.T("assessment.background.education_n", i+1),
			Level:       newPicker(pg, errs, p+"level", "assessment.background.level", "", codes.ISCEDList, []string{e.Level}, 1),
			Field:       newPicker(pg, errs, p+"field", "assessment.background.field", "", codes.ISCEDFList, []string{e.Field}, 1),
			Country:     newPicker(pg, errs, p+"country", "assessment.background.country", "", codes.CountryList, []string{e.Country}, 1),
			Years:       bld.input("number", p+"years", "assessment.background.years", years),
			Completed:   bld.checkbox(p+"completed", "assessment.background.completed", e.Completed),
			Recognition: bld.choice(p+"recognition", "assessment.background.recognition", e.Recognition, "assessment.recognition.", assessment.Recognitions),
		})
	}
	work := append(b.Work, make([]assessment.Work, backgroundRows)...)
	for i, w := range work {
		p := "work[" + strconv.Itoa(i) + "]."
		years := ""
		if w.Years > 0 {
			years = strconv.Itoa(w.Years)
		}
		m.Work = append(m.Work, workRow{Legend: pg.T("assessment.background.work_n", i+1),
			Occupation: newPicker(pg, errs, p+"occupation", "assessment.background.occupation", "", codes.ISCOList, []string{w.Occupation}, 1),
			Country:    newPicker(pg, errs, p+"country", "assessment.background.country", "", codes.CountryList, []string{w.Country}, 1),
			Years:      bld.input("number", p+"years", "assessment.background.years", years),
		})
	}
	m.Literacy = bld.choice("literacy", "assessment.background.literacy", string(b.Literacy), "assessment.literacy.", strs(assessment.Literacies))
	m.OtherCompetences = bld.text("otherCompetences", "assessment.background.other", b.OtherCompetences).as("textarea")
	m.TargetOccupation = newPicker(pg, errs, "targetOccupation", "assessment.background.target", pg.T("assessment.background.target_hint"), codes.ISCOList, []string{b.TargetOccupation}, 1)
	months := ""
	if b.UnemployedMonths != nil {
		months = strconv.Itoa(*b.UnemployedMonths)
	}
	m.UnemployedMonths = bld.input("number", "unemployedMonths", "assessment.background.unemployed", months)
	return m
}

// languageTestPage is the form of a new test result.
type languageTestPage struct {
	page
	ID       string
	Errors   formErrors
	Window   windowView
	Fields   []field
	Levels   []field
	Provider field
}

func languageTestForm(pg page, id string, t assessment.LanguageTest, date string, errs formErrors) languageTestPage {
	b := builder{p: pg.p, errs: errs}
	m := languageTestPage{page: pg, ID: id, Errors: errs}
	m.Fields = []field{
		b.choice("kind", "assessment.test.kind", string(t.Kind), "assessment.test_kind.", strs(assessment.TestKinds)).required(),
		b.choice("language", "assessment.test.language", t.Language, "assessment.test_language.", assessment.TestLanguages),
		b.date("date", "assessment.test.date", date).required(),
	}
	for _, s := range assessment.Skills {
		f := b.input("select", s, "assessment.skill."+s, string(*t.Skill(s)))
		f.Options = append(f.Options, option{Value: "", Label: pg.T("assessment.level.none"), Selected: *t.Skill(s) == ""})
		for _, l := range assessment.Levels {
			f.Options = append(f.Options, option{Value: string(l), Label: string(l), Selected: *t.Skill(s) == l})
		}
		m.Levels = append(m.Levels, f)
	}
	m.Provider = b.text("provider", "assessment.test.provider", t.Provider)
	return m
}

// assessmentFormPage is an assessment: a form while a draft, a view once
// completed.
type assessmentFormPage struct {
	page
	ID, AssessmentID string
	Action           string
	Errors           formErrors
	Notice           string
	Window           windowView
	Completed        bool
	Version          string
	Fields           []field // kind, date
	Topics           []field
	Follow           []field // further measures, plan, referral, authors, source
	Items            []item  // the completed assessment
	CompletedAt      string
	// PlanURL makes a plan from a completed assessment: the new plan's
	// form with its kind and planned date ("" without plan.create).
	PlanURL string
}

func assessmentForm(pg page, id string, a assessment.Assessment, dates map[string]string, errs formErrors) assessmentFormPage {
	b := builder{p: pg.p, errs: errs}
	m := assessmentFormPage{page: pg, ID: id, AssessmentID: a.ID, Errors: errs, Version: strconv.Itoa(a.Version)}
	m.Action = "/clients/" + id + "/assessments"
	if a.ID != "" {
		m.Action += "/" + a.ID
	}
	date := dates["date"]
	if date == "" && !a.Date.IsZero() {
		date = a.Date.String()
	}
	plan := dates["plannedPlanDate"]
	if plan == "" && !a.PlannedPlanDate.IsZero() {
		plan = a.PlannedPlanDate.String()
	}
	m.Fields = []field{
		b.choice("kind", "assessment.kind", string(a.Kind), "assessment.kind.", strs(assessment.Kinds)).required(),
		b.date("date", "assessment.date", date).required(),
	}
	for _, t := range assessment.TopicFields {
		f := b.text(t, "assessment.topic."+t, *a.Topics.Topic(t)).as("textarea")
		m.Topics = append(m.Topics, f)
	}
	m.Follow = []field{
		b.text("furtherMeasures", "assessment.further_measures", a.FurtherMeasures).as("textarea"),
		b.text("trainingRecommendation", "assessment.training", a.TrainingRecommendation).as("textarea"),
		b.choice("planNeeded", "assessment.plan_needed", string(a.PlanNeeded), "assessment.plan_needed.", []string{"yes", "no"}),
		b.date("plannedPlanDate", "assessment.planned_plan_date", plan),
		b.text("referral", "assessment.referral", a.Referral).as("textarea"),
		b.text("authors", "assessment.authors", a.Authors).withHint(pg.T("assessment.authors_hint")),
		b.text("dataSource", "assessment.data_source", a.DataSource).withHint(pg.T("assessment.data_source_hint")),
	}
	return m
}

// completedItems shows a completed assessment as terms and values.
func completedItems(pg page, a assessment.Assessment) []item {
	out := []item{{pg.T("assessment.kind"), pg.T("assessment.kind." + string(a.Kind))}, {pg.T("assessment.date"), pg.Date(a.Date)}}
	for _, t := range assessment.TopicFields {
		out = append(out, item{pg.T("assessment.topic." + t), *a.Topics.Topic(t)})
	}
	plan := ""
	if a.PlanNeeded != "" {
		plan = pg.T("assessment.plan_needed." + string(a.PlanNeeded))
	}
	return append(out,
		item{pg.T("assessment.further_measures"), a.FurtherMeasures},
		item{pg.T("assessment.training"), a.TrainingRecommendation},
		item{pg.T("assessment.plan_needed"), plan},
		item{pg.T("assessment.planned_plan_date"), pg.Date(a.PlannedPlanDate)},
		item{pg.T("assessment.referral"), a.Referral},
		item{pg.T("assessment.authors"), a.Authors},
		item{pg.T("assessment.data_source"), a.DataSource})
}

// parseAssessment reads the assessment form; the button pressed decides
// the status (draft or completed).
func parseAssessment(pg page, r *http.Request, errs *formErrors) (assessment.Assessment, map[string]string) {
	a := assessment.Assessment{Kind: assessment.Kind(r.PostFormValue("kind")), Status: assessment.Status(r.PostFormValue("status")),
		FurtherMeasures: r.PostFormValue("furtherMeasures"), TrainingRecommendation: r.PostFormValue("trainingRecommendation"),
		PlanNeeded: assessment.PlanNeed(r.PostFormValue("planNeeded")), Referral: r.PostFormValue("referral"),
		Authors: r.PostFormValue("authors"), DataSource: r.PostFormValue("dataSource"), Version: atoiOr(r.PostFormValue("version"), 0)}
	for _, t := range assessment.TopicFields {
		*a.Topics.Topic(t) = r.PostFormValue(t)
	}
	dates := map[string]string{"date": r.PostFormValue("date"), "plannedPlanDate": r.PostFormValue("plannedPlanDate")}
	a.Date = parseFormDate(pg, errs, "date", dates["date"])
	a.PlannedPlanDate = parseFormDate(pg, errs, "plannedPlanDate", dates["plannedPlanDate"])
	return a, dates
}
