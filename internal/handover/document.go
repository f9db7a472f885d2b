// Package handover moves one client's integration records between
// registers in one documented format, koto-integration-records v1
// (integration-records-v1.json, JSON Schema draft 2020-12; a test keeps
// the Go types and the schema in step): exported to the employment
// authority and imported from it (issue 14 item 6), and within Koto when a
// client moves to another municipality (transfer.go, item 5). Every export
// is a recorded disclosure; every import a recorded receipt (ADR 34).
//
// The document holds the person (sealed fields opened), permits,
// background, assessments, language tests, every version of every plan,
// referrals with their events, the placement and the service end. It holds
// no case notes — they are the municipality's counselling record, not
// integration records another authority continues from — and never
// sensitive data (health, work ability).
package handover

// SchemaVersion is the version of the format, the "v1" of the schema's name.
const SchemaVersion = "1"

// SchemaID is the schema's $id, which every document names in "$schema".
const SchemaID = "https://koto.invalid/schemas/integration-records-v1.json"

// Document is one client's integration records.
type Document struct {
	Schema        string `json:"$schema"`
	SchemaVersion string `json:"schemaVersion"`
	// ID identifies the document: an import of the same document for the
	// same person creates nothing new.
	ID            string         `json:"id"`
	CreatedAt     string         `json:"createdAt"`
	Origin        Origin         `json:"origin"`
	Person        Person         `json:"person"`
	Permits       []Permit       `json:"permits"`
	Background    *Background    `json:"background,omitempty"`
	Assessments   []Assessment   `json:"assessments"`
	LanguageTests []LanguageTest `json:"languageTests"`
	Plans         []Plan         `json:"plans"`
	Referrals     []Referral     `json:"referrals"`
	Placement     *Placement     `json:"placement,omitempty"`
	ServiceEnd    *ServiceEnd    `json:"serviceEnd,omitempty"`
}

// Origin is the register the document comes from.
type Origin struct {
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
}

// Person is the client's identity, languages, citizenships and contacts.
type Person struct {
	HETU                   string   `json:"hetu,omitempty"`
	KotoID                 string   `json:"kotoId,omitempty"`
	BirthDate              string   `json:"birthDate,omitempty"`
	Sex                    string   `json:"sex,omitempty"`
	FirstNames             string   `json:"firstNames"`
	LastName               string   `json:"lastName"`
	PreviousNames          []string `json:"previousNames"`
	BirthPlace             string   `json:"birthPlace,omitempty"`
	MotherTongue           string   `json:"motherTongue,omitempty"`
	ServiceLanguage        string   `json:"serviceLanguage,omitempty"`
	InterpreterNeeded      bool     `json:"interpreterNeeded"`
	InterpreterLanguage    string   `json:"interpreterLanguage,omitempty"`
	Citizenships           []string `json:"citizenships"`
	Stateless              bool     `json:"stateless"`
	Nationality            string   `json:"nationality,omitempty"`
	HomeMunicipality       string   `json:"homeMunicipality,omitempty"`
	Address                *Address `json:"address,omitempty"`
	Phone                  string   `json:"phone,omitempty"`
	Email                  string   `json:"email,omitempty"`
	AddressProtected       bool     `json:"addressProtected"`
	ArrivalDate            string   `json:"arrivalDate,omitempty"`
	MunicipalityRegistered string   `json:"municipalityRegistered,omitempty"`
}

// Address is a postal address.
type Address struct {
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	PostOffice string `json:"postOffice,omitempty"`
}

// Permit is a residence-permit application and the decision on it.
type Permit struct {
	Kind                   string `json:"kind"`
	ApplicationDate        string `json:"applicationDate,omitempty"`
	Outcome                string `json:"outcome"`
	DecisionDate           string `json:"decisionDate,omitempty"`
	Class                  string `json:"class,omitempty"`
	Ground                 string `json:"ground,omitempty"`
	FamilyTieBeforeArrival bool   `json:"familyTieBeforeArrival"`
	ValidFrom              string `json:"validFrom,omitempty"`
	ValidTo                string `json:"validTo,omitempty"`
}

// Background is the education, work history and literacy gathered for
// the assessment.
type Background struct {
	Education        []Education `json:"education"`
	Work             []Work      `json:"work"`
	Literacy         string      `json:"literacy,omitempty"`
	OtherCompetences string      `json:"otherCompetences,omitempty"`
	TargetOccupation string      `json:"targetOccupation,omitempty"`
	UnemployedMonths *int        `json:"unemployedMonths,omitempty"`
}

