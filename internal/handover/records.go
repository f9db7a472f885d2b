package handover

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/placement"
	"koto/internal/plan"
	"koto/internal/referral"
)

// MaxDocument bounds the size of a document in bytes.
const MaxDocument = 8 << 20

// Records are a document's records as Koto's domain types, validated by
// the rules each record's own capability applies, ready to be stored for
// a new client.
type Records struct {
	Details     client.Details
	Background  *assessment.Background
	Assessments []assessment.Assessment
	Tests       []assessment.LanguageTest
	Plans       [][]PlanVersionRecord
	Referrals   []ReferralRecord
	Placement   *placement.Placement
}

// PlanVersionRecord is a plan version's content with the time it was saved.
type PlanVersionRecord struct {
	Content plan.Content
	SavedAt time.Time
}

// ReferralRecord is a referral as the document has it: the provider by
// code, the service and the events in order.
type ReferralRecord struct {
	Provider string
	Service  string
	Events   []referral.Event
}

// Parse reads a document: the JSON Schema first, then the domain rules of
// every record (Check). Nothing is partial: the error lists every invalid
// field of the whole document by its path ("plans[1].versions[0].endDate").
// Errors: Invalid.
func Parse(b []byte, today civil.Date) (Document, Records, error) {
	if len(b) > MaxDocument {
		return Document{}, Records{}, apperr.InvalidField("document", "handover.too_large", MaxDocument)
	}
	if err := CheckSchema(b); err != nil {
		return Document{}, Records{}, err
	}
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return Document{}, Records{}, apperr.InvalidField("document", "handover.not_json")
	}
	r, err := Check(d, today)
	return d, r, err
}

