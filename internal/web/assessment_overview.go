package web

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/codes"
)

// assessmentPage is the client's assessment overview: the legal window,
// the assessments, the background and the language tests against the
// B1.1 goal. One service call, one transaction, one log entry.
type assessmentPage struct {
	page
	ID                   string
	Window               windowView
	Assessments          []assessmentRow
	Background           []item
	Education            []string
	Work                 []string
	HasBackground        bool
	BackgroundUpdated    string
	Goal                 string
	Progress             []progressRow
	Tests                []testRow
	CanCreate, CanUpdate bool
}

type assessmentRow struct{ ID, Date, Kind, Status string }

type progressRow struct {
	Skill, Level, Date, Result string
	Reached                    bool
}

type testRow struct{ Date, Kind, Language, Listening, Reading, Speaking, Writing, Provider string }

// assessmentOverview shows the overview.
func (h *Handler) assessmentOverview(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	o, err := h.Assessments.Overview(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, assessmentPath(id))
		return
	}
	pg := h.newPage(r, "assessment.title")
	m := assessmentPage{page: pg, ID: id, Window: newWindowView(pg, o.Window), Goal: string(o.Progress.Goal),
		CanCreate: actor(r).Can(access.AssessmentCreate), CanUpdate: actor(r).Can(access.AssessmentUpdate)}
	for _, a := range o.Assessments {
		m.Assessments = append(m.Assessments, assessmentRow{ID: a.ID, Date: pg.Date(a.Date), Kind: pg.T("assessment.kind." + string(a.Kind)),
			Status: pg.T("assessment.status." + string(a.Status))})
	}
	b := o.Background
	m.HasBackground = b.Version > 0
	if m.HasBackground {
		m.BackgroundUpdated = pg.Time(b.UpdatedAt)
		for _, e := range b.Education {
			parts := []string{pg.CodeName(codes.ISCEDList, e.Level)}
			if e.Field != "" {
				parts = append(parts, pg.CodeName(codes.ISCEDFList, e.Field))
			}
			if e.Country != "" {
				parts = append(parts, pg.CodeName(codes.CountryList, e.Country))
			}
			if e.Years > 0 {
				parts = append(parts, pg.T("assessment.years_n", e.Years))
			}
			if e.Completed {
				parts = append(parts, pg.T("assessment.background.completed"))
			}
			if e.Recognition != "" {
				parts = append(parts, pg.T("assessment.recognition."+e.Recognition))
			}
			m.Education = append(m.Education, strings.Join(parts, ", "))
		}
		for _, x := range b.Work {
			parts := []string{pg.CodeName(codes.ISCOList, x.Occupation)}
			if x.Country != "" {
				parts = append(parts, pg.CodeName(codes.CountryList, x.Country))
			}
			if x.Years > 0 {
				parts = append(parts, pg.T("assessment.years_n", x.Years))
			}
			m.Work = append(m.Work, strings.Join(parts, ", "))
		}
		lit := ""
		if b.Literacy != "" {
			lit = pg.T("assessment.literacy." + string(b.Literacy))
		}
		months := ""
		if b.UnemployedMonths != nil {
			months = strconv.Itoa(*b.UnemployedMonths)
		}
		m.Background = []item{
			{pg.T("assessment.background.literacy"), lit},
			{pg.T("assessment.background.other"), b.OtherCompetences},
			{pg.T("assessment.background.target"), pg.CodeName(codes.ISCOList, b.TargetOccupation)},
			{pg.T("assessment.background.unemployed"), months},
		}
	}
	for _, s := range o.Progress.Skills {
		row := progressRow{Skill: pg.T("assessment.skill." + s.Skill), Level: string(s.Level), Date: pg.Date(s.Date), Reached: s.Reached}
		switch {
		case s.Level == "":
			row.Result = pg.T("assessment.goal.not_tested")
		case s.Reached:
			row.Result = pg.T("assessment.goal.reached")
		default:
			row.Result = pg.T("assessment.goal.not_reached")
		}
		m.Progress = append(m.Progress, row)
	}
	for _, t := range o.Tests {
		m.Tests = append(m.Tests, testRow{Date: pg.Date(t.Date), Kind: pg.T("assessment.test_kind." + string(t.Kind)),
			Language: pg.T("assessment.test_language." + t.Language), Listening: string(t.Listening), Reading: string(t.Reading),
			Speaking: string(t.Speaking), Writing: string(t.Writing), Provider: t.Provider})
	}
	h.render(w, r, http.StatusOK, "assessment", m)
}
