package subject

import (
	"time"

	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/consent"
)

// PortableDocument is the art. 20 portable copy as it leaves Koto: the
// documented, machine-readable format (JSON, schema Portability of the
// API) that both the API (GET /api/v1/clients/{id}/portability) and the
// DPO's download in the browser (GET /clients/{id}/portability.json)
// send. It is built here, once, so the two cannot drift apart. Its
// identity keeps the keys of the API's Client schema, fields the person
// did not provide included with their empty values, so that tools that
// read a Client read it too (a test in internal/api pins the bytes).
type PortableDocument struct {
	Generated  time.Time          `json:"generated"`
	Identity   PortableIdentity   `json:"identity"`
	Background PortableBackground `json:"background"`
	Consents   []PortableConsent  `json:"consents"`
}

// PortableIdentity is the identity and contact details the person gave
// (schema Client). The fields Portable clears — permits, the end of
// services, the record's version and times — are always empty.
type PortableIdentity struct {
	ID                     string           `json:"id"`
	KotoID                 string           `json:"kotoId"`
	HETU                   string           `json:"hetu,omitempty"`
	BirthDate              civil.Date       `json:"birthDate"`
	Sex                    string           `json:"sex,omitempty"`
	FirstNames             string           `json:"firstNames"`
	LastName               string           `json:"lastName"`
	PreviousNames          []string         `json:"previousNames"`
	BirthPlace             string           `json:"birthPlace"`
	MotherTongue           string           `json:"motherTongue"`
	ServiceLanguage        string           `json:"serviceLanguage"`
	InterpreterNeeded      bool             `json:"interpreterNeeded"`
	InterpreterLanguage    string           `json:"interpreterLanguage"`
	Citizenships           []string         `json:"citizenships"`
	Stateless              bool             `json:"stateless"`
	Nationality            string           `json:"nationality"`
	HomeMunicipality       string           `json:"homeMunicipality"`
	Address                *PortableAddress `json:"address"` // nil when hidden
	AddressHidden          bool             `json:"addressHidden"`
	Phone                  string           `json:"phone"`
	Email                  string           `json:"email"`
	AddressProtected       bool             `json:"addressProtected"`
	ArrivalDate            civil.Date       `json:"arrivalDate"`
	MunicipalityRegistered civil.Date       `json:"municipalityRegistered"`
	Permits                []struct{}       `json:"permits"` // always empty: decisions of the authorities, not provided
	ServiceEnd             civil.Date       `json:"serviceEnd"`
	ServiceEndReason       string           `json:"serviceEndReason"`
	DateOfDeath            civil.Date       `json:"dateOfDeath"`
	Version                int              `json:"version"`
	CreatedAt              time.Time        `json:"createdAt"`
	UpdatedAt              time.Time        `json:"updatedAt"`
}

// PortableAddress is the postal address the person gave.
type PortableAddress struct {
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	PostOffice string `json:"postOffice"`
}

// PortableBackground is the education and work background the person
// reported (schema Background).
type PortableBackground struct {
	Education        []assessment.Education `json:"education"`
	Work             []assessment.Work      `json:"work"`
	Literacy         string                 `json:"literacy"`
	OtherCompetences string                 `json:"otherCompetences"`
	TargetOccupation string                 `json:"targetOccupation"`
	UnemployedMonths *int                   `json:"unemployedMonths"`
	Version          int                    `json:"version"`
	UpdatedAt        *time.Time             `json:"updatedAt,omitempty"`
}

// PortableConsent is a consent the person gave (schema Consent); active
// tells whether it was in force on the day the copy was made.
type PortableConsent struct {
	ID          string              `json:"id"`
	Type        string              `json:"type"`
	Scope       string              `json:"scope,omitempty"`
	TextVersion string              `json:"textVersion"`
	Given       civil.Date          `json:"given"`
	Channel     string              `json:"channel,omitempty"`
	RecordedBy  string              `json:"recordedBy"`
	CreatedAt   time.Time           `json:"createdAt"`
	Active      bool                `json:"active"`
	Withdrawal  *PortableWithdrawal `json:"withdrawal,omitempty"`
}

// PortableWithdrawal is the withdrawal of a consent.
type PortableWithdrawal struct {
	Date       civil.Date `json:"date"`
	Channel    string     `json:"channel,omitempty"`
	RecordedBy string     `json:"recordedBy"`
	CreatedAt  time.Time  `json:"createdAt"`
}

// Document is p in the portable format; today is the day (in Finland) a
// consent's "active" is told for. Times are in UTC.
func (p Provided) Document(today civil.Date) PortableDocument {
	c := p.Identity
	out := PortableDocument{Generated: p.Generated.UTC(), Consents: []PortableConsent{},
		Identity: PortableIdentity{ID: c.ID, KotoID: c.KotoID, HETU: c.HETU, BirthDate: c.BirthDate, Sex: string(c.Sex),
			FirstNames: c.FirstNames, LastName: c.LastName, PreviousNames: nonNil(c.PreviousNames), BirthPlace: c.BirthPlace,
			MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage, InterpreterNeeded: c.InterpreterNeeded,
			InterpreterLanguage: c.InterpreterLanguage, Citizenships: nonNil(c.Citizenships), Stateless: c.Stateless,
			Nationality: c.Nationality, HomeMunicipality: c.HomeMunicipality,
			AddressHidden: c.AddressHidden, Phone: c.Phone, Email: c.Email, AddressProtected: c.AddressProtected,
			ArrivalDate: c.ArrivalDate, MunicipalityRegistered: c.MunicipalityRegistered, Permits: []struct{}{},
			ServiceEnd: c.ServiceEnd, ServiceEndReason: c.ServiceEndReason, DateOfDeath: c.DateOfDeath, Version: c.Version,
			CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()},
	}
	if !c.AddressHidden {
		out.Identity.Address = &PortableAddress{Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice}
	}
	b := p.Background
	out.Background = PortableBackground{Education: b.Education, Work: b.Work, Literacy: string(b.Literacy), OtherCompetences: b.OtherCompetences,
		TargetOccupation: b.TargetOccupation, UnemployedMonths: b.UnemployedMonths, Version: b.Version}
	if out.Background.Education == nil {
		out.Background.Education = []assessment.Education{}
	}
	if out.Background.Work == nil {
		out.Background.Work = []assessment.Work{}
	}
	if !b.UpdatedAt.IsZero() {
		at := b.UpdatedAt.UTC()
		out.Background.UpdatedAt = &at
	}
	for _, k := range p.Consents {
		out.Consents = append(out.Consents, portableConsent(k, today))
	}
	return out
}

func portableConsent(k consent.Consent, today civil.Date) PortableConsent {
	out := PortableConsent{ID: k.ID, Type: k.Type, Scope: k.Scope, TextVersion: k.TextVersion, Given: k.Given, Channel: k.Channel,
		RecordedBy: k.Recorder, CreatedAt: k.CreatedAt.UTC(), Active: k.ActiveOn(today)}
	if w := k.Withdrawal; w != nil {
		out.Withdrawal = &PortableWithdrawal{Date: w.Date, Channel: w.Channel, RecordedBy: w.Recorder, CreatedAt: w.CreatedAt.UTC()}
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
