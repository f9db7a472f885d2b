package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
)

// Generator makes synthetic clients. Client i of a seed is always the same
// person: it is drawn from a random source seeded by (seed, i) alone, so
// clients can be made in any order, by any number of workers, without
// holding earlier ones in memory.
type Generator struct {
	seed   int64
	births []int32 // weighted permutation of birth days, see slot
}

// NewGenerator returns the generator of seed.
func NewGenerator(seed int64) *Generator {
	return &Generator{seed: seed, births: birthDatePermutation(seed)}
}

// Capacity is how many clients the generator can make with distinct
// HETUs: one per (birth date, individual number) slot.
func (g *Generator) Capacity() int { return len(g.births) * pairs }

// Client returns client i: the municipality it belongs to and its details.
// HETUs use individual numbers 900–999 only and are distinct for
// i < Capacity().
func (g *Generator) Client(i int) (Municipality, client.Details) {
	r := rand.New(rand.NewPCG(uint64(g.seed), uint64(i)))
	m := pickWeighted(r, Municipalities, func(m Municipality) int { return m.Weight })
	b := pickWeighted(r, Backgrounds, func(b Background) int { return b.Weight })
	male := r.IntN(2) == 0
	birth, individual := g.slot(i, male)

	d := client.Details{BirthDate: birth, Sex: client.Female, HomeMunicipality: m.Code}
	if male {
		d.Sex = client.Male
	}
	// About 8% have no HETU yet: birth date and sex only.
	if r.IntN(100) >= 8 {
		h, err := hetu.New(birth, individual)
		if err != nil {
			panic(fmt.Sprintf("demo: slot %d gives no HETU: %v", i, err)) // slot() only yields valid input
		}
		d.HETU = h.String()
	}
	d.FirstNames, d.LastName = personName(r, b, male)
	if !male && r.IntN(100) < 4 {
		d.PreviousNames = []string{pick(r, b.Last)}
	}
	d.BirthPlace = pick(r, b.BirthPlaces)
	languages(r, b, &d)
	citizenship(r, b, &d)
	contact(r, m, &d)
	history(r, b, &d)
	return m, d
}

func personName(r *rand.Rand, b Background, male bool) (first, last string) {
	firsts, lasts := b.FemaleFirst, b.Last
	if male {
		firsts = b.MaleFirst
	} else if len(b.FemaleLast) > 0 {
		lasts = b.FemaleLast
	}
	first = pick(r, firsts)
	if r.IntN(100) < 30 {
		if second := pick(r, firsts); second != first {
			first += " " + second
		}
	}
	return first, pick(r, lasts)
}

// languages sets the mother tongue, the service language (Finnish,
// Swedish, English or the client's own) and an interpreter need for ~40%.
func languages(r *rand.Rand, b Background, d *client.Details) {
	d.MotherTongue = b.MotherTongue
	switch n := r.IntN(100); {
	case n < 55:
		d.ServiceLanguage = "fi"
	case n < 60:
		d.ServiceLanguage = "sv"
	case n < 75:
		d.ServiceLanguage = "en"
	default:
		d.ServiceLanguage = b.MotherTongue
	}
	if b.MotherTongue != "en" && r.IntN(100) < 40 {
		d.InterpreterNeeded, d.InterpreterLanguage = true, b.MotherTongue
	}
}

// citizenship gives most clients the background's main citizenship, some
// another of its list, and Kurdish and Arabic backgrounds a share of
// stateless people (~2% overall).
func citizenship(r *rand.Rand, b Background, d *client.Details) {
	stateless := map[string]int{"ckb": 12, "ar": 6}[b.Code]
	if r.IntN(100) < stateless {
		d.Stateless = true
		return
	}
	c := b.Citizenships[0]
	if r.IntN(100) < 25 {
		c = pick(r, b.Citizenships)
	}
	d.Citizenships = []string{c}
	if len(b.Citizenships) > 1 && r.IntN(100) < 3 {
		if other := pick(r, b.Citizenships); other != c {
			d.Citizenships = append(d.Citizenships, other)
		}
	}
}

var streets = []string{
	"Koulukatu", "Kirkkokatu", "Rantakatu", "Asemakatu", "Puistotie", "Koivukuja", "Myllytie",
	"Tehtaankatu", "Keskuskatu", "Sairaalakatu", "Pajutie", "Kalliotie", "Urheilutie", "Kauppakatu",
	"Satamakatu", "Lehtotie", "Mäntytie", "Pihlajakuja", "Harjutie", "Peltotie",
}

// contact sets a Finnish-looking synthetic address in the municipality,
// a phone number in a made-up range and an address at example.invalid
// (a reserved domain that can never deliver mail).
func contact(r *rand.Rand, m Municipality, d *client.Details) {
	street := fmt.Sprintf("%s %d", pick(r, streets), 1+r.IntN(60))
	if r.IntN(100) < 60 {
		street += fmt.Sprintf(" %c %d", 'A'+rune(r.IntN(4)), 1+r.IntN(40))
	}
	d.Address = client.Address{Street: street, PostalCode: pick(r, m.PostalCodes), PostOffice: m.PostOffice}
	d.AddressProtected = r.IntN(100) < 1
	if r.IntN(100) < 85 {
		d.Phone = fmt.Sprintf("+358 40 900 %04d", r.IntN(10000))
	}
	if r.IntN(100) < 60 {
		d.Email = fmt.Sprintf("%s.%s.%d@example.invalid", ascii(d.FirstNames), ascii(d.LastName), r.IntN(1000))
	}
}

