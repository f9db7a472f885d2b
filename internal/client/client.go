// Package client holds the client registry of 681/2023 73 § items 1–4: the
// identity, contact details, service language and residence permits of an
// immigrant client, with the rules for validating them. It knows no HTTP and
// no SQL: Service authorizes the actor, validates, and calls the store inside
// one transaction together with the access-log entry.
package client

import (
	"time"

	"koto/internal/civil"
)

// Client is one person in an organisation's register.
type Client struct {
	ID     string // opaque, random; never derived from the HETU
	OrgID  string
	KotoID string // Koto identifier, shown for people without a HETU
	Details
	// AddressHidden is true when the client has address protection and the
	// actor lacks the right to see the address: Details.Address is then empty.
	AddressHidden bool
	CreatedAt     time.Time
	CreatedBy     string
	UpdatedAt     time.Time
	UpdatedBy     string
	Version       int
	// CodeLists names the versions of the code lists (internal/codes) the
	// coded fields were checked against when the client was last saved.
	CodeLists string
}

// Details are the fields a caseworker records and edits.
type Details struct {
	HETU                   string // canonical form; "" when the person has none (yet)
	BirthDate              civil.Date
	Sex                    Sex
	FirstNames             string
	LastName               string
	PreviousNames          []string
	BirthPlace             string
	MotherTongue           string // codes.Languages: ISO 639-1, else 639-3
	ServiceLanguage        string // codes.Languages: the asiointikieli
	InterpreterNeeded      bool
	InterpreterLanguage    string   // codes.Languages
	Citizenships           []string // codes.Countries: ISO 3166-1 alpha-2, or codes.UnknownCountry
	Stateless              bool
	Nationality            string // kansallisuus (86 § item 6), free text, sealed at rest
	HomeMunicipality       string // codes.Municipalities: Statistics Finland, 3 digits
	Address                Address
	Phone                  string
	Email                  string
	AddressProtected       bool // turvakielto
	ArrivalDate            civil.Date
	MunicipalityRegistered civil.Date // date of registration in the municipality
	Permits                []Permit
	Ending                 // end of integration services, death (service_end.go)
}

// Address is a postal address in Finland or abroad.
type Address struct {
	Street     string
	PostalCode string
	PostOffice string
}

// IsZero reports whether no part of the address is set.
func (a Address) IsZero() bool { return a == Address{} }

// Sex as the person states it (ADR 16): male, female, other, or not
// known (""). The HETU's parity is only a hint: it fills an unstated sex
// and never overrides a stated one.
type Sex string

const (
	SexUnknown Sex = ""
	Male       Sex = "male"
	Female     Sex = "female"
	Other      Sex = "other"
)

// Sexes are the stated values in display order.
var Sexes = []Sex{Male, Female, Other}

// Summary is the row shown in lists and search results.
type Summary struct {
	ID               string
	KotoID           string
	FirstNames       string
	LastName         string
	BirthDate        civil.Date
	HomeMunicipality string
	UpdatedAt        time.Time
}

// FullName is "Last, First Names" as lists show it.
func (s Summary) FullName() string { return s.LastName + ", " + s.FirstNames }

// FullName is "First Names Last" as a card shows it.
func (c Client) FullName() string { return c.FirstNames + " " + c.LastName }

// Change is one entry of a client's change history.
type Change struct {
	At       time.Time
	UserID   string
	Username string
	// DisplayName is the changer's display name now (History; "" when
	// they have none).
	DisplayName string
	Field       string
	OldValue    string
	NewValue    string
	Encrypted   bool // the store keeps the values sealed (the HETU); never shown
	// Hidden is set by History when the actor may not see the values
	// (the HETU always; an address under protection): they are empty.
	Hidden bool
	// OldPermits and NewPermits are the values of a "permits" change read
	// by History (DecodePermits), for surfaces to show in words; Legible
	// is false when a value could not be read (then shown as stored).
	OldPermits, NewPermits []Permit
	Legible                bool
}
