package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"koto/internal/access"
	"koto/internal/client"
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

// referralDraws is client i's own random source for its referrals.
func referralDraws(seed int64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x7265666572, uint64(i)))
}

// clientReferrals returns client i's 2–5 referrals: national services of
// the demo providers, proposed at even spread over the client's service
// period and stepped along one of referralSteps one to three weeks apart,
// the lifecycle cut where it would pass the demo's day. Derived from i
// and the seed alone.
func clientReferrals(seed int64, i int, c client.Client) []referral.Loaded {
	r := referralDraws(seed, i)
	start, end := servicePeriod(c)
	span := max(epochDay(end)-epochDay(start), 1)
	n := 2 + r.IntN(4)
	out := make([]referral.Loaded, 0, n)
	for k := range n {
		day := minDate(addDays(start, (k*span+r.IntN(span))/n), end)
		l := referral.Loaded{ClientID: c.ID, Referral: referral.NewReferral{Provider: Providers[r.IntN(len(Providers))].Code,
			Service: referral.National[r.IntN(len(referral.National))].Code, Date: day}}
		for _, st := range referralSteps[r.IntN(len(referralSteps))] {
			day = addDays(day, 7+r.IntN(15))
			if day.After(asOf) {
				break
			}
			l.Steps = append(l.Steps, referral.Step{Status: st, Date: day, Reason: demoReasons[st]})
		}
		out = append(out, l)
	}
	return out
}
