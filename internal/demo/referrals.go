package demo

import (
	"context"
	"fmt"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/org"
	"koto/internal/referral"
)

// Providers are the demo service providers: organisations of kind
// provider that every demo municipality refers clients to.
var Providers = []org.Org{
	{Code: "DEMO-OPISTO", Name: "Pohjolan kansanopisto", Kind: org.Provider},
	{Code: "DEMO-KOULUTUS", Name: "Kotoutumiskoulutus Oy", Kind: org.Provider},
	{Code: "DEMO-TYOPAJA", Name: "Työpaja Silta ry", Kind: org.Provider},
}

// referralEvery: every referralEvery-th client gets one referral, so the
// casework stays a small share of the load time.
const referralEvery = 8

// addProviders adds the demo providers when referrals are loaded.
func addProviders(ctx context.Context, orgs *org.Service, system access.Actor, svc *referral.Service) error {
	if svc == nil {
		return nil
	}
	for _, p := range Providers {
		if _, err := orgs.Add(ctx, system, p); err != nil {
			return fmt.Errorf("demo: add provider %s: %w", p.Code, err)
		}
	}
	return nil
}

// referralSteps are the lifecycles the demo referrals follow, by client
// index: from a mere proposal to a completed or interrupted service.
var referralSteps = [][]referral.Status{
	{},
	{referral.Sent},
	{referral.Sent, referral.Accepted},
	{referral.Sent, referral.Rejected},
	{referral.Sent, referral.Accepted, referral.Started},
	{referral.Sent, referral.Accepted, referral.Started, referral.Completed},
	{referral.Sent, referral.Accepted, referral.Started, referral.Interrupted},
}

// demoReasons are the reasons of rejected and interrupted demo referrals.
var demoReasons = map[referral.Status]string{
	referral.Rejected:    "Kurssi on täynnä; uusi haku seuraavaan ryhmään.",
	referral.Interrupted: "Asiakas aloitti työn, opinnot jatkuvat myöhemmin.",
}

// referClient gives client number i (made by actor, its responsible
// caseworker) a referral if it is one of every referralEvery: a national
// service of a demo provider, stepped along one of referralSteps a week
// apart. Derived from i alone, like the client.
func referClient(ctx context.Context, svc *referral.Service, actor access.Actor, i int, clientID string) error {
	if svc == nil || i%referralEvery != 3 {
		return nil
	}
	n := i / referralEvery
	day := civil.DateOf(civil.Date{Year: 2025, Month: 1, Day: 1}.Time().AddDate(0, 0, n%540))
	r, err := svc.Create(ctx, actor, clientID, referral.NewReferral{Provider: Providers[n%len(Providers)].Code,
		Service: referral.National[n%len(referral.National)].Code, Date: day})
	if err != nil {
		return fmt.Errorf("demo: referral of client %d: %w", i, describe(err))
	}
	for k, st := range referralSteps[n%len(referralSteps)] {
		date := civil.DateOf(day.Time().AddDate(0, 0, 7*(k+1)))
		if _, err := svc.AddStep(ctx, actor, clientID, r.ID, referral.Step{Status: st, Date: date, Reason: demoReasons[st]}); err != nil {
			return fmt.Errorf("demo: referral step of client %d: %w", i, describe(err))
		}
	}
	return nil
}
