package disclosure

import (
	"strings"
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/codes"
	"koto/internal/plan"
)

// PackageLang is the language of the names of codes in a provider package:
// Finnish, the language of the register and of the act's package (ADR 31).
// A Swedish-speaking provider still reads the codes' Finnish names; the
// field labels of the pages are in the reader's language.
const PackageLang = "fi"

// Package is the 18-item package to a service provider (681/2023 86 §,
// domain.md §2.2). Each item is nil when the record has no data for it;
// its JSON always has exactly the 18 ItemKeys, null for those without.
// Codes appear by their Finnish names, never raw.
type Package struct {
	Names                  *Names          `json:"names"`
	BirthDateAndPlace      *Birth          `json:"birthDateAndPlace"`
	HETU                   *string         `json:"hetu"`
	MotherTongue           *string         `json:"motherTongue"`
	ServiceLanguage        *string         `json:"serviceLanguage"`
	Citizenship            *Citizenship    `json:"citizenship"`
	Residence              *Residence      `json:"residence"`
	Contact                *Contact        `json:"contact"`
	Official               *string         `json:"official"`
	Plan                   *PlanItem       `json:"plan"`
	TrainingRecommendation *Recommendation `json:"trainingRecommendation"`
	InitialLanguageTest    *LanguageTest   `json:"initialLanguageTest"`
	PriorEducation         []Education     `json:"priorEducation"`
	PriorOccupation        []Occupation    `json:"priorOccupation"`
	TargetOccupation       *string         `json:"targetOccupation"`
	EarlierStudyPlan       *string         `json:"earlierStudyPlan"`
	ContinuationMeasures   *string         `json:"continuationMeasures"`
	OtherNecessary         *string         `json:"otherNecessary"`
}

// Names is item 1.
type Names struct {
	FirstNames    string   `json:"firstNames"`
	LastName      string   `json:"lastName"`
	PreviousNames []string `json:"previousNames,omitempty"`
}

// Birth is item 2.
type Birth struct {
	Date  string `json:"date,omitempty"` // YYYY-MM-DD
	Place string `json:"place,omitempty"`
}

// Citizenship is item 6: citizenships by name, statelessness and
// nationality (kansallisuus).
type Citizenship struct {
	Citizenships []string `json:"citizenships,omitempty"`
	Stateless    bool     `json:"stateless,omitempty"`
	Nationality  string   `json:"nationality,omitempty"`
}

// Residence is item 7. Under address protection (turvakielto) neither the
// municipality nor the address is disclosed, only that it is protected.
type Residence struct {
	HomeMunicipality string `json:"homeMunicipality,omitempty"`
	Street           string `json:"street,omitempty"`
	PostalCode       string `json:"postalCode,omitempty"`
	PostOffice       string `json:"postOffice,omitempty"`
	AddressProtected bool   `json:"addressProtected,omitempty"`
}

