package handover

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/client"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
)

// Material is what a document is made of: one client's records as the
// store reads them.
type Material struct {
	Client      client.Client
	Background  assessment.Background // Version 0: none recorded
	Assessments []assessment.Assessment
	Tests       []assessment.LanguageTest
	Plans       [][]plan.Version // each plan's versions, oldest first
	Referrals   []referral.Referral
	Placement   placement.Placement // Version 0: none recorded
}

// Build makes the document id of m, made at, from the register of the
// organisation origin. The address is included as recorded (the reader of
// a hand-over continues the casework); address protection travels with it
// as addressProtected.
func Build(id string, origin Origin, at time.Time, m Material) Document {
	c := m.Client
	d := Document{Schema: SchemaID, SchemaVersion: SchemaVersion, ID: id, CreatedAt: timestamp(at), Origin: origin,
		Person: personOf(c), Permits: make([]Permit, 0, len(c.Permits)), Assessments: make([]Assessment, 0, len(m.Assessments)),
		LanguageTests: make([]LanguageTest, 0, len(m.Tests)), Plans: make([]Plan, 0, len(m.Plans)),
		Referrals: make([]Referral, 0, len(m.Referrals))}
	for _, p := range c.Permits {
		d.Permits = append(d.Permits, Permit{Kind: string(p.Kind), ApplicationDate: p.ApplicationDate.String(), Outcome: string(p.Outcome),
			DecisionDate: p.DecisionDate.String(), Class: string(p.Class), Ground: string(p.Ground),
			FamilyTieBeforeArrival: p.FamilyTieBeforeArrival, ValidFrom: p.ValidFrom.String(), ValidTo: p.ValidTo.String()})
	}
	if m.Background.Version > 0 {
		d.Background = backgroundOf(m.Background)
	}
	for _, a := range m.Assessments {
		d.Assessments = append(d.Assessments, assessmentOf(a))
	}
	for _, t := range m.Tests {
		d.LanguageTests = append(d.LanguageTests, LanguageTest{Kind: string(t.Kind), Language: t.Language, Date: t.Date.String(),
			Listening: string(t.Listening), Reading: string(t.Reading), Speaking: string(t.Speaking), Writing: string(t.Writing),
			Provider: t.Provider})
	}
	for _, vs := range m.Plans {
		p := Plan{Versions: make([]PlanVersion, 0, len(vs))}
		for _, v := range vs {
			p.Versions = append(p.Versions, planVersionOf(v))
		}
		d.Plans = append(d.Plans, p)
	}
	for _, r := range m.Referrals {
		out := Referral{Provider: r.ProviderCode, ProviderName: r.ProviderName, Service: r.Service, Events: make([]Event, 0, len(r.Events))}
		for _, ev := range r.Events {
			out.Events = append(out.Events, Event{Status: string(ev.Status), Date: ev.Date.String(), Reason: ev.Reason})
		}
		d.Referrals = append(d.Referrals, out)
	}
	if p := m.Placement; p.Version > 0 {
		d.Placement = &Placement{ReceptionCentre: p.ReceptionCentre, UNHCRNumber: p.UNHCRNumber, QuotaRefugee: p.QuotaRefugee,
			PlacedFrom: p.PlacedFrom, AssigningAuthority: p.AssigningAuthority, Municipality: p.Municipality,
			DecisionDate: p.DecisionDate.String(), ArrivalDate: p.ArrivalDate.String()}
	}
	if c.Ended() || !c.DateOfDeath.IsZero() {
		d.ServiceEnd = &ServiceEnd{Date: c.ServiceEnd.String(), Reason: c.ServiceEndReason, DateOfDeath: c.DateOfDeath.String()}
	}
	return d
}

func personOf(c client.Client) Person {
	p := Person{HETU: c.HETU, KotoID: c.KotoID, BirthDate: c.BirthDate.String(), Sex: string(c.Sex), FirstNames: c.FirstNames,
		LastName: c.LastName, PreviousNames: append([]string{}, c.PreviousNames...), BirthPlace: c.BirthPlace,
		MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage, InterpreterNeeded: c.InterpreterNeeded,
		InterpreterLanguage: c.InterpreterLanguage, Citizenships: append([]string{}, c.Citizenships...), Stateless: c.Stateless,
		Nationality: c.Nationality, HomeMunicipality: c.HomeMunicipality, Phone: c.Phone, Email: c.Email,
		AddressProtected: c.AddressProtected, ArrivalDate: c.ArrivalDate.String(), MunicipalityRegistered: c.MunicipalityRegistered.String()}
	if !c.Address.IsZero() {
		p.Address = &Address{Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice}
	}
	return p
}

func backgroundOf(b assessment.Background) *Background {
	out := &Background{Education: make([]Education, 0, len(b.Education)), Work: make([]Work, 0, len(b.Work)),
		Literacy: string(b.Literacy), OtherCompetences: b.OtherCompetences, TargetOccupation: b.TargetOccupation}
	if b.UnemployedMonths != nil {
		n := *b.UnemployedMonths
		out.UnemployedMonths = &n
	}
	for _, e := range b.Education {
		out.Education = append(out.Education, Education(e))
	}
	for _, w := range b.Work {
		out.Work = append(out.Work, Work(w))
	}
	return out
}

func assessmentOf(a assessment.Assessment) Assessment {
	t := a.Topics
	out := Assessment{Kind: string(a.Kind), Date: a.Date.String(), Status: string(a.Status), Literacy: t.Literacy, Language: t.Language,
		StudySkills: t.StudySkills, EmploymentNeeds: t.EmploymentNeeds, PriorEducation: t.PriorEducation, SpecialSkills: t.SpecialSkills,
		PlanNeed: t.PlanNeed, LifeSituation: t.LifeSituation, FurtherMeasures: a.FurtherMeasures,
		TrainingRecommendation: a.TrainingRecommendation, PlanNeeded: string(a.PlanNeeded), PlannedPlanDate: a.PlannedPlanDate.String(),
		Referral: a.Referral, Authors: a.Authors, DataSource: a.DataSource}
	if !a.CompletedAt.IsZero() {
		out.CompletedAt = timestamp(a.CompletedAt)
	}
	return out
}

func planVersionOf(v plan.Version) PlanVersion {
	p := PlanVersion{Number: v.Number, SavedAt: timestamp(v.SavedAt), SavedBy: v.SavedByName, Kind: v.Kind,
		StartDate: v.StartDate.String(), EndDate: v.EndDate.String(), Goals: append([]string{}, v.Goals...),
		Measures: make([]Measure, 0, len(v.Measures)), ReviewDates: make([]string, 0, len(v.ReviewDates)),
		ClosedOn: v.ClosedOn.String(), CloseReason: v.CloseReason}
	for _, m := range v.Measures {
		p.Measures = append(p.Measures, Measure{Text: m.Text, ServiceKind: m.ServiceKind, Start: m.Start.String(), End: m.End.String()})
	}
	for _, d := range v.ReviewDates {
		p.ReviewDates = append(p.ReviewDates, d.String())
	}
	return p
}

// timestamp is t in UTC as RFC 3339 with seconds.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
