package demo

import (
	"math/rand/v2"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/codes"
)

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

// assessmentDraws is client i's own random source for its assessment.
func assessmentDraws(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x6173736573, uint64(i)))
}

// clientAssessment returns adult client i's background, assessment
// (completed for most) and language tests, and the assessment's date;
// a minor gets none (zero Records). The assessment falls within three
// years of the start of the assessment window (the first permit, else
// the registration in the municipality), never after the demo's day;
// the initial language test a month after it and, for some, a final
// test a year later. Derived from i and the seed alone.
func clientAssessment(seed int64, i int, c client.Client) (assessment.Records, civil.Date) {
	if c.BirthDate.AddYears(18).After(asOf) {
		return assessment.Records{}, civil.Date{}
	}
	r := assessmentDraws(seed, i)
	months := r.IntN(36)
	b := assessment.Background{Education: []assessment.Education{demoEducations[r.IntN(len(demoEducations))]},
		Work: []assessment.Work{demoWork[r.IntN(len(demoWork))]}, Literacy: assessment.Literacies[r.IntN(2)],
		TargetOccupation: demoTargets[r.IntN(len(demoTargets))], UnemployedMonths: &months}
	b.Education[0].Country, b.Work[0].Country = pickOr(r, c.Citizenships, "SY"), pickOr(r, c.Citizenships, "SY")
	basis, _ := servicePeriod(c)
	for _, p := range c.Permits {
		if p.Outcome == client.Granted && !p.ValidFrom.IsZero() && p.ValidFrom.Before(basis) {
			basis = p.ValidFrom
		}
	}
	basis = minDate(basis, asOf)
	day := addDays(basis, r.IntN(max(1, min(3*365, epochDay(asOf)-epochDay(basis)))))
	a := assessment.Assessment{Kind: assessment.Kinds[r.IntN(len(assessment.Kinds))], Date: day, Status: assessment.StatusCompleted,
		Topics: demoTopics[r.IntN(len(demoTopics))], FurtherMeasures: "Ohjaus kotoutumiskoulutukseen.", PlanNeeded: assessment.PlanNeeded,
		PlannedPlanDate: addDays(day, 14), Authors: "Demo-ohjaaja", DataSource: "Asiakkaan haastattelu tulkin välityksellä"}
	if r.IntN(4) == 0 {
		a.Status = assessment.StatusDraft
	}
	out := assessment.Records{ClientID: c.ID, Background: &b, Assessments: []assessment.Assessment{a}}
	lvl := func() assessment.Level { return assessment.Levels[r.IntN(7)] }
	test := func(kind assessment.TestKind, date civil.Date) {
		if date.After(asOf) {
			return
		}
		out.Tests = append(out.Tests, assessment.LanguageTest{Kind: kind, Language: "fi", Date: date,
			Listening: lvl(), Reading: lvl(), Speaking: lvl(), Writing: lvl(), Provider: "Kansalaisopisto"})
	}
	test(assessment.TestInitial, addDays(day, 30))
	if r.IntN(2) == 0 {
		test(assessment.TestFinal, addDays(day, 30+365))
	}
	return out, day
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