// ascii keeps the ASCII letters of the first word of s, lower-cased, so
// that e-mail local parts are plain.
func ascii(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(strings.Fields(s)[0]) {
		if c >= 'a' && c <= 'z' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "asiakas"
	}
	return b.String()
}

// history sets the arrival, the registration in the municipality and one
// or two permits, all after birth and no later than asOf.
func history(r *rand.Rand, b Background, d *client.Details) {
	var arrival civil.Date
	if b.Code == "uk" {
		// Temporary protection began with the war in 2022.
		arrival = addDays(civil.Date{Year: 2022, Month: 3, Day: 1}, r.IntN(epochDay(asOf)-epochDay(civil.Date{Year: 2022, Month: 3, Day: 1})))
	} else {
		arrival = addDays(asOf, -r.IntN(10*365))
	}
	arrival = maxDate(arrival, d.BirthDate)
	d.ArrivalDate = arrival
	if r.IntN(100) < 90 {
		d.MunicipalityRegistered = minDate(addDays(arrival, r.IntN(365)), asOf)
	}
	kind, class, ground, tie := permitGround(r, b)
	from := arrival
	if ground == client.GroundQuotaRefugee {
		// Quota refugees are selected and decided on before they travel.
		from = maxDate(addDays(arrival, -300), d.BirthDate)
	}
	p := permit(r, from, kind, class, ground)
	p.FamilyTieBeforeArrival = tie
	d.Permits = []client.Permit{p}
	if !p.ValidTo.IsZero() && p.ValidTo.Before(addDays(asOf, 90)) {
		d.Permits = append(d.Permits, followUp(r, p, arrival))
	}
}

// followUp is the application that follows a permit running out before
// or soon after asOf: permanent after some years on a continuous permit,
// otherwise an extension — still pending when applied for lately,
// else granted beyond asOf.
func followUp(r *rand.Rand, first client.Permit, arrival civil.Date) client.Permit {
	next := permit(r, addDays(first.ValidTo, -60), client.KindExtended, first.Class, first.Ground)
	next.FamilyTieBeforeArrival = first.FamilyTieBeforeArrival
	switch {
	case first.Class == client.ClassA && epochDay(asOf)-epochDay(arrival) > 5*365:
		next.Kind, next.Class, next.ValidTo = client.KindPermanent, client.ClassP, civil.Date{}
	case epochDay(asOf)-epochDay(next.ApplicationDate) < 120 && r.IntN(2) == 0:
		// Migri has not decided yet.
		next.Outcome, next.DecisionDate, next.Class, next.ValidFrom, next.ValidTo = client.Pending, civil.Date{}, "", civil.Date{}, civil.Date{}
	case next.ValidTo.Before(asOf):
		next.ValidTo = addDays(asOf, 365*(1+r.IntN(2)))
	}
	return next
}

// permitGround picks an application kind, a permit class, a ground and the
// family tie that fit the background (as Migri grants them: protection
// and quota refugees continuous A permits, studies and removal prevented
// temporary B, temporary protection its own, EU citizens a registration).
func permitGround(r *rand.Rand, b Background) (client.ApplicationKind, client.PermitClass, client.Ground, bool) {
	switch b.Code {
	case "uk":
		return client.KindTemporaryProtection, client.ClassTemporaryProtection, client.GroundTemporaryProtection, false
	case "ar", "so", "fa", "ckb", "ti":
		switch n := r.IntN(10); {
		case n < 3:
			return client.KindFirst, client.ClassA, client.GroundRefugeeStatus, false
		case n < 5:
			return client.KindFirst, client.ClassA, client.GroundSubsidiaryProtection, false
		case n < 7:
			return client.KindFirst, client.ClassA, client.GroundQuotaRefugee, false
		case n < 8:
			return client.KindFamily, client.ClassA, client.GroundFamily, true
		case n < 9:
			return client.KindFamily, client.ClassA, client.GroundFamily, false
		default:
			return client.KindFirst, client.ClassB, client.GroundRemovalPrevented, false
		}
	case "et":
		return client.KindEURegistration, client.ClassEURegistration, client.GroundWork, false
	default:
		switch n := r.IntN(5); {
		case n < 2:
			return client.KindFirst, client.ClassA, client.GroundWork, false
		case n < 3:
			return client.KindFirst, client.ClassB, client.GroundStudy, false
		case n < 4:
			return client.KindFamily, client.ClassA, client.GroundFamily, false
		default:
			return client.KindFirst, client.ClassB, client.GroundOther, false
		}
	}
}

// permit builds a granted permit applied for around from: decided within
// a few months, valid from the decision for one to four years (an EU
// registration has no end).
func permit(r *rand.Rand, from civil.Date, kind client.ApplicationKind, class client.PermitClass, ground client.Ground) client.Permit {
	applied := minDate(addDays(from, r.IntN(60)), asOf)
	decided := minDate(addDays(applied, 20+r.IntN(300)), asOf)
	p := client.Permit{Kind: kind, ApplicationDate: applied, Outcome: client.Granted, DecisionDate: decided,
		Class: class, Ground: ground, ValidFrom: decided, ValidTo: addDays(decided, 365*(1+r.IntN(4)))}
	if class == client.ClassEURegistration {
		p.ValidTo = civil.Date{}
	}
	return p
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// pickWeighted draws one of xs with probability proportional to weight.
func pickWeighted[T any](r *rand.Rand, xs []T, weight func(T) int) T {
	total := 0
	for _, x := range xs {
		total += weight(x)
	}
	n := r.IntN(total)
	for _, x := range xs {
		if n -= weight(x); n < 0 {
			return x
		}
	}
	return xs[len(xs)-1]
}
