package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"koto/internal/civil"
	"koto/internal/client"
)

// clientJSON is the wire form of a client (schema Client).
type clientJSON struct {
	ID                     string        `json:"id"`
	KotoID                 string        `json:"kotoId"`
	HETU                   string        `json:"hetu,omitempty"`
	BirthDate              civil.Date    `json:"birthDate"`
	Sex                    string        `json:"sex,omitempty"`
	FirstNames             string        `json:"firstNames"`
	LastName               string        `json:"lastName"`
	PreviousNames          []string      `json:"previousNames"`
	BirthPlace             string        `json:"birthPlace"`
	MotherTongue           string        `json:"motherTongue"`
	ServiceLanguage        string        `json:"serviceLanguage"`
	InterpreterNeeded      bool          `json:"interpreterNeeded"`
	InterpreterLanguage    string        `json:"interpreterLanguage"`
	Citizenships           []string      `json:"citizenships"`
	Stateless              bool          `json:"stateless"`
	Nationality            string        `json:"nationality"`
	HomeMunicipality       string        `json:"homeMunicipality"`
	Address                *addressJSON  `json:"address"`
	AddressHidden          bool          `json:"addressHidden"`
	Phone                  string        `json:"phone"`
	Email                  string        `json:"email"`
	AddressProtected       bool          `json:"addressProtected"`
	ArrivalDate            civil.Date    `json:"arrivalDate"`
	MunicipalityRegistered civil.Date    `json:"municipalityRegistered"`
	Permits                []permitJSON  `json:"permits"`
	ServiceEnd             civil.Date    `json:"serviceEnd"`
	ServiceEndReason       string        `json:"serviceEndReason"`
	DateOfDeath            civil.Date    `json:"dateOfDeath"`
	Version                int           `json:"version"`
	CreatedAt              time.Time     `json:"createdAt"`
	UpdatedAt              time.Time     `json:"updatedAt"`
	Warnings               []warningJSON `json:"warnings,omitempty"`
}

type addressJSON struct {
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	PostOffice string `json:"postOffice"`
}

// permitJSON is the wire form of a permit (schema Permit): the
// application, the decision and, when granted, the permit. Codes, not
// words: class and ground are "" when not recorded.
type permitJSON struct {
	ID string `json:"id"`
	permitRecordJSON
}

func permitOut(p client.Permit) permitJSON {
	return permitJSON{ID: p.ID, permitRecordJSON: permitRecord(p)}
}

// warningJSON is a non-blocking remark on a successful create.
type warningJSON struct {
	Code     string `json:"code"`
	ClientID string `json:"clientId"`
}