// Check validates every record of d by its capability's rules and maps it
// to the domain types; the error, Invalid, names every invalid field of
// the document by its path.
func Check(d Document, today civil.Date) (Records, error) {
	var v apperr.Validation
	var r Records
	p := d.Person
	det := client.Details{HETU: p.HETU, BirthDate: day(&v, "person.birthDate", p.BirthDate), Sex: client.Sex(p.Sex),
		FirstNames: p.FirstNames, LastName: p.LastName, PreviousNames: p.PreviousNames, BirthPlace: p.BirthPlace,
		MotherTongue: p.MotherTongue, ServiceLanguage: p.ServiceLanguage, InterpreterNeeded: p.InterpreterNeeded,
		InterpreterLanguage: p.InterpreterLanguage, Citizenships: p.Citizenships, Stateless: p.Stateless, Nationality: p.Nationality,
		HomeMunicipality: p.HomeMunicipality, Phone: p.Phone, Email: p.Email, AddressProtected: p.AddressProtected,
		ArrivalDate: day(&v, "person.arrivalDate", p.ArrivalDate), MunicipalityRegistered: day(&v, "person.municipalityRegistered", p.MunicipalityRegistered)}
	if p.Address != nil {
		det.Address = client.Address{Street: p.Address.Street, PostalCode: p.Address.PostalCode, PostOffice: p.Address.PostOffice}
	}
	for i, pm := range d.Permits {
		at := "permits[" + strconv.Itoa(i) + "]."
		det.Permits = append(det.Permits, client.Permit{Kind: client.ApplicationKind(pm.Kind),
			ApplicationDate: day(&v, at+"applicationDate", pm.ApplicationDate), Outcome: client.Outcome(pm.Outcome),
			DecisionDate: day(&v, at+"decisionDate", pm.DecisionDate), Class: client.PermitClass(pm.Class), Ground: client.Ground(pm.Ground),
			FamilyTieBeforeArrival: pm.FamilyTieBeforeArrival, ValidFrom: day(&v, at+"validFrom", pm.ValidFrom),
			ValidTo: day(&v, at+"validTo", pm.ValidTo)})
	}
	if e := d.ServiceEnd; e != nil {
		det.Ending = client.Ending{ServiceEnd: day(&v, "serviceEnd.date", e.Date), ServiceEndReason: e.Reason,
			DateOfDeath: day(&v, "serviceEnd.dateOfDeath", e.DateOfDeath)}
	}
	det.Normalize()
	if err := det.Validate(today); err != nil {
		if err := under(&v, personField, err); err != nil {
			return Records{}, err
		}
	}
	r.Details = det

	if b := d.Background; b != nil {
		bg := assessment.Background{Literacy: assessment.Literacy(b.Literacy), OtherCompetences: b.OtherCompetences,
			TargetOccupation: b.TargetOccupation, UnemployedMonths: b.UnemployedMonths}
		for _, e := range b.Education {
			bg.Education = append(bg.Education, assessment.Education(e))
		}
		for _, w := range b.Work {
			bg.Work = append(bg.Work, assessment.Work(w))
		}
		bg.Normalize()
		if err := under(&v, prefix("background."), bg.Validate()); err != nil {
			return Records{}, err
		}
		r.Background = &bg
	}
	for i, a := range d.Assessments {
		at := "assessments[" + strconv.Itoa(i) + "]."
		x := assessment.Assessment{Kind: assessment.Kind(a.Kind), Date: day(&v, at+"date", a.Date), Status: assessment.Status(a.Status),
			Topics: assessment.Topics{Literacy: a.Literacy, Language: a.Language, StudySkills: a.StudySkills, EmploymentNeeds: a.EmploymentNeeds,
				PriorEducation: a.PriorEducation, SpecialSkills: a.SpecialSkills, PlanNeed: a.PlanNeed, LifeSituation: a.LifeSituation},
			FurtherMeasures: a.FurtherMeasures, TrainingRecommendation: a.TrainingRecommendation, PlanNeeded: assessment.PlanNeed(a.PlanNeeded),
			PlannedPlanDate: day(&v, at+"plannedPlanDate", a.PlannedPlanDate), Referral: a.Referral, Authors: a.Authors, DataSource: a.DataSource,
			CompletedAt: moment(&v, at+"completedAt", a.CompletedAt)}
		if x.Status == assessment.StatusCompleted && x.CompletedAt.IsZero() && !v.Has(at+"completedAt") {
			v.Add(at+"completedAt", "validation.required")
		}
		x.Normalize()
		if err := under(&v, prefix(at), x.Validate(today)); err != nil {
			return Records{}, err
		}
		r.Assessments = append(r.Assessments, x)
	}
	for i, t := range d.LanguageTests {
		at := "languageTests[" + strconv.Itoa(i) + "]."
		x := assessment.LanguageTest{Kind: assessment.TestKind(t.Kind), Language: t.Language, Date: day(&v, at+"date", t.Date),
			Listening: assessment.Level(t.Listening), Reading: assessment.Level(t.Reading), Speaking: assessment.Level(t.Speaking),
			Writing: assessment.Level(t.Writing), Provider: t.Provider}
		x.Normalize()
		if err := under(&v, prefix(at), x.Validate(today)); err != nil {
			return Records{}, err
		}
		r.Tests = append(r.Tests, x)
	}
	for i, pl := range d.Plans {
		var vs []PlanVersionRecord
		for k, pv := range pl.Versions {
			at := "plans[" + strconv.Itoa(i) + "].versions[" + strconv.Itoa(k) + "]."
			if pv.Number != k+1 {
				v.Add(at+"number", "handover.version_order", k+1)
			}
			c := plan.Content{Kind: pv.Kind, StartDate: day(&v, at+"startDate", pv.StartDate), EndDate: day(&v, at+"endDate", pv.EndDate),
				Goals: pv.Goals, ClosedOn: day(&v, at+"closedOn", pv.ClosedOn), CloseReason: pv.CloseReason}
			for j, m := range pv.Measures {
				mat := at + "measures[" + strconv.Itoa(j) + "]."
				c.Measures = append(c.Measures, plan.Measure{Text: m.Text, ServiceKind: m.ServiceKind,
					Start: day(&v, mat+"start", m.Start), End: day(&v, mat+"end", m.End)})
			}
			for j, rd := range pv.ReviewDates {
				c.ReviewDates = append(c.ReviewDates, day(&v, at+"reviewDates["+strconv.Itoa(j)+"]", rd))
			}
			c.Normalize()
			if err := under(&v, prefix(at), c.Validate()); err != nil {
				return Records{}, err
			}
			vs = append(vs, PlanVersionRecord{Content: c, SavedAt: moment(&v, at+"savedAt", pv.SavedAt)})
		}
		r.Plans = append(r.Plans, vs)
	}
	for i, rf := range d.Referrals {
		at := "referrals[" + strconv.Itoa(i) + "]."
		x := ReferralRecord{Provider: strings.TrimSpace(rf.Provider), Service: strings.TrimSpace(rf.Service)}
		var prev referral.Status
		var prevDate civil.Date
		for k, ev := range rf.Events {
			eat := at + "events[" + strconv.Itoa(k) + "]."
			e := referral.Event{Status: referral.Status(ev.Status), Date: day(&v, eat+"date", ev.Date), Reason: strings.TrimSpace(ev.Reason)}
			if k == 0 {
				if e.Status != referral.Proposed {
					v.Add(eat+"status", "handover.first_event_proposed")
				}
			} else if err := under(&v, prefix(eat), referral.CheckStep(prev, prevDate, e.Status, e.Date, e.Reason)); err != nil {
				return Records{}, err
			}
			prev, prevDate = e.Status, e.Date
			x.Events = append(x.Events, e)
		}
		r.Referrals = append(r.Referrals, x)
	}
	if pl := d.Placement; pl != nil {
		x := placement.Placement{ReceptionCentre: pl.ReceptionCentre, UNHCRNumber: pl.UNHCRNumber, QuotaRefugee: pl.QuotaRefugee,
			PlacedFrom: pl.PlacedFrom, AssigningAuthority: pl.AssigningAuthority, Municipality: pl.Municipality,
			DecisionDate: day(&v, "placement.decisionDate", pl.DecisionDate), ArrivalDate: day(&v, "placement.arrivalDate", pl.ArrivalDate)}
		x.Normalize()
		if err := under(&v, prefix("placement."), x.Validate(today, placement.Placement{})); err != nil {
			return Records{}, err
		}
		r.Placement = &x
	}
	return r, v.Err()
}