// Contact is item 8.
type Contact struct {
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// PlanItem is item 10: the date of the current version of the client's
// open integration plan and its validity.
type PlanItem struct {
	Kind       string `json:"kind"` // "kotoutumissuunnitelma" or "monialainen kotoutumissuunnitelma"
	Date       string `json:"date"` // the day the current version was saved
	ValidFrom  string `json:"validFrom,omitempty"`
	ValidUntil string `json:"validUntil,omitempty"`
}

// Recommendation is item 11: the training recommendation and the
// education-related findings of the newest completed assessment.
type Recommendation struct {
	AssessmentDate string `json:"assessmentDate"`
	Recommendation string `json:"recommendation,omitempty"`
	Literacy       string `json:"literacy,omitempty"`
	Language       string `json:"language,omitempty"`
	StudySkills    string `json:"studySkills,omitempty"`
	PriorEducation string `json:"priorEducation,omitempty"`
}

// LanguageTest is item 12: the newest initial language test, levels per
// skill (CEFR with the Finnish sub-levels, whose names are the levels).
type LanguageTest struct {
	Date      string `json:"date"`
	Language  string `json:"language"`
	Listening string `json:"listening,omitempty"`
	Reading   string `json:"reading,omitempty"`
	Speaking  string `json:"speaking,omitempty"`
	Writing   string `json:"writing,omitempty"`
	Provider  string `json:"provider,omitempty"`
}

// Education is one prior education (item 13).
type Education struct {
	Level     string `json:"level"`
	Field     string `json:"field,omitempty"`
	Country   string `json:"country,omitempty"`
	Years     int    `json:"years,omitempty"`
	Completed bool   `json:"completed"`
}

// Occupation is one prior occupation (item 14).
type Occupation struct {
	Occupation string `json:"occupation"`
	Years      int    `json:"years,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Sources are the records a package is built from. Plan is the current
// version of the open plan (nil when none); Assessments and Tests are the
// client's, newest first (as the store lists them).
type Sources struct {
	Client      client.Client
	Official    string // the disclosing user's display name
	Plan        *plan.Version
	Assessments []assessment.Assessment
	Tests       []assessment.LanguageTest
	Background  assessment.Background
	FreeText    FreeText
}

// FreeText is what the caseworker writes in the preview: items 16–18.
type FreeText struct {
	EarlierStudyPlan     string
	ContinuationMeasures string
	OtherNecessary       string
}

// MaxFreeText bounds each free-text item, in characters.
const MaxFreeText = 4000

// Build makes the package from the sources. It is pure: the same sources
// give the same package.
func Build(s Sources) Package {
	c := s.Client
	var p Package
	p.Names = &Names{FirstNames: c.FirstNames, LastName: c.LastName, PreviousNames: c.PreviousNames}
	if c.FirstNames == "" && c.LastName == "" {
		p.Names = nil
	}
	if b := (Birth{Place: strings.TrimSpace(c.BirthPlace)}); !c.BirthDate.IsZero() || b.Place != "" {
		if !c.BirthDate.IsZero() {
			b.Date = c.BirthDate.String()
		}
		p.BirthDateAndPlace = &b
	}
	p.HETU = text(c.HETU)
	p.MotherTongue = codeName(codes.Languages, c.MotherTongue)
	p.ServiceLanguage = codeName(codes.Languages, c.ServiceLanguage)
	if cz := citizenship(c); cz != nil {
		p.Citizenship = cz
	}
	p.Residence = residence(c)
	if k := (Contact{Phone: c.Phone, Email: c.Email}); k != (Contact{}) {
		p.Contact = &k
	}
	p.Official = text(s.Official)
	if v := s.Plan; v != nil {
		kind := "kotoutumissuunnitelma"
		if v.Kind == plan.KindMultisector {
			kind = "monialainen kotoutumissuunnitelma"
		}
		p.Plan = &PlanItem{Kind: kind, Date: day(v.SavedAt), ValidFrom: date(v.StartDate), ValidUntil: date(v.EndDate)}
	}
	p.TrainingRecommendation = recommendation(s.Assessments)
	p.InitialLanguageTest = initialTest(s.Tests)
	for _, e := range s.Background.Education {
		p.PriorEducation = append(p.PriorEducation, Education{Level: codes.ISCED.NameOf(e.Level, PackageLang),
			Field: nameOr(codes.ISCEDF, e.Field), Country: nameOr(codes.Countries, e.Country), Years: e.Years, Completed: e.Completed})
	}
	for _, w := range s.Background.Work {
		p.PriorOccupation = append(p.PriorOccupation, Occupation{Occupation: codes.ISCO.NameOf(w.Occupation, PackageLang),
			Years: w.Years, Country: nameOr(codes.Countries, w.Country)})
	}
	p.TargetOccupation = codeName(codes.ISCO, s.Background.TargetOccupation)
	p.EarlierStudyPlan = text(s.FreeText.EarlierStudyPlan)
	p.ContinuationMeasures = text(s.FreeText.ContinuationMeasures)
	p.OtherNecessary = text(s.FreeText.OtherNecessary)
	return p
}

// Has reports, for each of ItemKeys in order, whether the item has data.
func (p Package) Has() []bool {
	return []bool{p.Names != nil, p.BirthDateAndPlace != nil, p.HETU != nil, p.MotherTongue != nil, p.ServiceLanguage != nil,
		p.Citizenship != nil, p.Residence != nil, p.Contact != nil, p.Official != nil, p.Plan != nil,
		p.TrainingRecommendation != nil, p.InitialLanguageTest != nil, len(p.PriorEducation) > 0, len(p.PriorOccupation) > 0,
		p.TargetOccupation != nil, p.EarlierStudyPlan != nil, p.ContinuationMeasures != nil, p.OtherNecessary != nil}
}

// Items are the keys of the items with data, in ItemKeys order: what a
// disclosure of p records as disclosed.
func (p Package) Items() []string {
	var out []string
	for i, has := range p.Has() {
		if has {
			out = append(out, ItemKeys[i])
		}
	}
	return out
}

func citizenship(c client.Client) *Citizenship {
	var z Citizenship
	for _, code := range c.Citizenships {
		z.Citizenships = append(z.Citizenships, codes.Countries.NameOf(code, PackageLang))
	}
	z.Stateless = c.Stateless
	z.Nationality = strings.TrimSpace(c.Nationality)
	if len(z.Citizenships) == 0 && !z.Stateless && z.Nationality == "" {
		return nil
	}
	return &z
}

func residence(c client.Client) *Residence {
	if c.AddressProtected {
		return &Residence{AddressProtected: true}
	}
	r := Residence{HomeMunicipality: nameOr(codes.Municipalities, c.HomeMunicipality),
		Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice}
	if r == (Residence{}) {
		return nil
	}
	return &r
}

// recommendation is from the newest completed assessment.
func recommendation(as []assessment.Assessment) *Recommendation {
	for _, a := range as {
		if a.Status != assessment.StatusCompleted {
			continue
		}
		r := Recommendation{AssessmentDate: date(a.Date), Recommendation: a.TrainingRecommendation, Literacy: a.Topics.Literacy,
			Language: a.Topics.Language, StudySkills: a.Topics.StudySkills, PriorEducation: a.Topics.PriorEducation}
		if r.Recommendation == "" && r.Literacy == "" && r.Language == "" && r.StudySkills == "" && r.PriorEducation == "" {
			return nil
		}
		return &r
	}
	return nil
}

// initialTest is the newest initial language test.
func initialTest(ts []assessment.LanguageTest) *LanguageTest {
	for _, t := range ts {
		if t.Kind != assessment.TestInitial {
			continue
		}
		return &LanguageTest{Date: date(t.Date), Language: codes.Languages.NameOf(t.Language, PackageLang),
			Listening: string(t.Listening), Reading: string(t.Reading), Speaking: string(t.Speaking), Writing: string(t.Writing),
			Provider: t.Provider}
	}
	return nil
}

// text is s trimmed, nil when empty.
func text(s string) *string {
	if s = strings.TrimSpace(s); s == "" {
		return nil
	}
	return &s
}

// codeName is the Finnish name of code in list, nil when there is none.
func codeName(list *codes.List, code string) *string {
	if code == "" {
		return nil
	}
	n := list.NameOf(code, PackageLang)
	return &n
}

func nameOr(list *codes.List, code string) string {
	if code == "" {
		return ""
	}
	return list.NameOf(code, PackageLang)
}

func date(d civil.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// day is the Finnish calendar day of t.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return civil.DateOf(t.In(civil.Helsinki)).String()
}