// Education is one education of the client.
type Education struct {
	Level       string `json:"level"`
	Field       string `json:"field,omitempty"`
	Country     string `json:"country,omitempty"`
	Years       int    `json:"years,omitempty"`
	Completed   bool   `json:"completed"`
	Recognition string `json:"recognition,omitempty"`
}

// Work is one occupation of the client's work history.
type Work struct {
	Occupation string `json:"occupation"`
	Years      int    `json:"years,omitempty"`
	Country    string `json:"country,omitempty"`
}

// Assessment is an assessment of competence and integration service
// needs, a draft or completed.
type Assessment struct {
	Kind                   string `json:"kind"`
	Date                   string `json:"date"`
	Status                 string `json:"status"`
	Literacy               string `json:"literacy,omitempty"`
	Language               string `json:"language,omitempty"`
	StudySkills            string `json:"studySkills,omitempty"`
	EmploymentNeeds        string `json:"employmentNeeds,omitempty"`
	PriorEducation         string `json:"priorEducation,omitempty"`
	SpecialSkills          string `json:"specialSkills,omitempty"`
	PlanNeed               string `json:"planNeed,omitempty"`
	LifeSituation          string `json:"lifeSituation,omitempty"`
	FurtherMeasures        string `json:"furtherMeasures,omitempty"`
	TrainingRecommendation string `json:"trainingRecommendation,omitempty"`
	PlanNeeded             string `json:"planNeeded,omitempty"`
	PlannedPlanDate        string `json:"plannedPlanDate,omitempty"`
	Referral               string `json:"referral,omitempty"`
	Authors                string `json:"authors,omitempty"`
	DataSource             string `json:"dataSource,omitempty"`
	CompletedAt            string `json:"completedAt,omitempty"`
}

// LanguageTest is a language-level test with its results.
type LanguageTest struct {
	Kind      string `json:"kind"`
	Language  string `json:"language"`
	Date      string `json:"date"`
	Listening string `json:"listening,omitempty"`
	Reading   string `json:"reading,omitempty"`
	Speaking  string `json:"speaking,omitempty"`
	Writing   string `json:"writing,omitempty"`
	Provider  string `json:"provider,omitempty"`
}

// Plan is an integration plan with every version, oldest first.
type Plan struct {
	Versions []PlanVersion `json:"versions"`
}

// PlanVersion is one saved version of a plan.
type PlanVersion struct {
	Number      int       `json:"number"`
	SavedAt     string    `json:"savedAt"`
	SavedBy     string    `json:"savedBy,omitempty"`
	Kind        string    `json:"kind"`
	StartDate   string    `json:"startDate"`
	EndDate     string    `json:"endDate"`
	Goals       []string  `json:"goals"`
	Measures    []Measure `json:"measures"`
	ReviewDates []string  `json:"reviewDates"`
	ClosedOn    string    `json:"closedOn,omitempty"`
	CloseReason string    `json:"closeReason,omitempty"`
}

// Measure is an agreed measure or service of a plan.
type Measure struct {
	Text        string `json:"text"`
	ServiceKind string `json:"serviceKind,omitempty"`
	Start       string `json:"start,omitempty"`
	End         string `json:"end,omitempty"`
}

// Referral is a referral to a provider's service with its lifecycle.
type Referral struct {
	Provider     string  `json:"provider"`
	ProviderName string  `json:"providerName,omitempty"`
	Service      string  `json:"service"`
	Events       []Event `json:"events"`
}

// Event is one step of a referral's lifecycle; the first is proposed.
type Event struct {
	Status string `json:"status"`
	Date   string `json:"date"`
	Reason string `json:"reason,omitempty"`
}

// Placement is the reception and municipal placement (43 §).
type Placement struct {
	ReceptionCentre    string `json:"receptionCentre,omitempty"`
	UNHCRNumber        string `json:"unhcrNumber,omitempty"`
	QuotaRefugee       bool   `json:"quotaRefugee"`
	PlacedFrom         string `json:"placedFrom,omitempty"`
	AssigningAuthority string `json:"assigningAuthority,omitempty"`
	Municipality       string `json:"municipality,omitempty"`
	DecisionDate       string `json:"decisionDate,omitempty"`
	ArrivalDate        string `json:"arrivalDate,omitempty"`
}

// ServiceEnd is the end of integration services and the date of death.
type ServiceEnd struct {
	Date        string `json:"date"`
	Reason      string `json:"reason"`
	DateOfDeath string `json:"dateOfDeath,omitempty"`
}
