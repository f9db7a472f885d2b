package demo

import (
	"math/rand/v2"
	"slices"

	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/plan"
)

var demoGoals = [][]string{
	{"Suomen kieli tasolle A2.2", "Työllistyminen hoitoalalle"},
	{"Luku- ja kirjoitustaito", "Arjen asiointi itsenäisesti"},
	{"Ruotsin kieli tasolle A2.1", "Ammatillinen koulutus"},
	{"Suomen kieli tasolle B1.1", "Aiemman tutkinnon tunnustaminen"},
}

var demoMeasures = []plan.Measure{
	{Text: "Kotoutumiskoulutus", ServiceKind: "integration-training"},
	{Text: "Yhteiskuntaorientaatio omalla kielellä", ServiceKind: "civic-orientation"},
	{Text: "Lukutaitokoulutus", ServiceKind: "literacy-training"},
	{Text: "Työelämäjakso palvelutalossa", ServiceKind: "working-life"},
}

// planDraws is client i's own random source for its plan.
func planDraws(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x706c616e73, uint64(i)))
}

// clientPlan returns client i's integration plan with 1–3 versions: it
// starts two weeks after the client's assessment (after, when there is
// one; else one to three months into the client's service period), one
// in three is a first plan of 15 months, which gets the rule's warning,
// and each revision, some months after the previous version, adds a
// measure. Derived from i and the seed alone.
func clientPlan(seed int64, i int, c client.Client, after civil.Date) plan.Loaded {
	r := planDraws(seed, i)
	start, end := servicePeriod(c)
	start = minDate(addDays(start, 30+r.IntN(60)), end)
	if !after.IsZero() {
		start = addDays(after, 14)
	}
	months := 12
	if r.IntN(3) == 0 {
		months = 15
	}
	m := demoMeasures[r.IntN(len(demoMeasures))]
	m.Start = plan.AddMonths(start, 1)
	content := plan.Content{Kind: plan.KindBasic, StartDate: start, EndDate: plan.AddMonths(start, months), Goals: demoGoals[r.IntN(len(demoGoals))],
		Measures:    []plan.Measure{m},
		ReviewDates: []civil.Date{plan.AddMonths(start, 5), plan.AddMonths(start, 10), plan.AddMonths(start, 14)}}
	if r.IntN(4) == 0 {
		content.Kind = plan.KindMultisector
	}
	l := plan.Loaded{ClientID: c.ID, Versions: []plan.Content{content}}
	for k := range r.IntN(3) {
		next := content
		extra := demoMeasures[r.IntN(len(demoMeasures))]
		extra.Start = plan.AddMonths(start, 5*(k+1))
		if extra.Start.After(asOf) {
			break
		}
		next.Measures = append(slices.Clone(content.Measures), extra)
		l.Versions = append(l.Versions, next)
		content = next
	}
	return l
}