func clientOut(c client.Client) clientJSON {
	out := clientJSON{
		ID: c.ID, KotoID: c.KotoID, HETU: c.HETU, BirthDate: c.BirthDate, Sex: string(c.Sex),
		FirstNames: c.FirstNames, LastName: c.LastName, PreviousNames: nonNil(c.PreviousNames),
		BirthPlace: c.BirthPlace, MotherTongue: c.MotherTongue, ServiceLanguage: c.ServiceLanguage,
		InterpreterNeeded: c.InterpreterNeeded, InterpreterLanguage: c.InterpreterLanguage,
		Citizenships: nonNil(c.Citizenships), Stateless: c.Stateless, HomeMunicipality: c.HomeMunicipality,
		Nationality:   c.Nationality,
		AddressHidden: c.AddressHidden, Phone: c.Phone, Email: c.Email, AddressProtected: c.AddressProtected,
		ArrivalDate: c.ArrivalDate, MunicipalityRegistered: c.MunicipalityRegistered,
		ServiceEnd: c.ServiceEnd, ServiceEndReason: c.ServiceEndReason, DateOfDeath: c.DateOfDeath,
		Permits: make([]permitJSON, len(c.Permits)), Version: c.Version,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
	if !c.AddressHidden {
		out.Address = &addressJSON{Street: c.Address.Street, PostalCode: c.Address.PostalCode, PostOffice: c.Address.PostOffice}
	}
	for i, p := range c.Permits {
		out.Permits[i] = permitOut(p)
	}
	return out
}

// summaryJSON is a row of a list or search result (schema Summary).
type summaryJSON struct {
	ID               string     `json:"id"`
	KotoID           string     `json:"kotoId"`
	FirstNames       string     `json:"firstNames"`
	LastName         string     `json:"lastName"`
	BirthDate        civil.Date `json:"birthDate"`
	HomeMunicipality string     `json:"homeMunicipality"`
	UpdatedAt        time.Time  `json:"updatedAt"`
}

func summariesOut(ss []client.Summary) []summaryJSON {
	out := make([]summaryJSON, len(ss))
	for i, s := range ss {
		out[i] = summaryJSON{ID: s.ID, KotoID: s.KotoID, FirstNames: s.FirstNames, LastName: s.LastName,
			BirthDate: s.BirthDate, HomeMunicipality: s.HomeMunicipality, UpdatedAt: s.UpdatedAt.UTC()}
	}
	return out
}

// accessLogEntryJSON is one access-log entry (schema AccessLogEntry).
// Kind is "search" for an appearance of the client in the answer of a
// search or list (clientId is then empty); Via is the code of the user's
// home organisation when the user acted for another.
type accessLogEntryJSON struct {
	At           time.Time `json:"at"`
	User         string    `json:"user"`
	Organisation string    `json:"organisation"`
	Via          string    `json:"via,omitempty"`
	Kind         string    `json:"kind,omitempty"`
	Action       string    `json:"action"`
	Result       string    `json:"result"`
	Channel      string    `json:"channel"`
	Roles        []string  `json:"roles"`
	Touched      string    `json:"touched"`
	RequestID    string    `json:"requestId"`
	ClientID     string    `json:"clientId"`
	Seq          int64     `json:"seq"`
}

func accessLogOut(items []client.LogItem) []accessLogEntryJSON {
	out := make([]accessLogEntryJSON, len(items))
	for i, e := range items {
		roles := []string{}
		if e.Roles != "" {
			roles = strings.Split(e.Roles, ",")
		}
		out[i] = accessLogEntryJSON{At: e.At.UTC(), User: e.Username, Organisation: e.OrgID, Action: e.Action,
			Result: string(e.Result), Channel: e.Channel, Roles: roles, Touched: e.Touched,
			RequestID: e.RequestID, ClientID: e.ClientID, Seq: e.Seq, Via: e.Via}
		if e.Appearance {
			out[i].Kind = "search"
		}
	}
	return out
}

// changeJSON is one change-history entry (schema Change). The values of
// encrypted fields (the HETU) and hidden ones are left out.
type changeJSON struct {
	At       time.Time `json:"at"`
	User     string    `json:"user"`
	Field    string    `json:"field"`
	OldValue *string   `json:"oldValue"`
	NewValue *string   `json:"newValue"`
	Hidden   bool      `json:"hidden"`
	// OldPermits and NewPermits read the values of a "permits" change
	// (schema PermitRecord), also those written before migration 0017.
	OldPermits *[]permitRecordJSON `json:"oldPermits,omitempty"`
	NewPermits *[]permitRecordJSON `json:"newPermits,omitempty"`
}

// permitRecordJSON is a permit of the change history (schema
// PermitRecord): a permit without its id.
type permitRecordJSON struct {
	Kind                   string     `json:"kind"`
	ApplicationDate        civil.Date `json:"applicationDate"`
	Outcome                string     `json:"outcome"`
	DecisionDate           civil.Date `json:"decisionDate"`
	Class                  string     `json:"class"`
	Ground                 string     `json:"ground"`
	FamilyTieBeforeArrival bool       `json:"familyTieBeforeArrival"`
	ValidFrom              civil.Date `json:"validFrom"`
	ValidTo                civil.Date `json:"validTo"`
}

func permitRecords(ps []client.Permit) *[]permitRecordJSON {
	out := make([]permitRecordJSON, len(ps))
	for i, p := range ps {
		out[i] = permitRecord(p)
	}
	return &out
}

func permitRecord(p client.Permit) permitRecordJSON {
	return permitRecordJSON{Kind: string(p.Kind), ApplicationDate: p.ApplicationDate, Outcome: string(p.Outcome),
		DecisionDate: p.DecisionDate, Class: string(p.Class), Ground: string(p.Ground),
		FamilyTieBeforeArrival: p.FamilyTieBeforeArrival, ValidFrom: p.ValidFrom, ValidTo: p.ValidTo}
}

// itemsJSON wraps a list answer so it can grow fields without breaking tools.
type itemsJSON[T any] struct {
	Items []T `json:"items"`
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// writeJSON renders a success answer.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
