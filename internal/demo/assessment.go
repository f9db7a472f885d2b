package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"koto/internal/access"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/codes"
)

// assessmentShare is one in how many adult demo clients gets a background
// and an assessment (and every other of them a language test): enough to
// see the pages filled, cheap enough for a load of 100 000 clients.
const assessmentShare = 8

// Synthetic casework of the assessment, picked by the client's index.
var (
	demoEducations = []assessment.Education{
		{Level: "3", Field: "07", Years: 3, Completed: true},
		{Level: "6", Field: "04", Years: 4, Completed: true, Recognition: "applied"},
		{Level: "7", Field: "09", Years: 6, Completed: true, Recognition: "recognised"},
		{Level: "2", Years: 9, Completed: true},
		{Level: "1", Years: 4},
	}
	demoWork = []assessment.Work{
		{Occupation: "72", Years: 8}, {Occupation: "53", Years: 3}, {Occupation: "22", Years: 5},
		{Occupation: "52", Years: 2}, {Occupation: "61", Years: 10}, {Occupation: "83", Years: 6},
	}
	demoTargets = []string{"53", "72", "32", "91", "83", "23", "51"}
	demoTopics  = []assessment.Topics{
		{Literacy: "Lukee ja kirjoittaa omalla äidinkielellään; latinalaiset kirjaimet hallussa.", Language: "Suomen kieli alkeistasolla.",
			EmploymentNeeds: "Haluaa töihin omalle alalleen; tarvitsee tutkinnon tunnustamisen.", LifeSituation: "Asuu perheen kanssa vuokra-asunnossa."},
		{Literacy: "Luku- ja kirjoitustaito on puutteellinen.", Language: "Ei aiempaa suomen kielen opiskelua.",
			StudySkills: "Tarvitsee lukutaitokoulutusta ennen kotoutumiskoulutusta.", LifeSituation: "Yksin asuva, tarvitsee tukea asioinnissa."},
		{Literacy: "Lukee ja kirjoittaa.", Language: "Suomen kieli A2-tasolla; opiskellut verkossa.",
			PriorEducation: "Ammatillinen tutkinto ja kuuden vuoden työkokemus.", PlanNeed: "Suunnitelma tarvitaan työllistymisen tueksi."},
	}
)

// addAssessmentDemo records, for a share of adult clients, the background,
// an assessment (completed for most) and a language test, as the client's
// caseworker, and returns the assessment's date (zero for none). Derived
// from the index alone like the client itself.
func addAssessmentDemo(ctx context.Context, svc *assessment.Service, by access.Actor, c client.Client, i int) (civil.Date, error) {
	if svc == nil || i%assessmentShare != 0 || c.BirthDate.AddYears(18).After(asOf) {
		return civil.Date{}, nil
	}
	r := rand.New(rand.NewPCG(uint64(i), 21))
	months := r.IntN(36)
	b := assessment.Background{Education: []assessment.Education{demoEducations[r.IntN(len(demoEducations))]},
		Work: []assessment.Work{demoWork[r.IntN(len(demoWork))]}, Literacy: assessment.Literacies[r.IntN(2)],
		TargetOccupation: demoTargets[r.IntN(len(demoTargets))], UnemployedMonths: &months}
	b.Education[0].Country, b.Work[0].Country = pickOr(r, c.Citizenships, "SY"), pickOr(r, c.Citizenships, "SY")
	if _, err := svc.SaveBackground(ctx, by, c.ID, b); err != nil {
		return civil.Date{}, fmt.Errorf("background: %w", describe(err))
	}
	day := dateOf(epochDay(asOf) - r.IntN(700))
	a := assessment.Assessment{Kind: assessment.Kinds[r.IntN(len(assessment.Kinds))], Date: day, Status: assessment.StatusCompleted,
		Topics: demoTopics[r.IntN(len(demoTopics))], FurtherMeasures: "Ohjaus kotoutumiskoulutukseen.", PlanNeeded: assessment.PlanNeeded,
		PlannedPlanDate: dateOf(epochDay(day) + 14), Authors: by.Username, DataSource: "Asiakkaan haastattelu tulkin välityksellä"}
	if r.IntN(4) == 0 {
		a.Status = assessment.StatusDraft
	}
	if _, err := svc.Create(ctx, by, c.ID, a); err != nil {
		return civil.Date{}, fmt.Errorf("assessment: %w", describe(err))
	}
	if i%(2*assessmentShare) != 0 {
		return day, nil
	}
	lvl := func() assessment.Level { return assessment.Levels[r.IntN(7)] }
	t := assessment.LanguageTest{Kind: assessment.TestInitial, Language: "fi", Date: dateOf(epochDay(day) + 30),
		Listening: lvl(), Reading: lvl(), Speaking: lvl(), Writing: lvl(), Provider: "Kansalaisopisto"}
	if _, err := svc.AddLanguageTest(ctx, by, c.ID, t); err != nil {
		return civil.Date{}, fmt.Errorf("language test: %w", describe(err))
	}
	return day, nil
}

// pickOr returns one of xs, or def when xs is empty.
func pickOr(r *rand.Rand, xs []string, def string) string {
	if len(xs) == 0 {
		return def
	}
	if x := xs[r.IntN(len(xs))]; codes.Countries.Status(x) == codes.Valid {
		return x
	}
	return def
}