// day parses an optional ISO date, noting an invalid one at field.
func day(v *apperr.Validation, field, s string) civil.Date {
	if s == "" {
		return civil.Date{}
	}
	d, err := civil.ParseDate(s)
	if err != nil {
		v.Add(field, "validation.date")
	}
	return d
}

// moment parses an optional RFC 3339 time, noting an invalid one at field.
func moment(v *apperr.Validation, field, s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		v.Add(field, "validation.date")
	}
	return t.UTC()
}

// under adds the fields of a validation error to v, each renamed by name;
// an error of another kind is returned.
func under(v *apperr.Validation, name func(string) string, err error) error {
	if err == nil {
		return nil
	}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid {
		return err
	}
	if len(ae.Fields) == 0 {
		v.Add(name(""), ae.Key)
	}
	for _, f := range ae.Fields {
		if field := name(f.Field); !v.Has(field) {
			v.Add(field, f.Key, f.Args...)
		}
	}
	return nil
}

// prefix names a record's field by its path in the document.
func prefix(p string) func(string) string {
	return func(f string) string {
		if f == "" {
			return strings.TrimSuffix(p, ".")
		}
		return p + f
	}
}

// personField names a field of client.Details by its path in the document:
// permits and the service end are records of their own there.
func personField(f string) string {
	switch {
	case strings.HasPrefix(f, "permits"):
		return f
	case f == "serviceEnd":
		return "serviceEnd.date"
	case f == "serviceEndReason":
		return "serviceEnd.reason"
	case f == "dateOfDeath":
		return "serviceEnd.dateOfDeath"
	case f == "":
		return "person"
	}
	return "person." + f
}
