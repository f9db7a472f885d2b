package demo

import (
	"context"
	"fmt"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/plan"
)

// PlanEvery is how often a demo client gets an integration plan: every
// PlanEvery-th client, so loading stays cheap (one more transaction for a
// tenth of the clients).
const PlanEvery = 10

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

// addPlan gives client i (made by actor, its responsible caseworker) a
// synthetic plan when i is a multiple of PlanEvery; one in three of those
// is a first plan of 15 months, which gets the rule's warning. A nil
// service adds nothing.
func addPlan(ctx context.Context, svc *plan.Service, actor access.Actor, clientID string, i int) error {
	if svc == nil || i%PlanEvery != 0 {
		return nil
	}
	k := i / PlanEvery
	start := civil.Date{Year: 2025, Month: time.Month(1 + k%12), Day: 1}
	months := 12
	if k%3 == 0 {
		months = 15
	}
	m := demoMeasures[k%len(demoMeasures)]
	m.Start = plan.AddMonths(start, 1)
	c := plan.Content{Kind: plan.KindBasic, StartDate: start, EndDate: plan.AddMonths(start, months), Goals: demoGoals[k%len(demoGoals)],
		Measures:    []plan.Measure{m},
		ReviewDates: []civil.Date{plan.AddMonths(start, 5), plan.AddMonths(start, 10), plan.AddMonths(start, 14)}}
	if k%4 == 1 {
		c.Kind = plan.KindMultisector
	}
	if _, err := svc.Create(ctx, actor, clientID, c); err != nil {
		return fmt.Errorf("demo: plan of client %d: %w", i, describe(err))
	}
	return nil
}
