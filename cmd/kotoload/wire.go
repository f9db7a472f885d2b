package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"

	"koto/internal/civil"
	"koto/internal/client"
)

// The JSON shapes below are the public API's as kotoload assumes them:
// lowerCamelCase names, the same as the field names of validation errors
// (internal/client/validate.go). Adjust here if internal/api differs.

type wireClient struct {
	HETU                   string       `json:"hetu,omitempty"`
	BirthDate              civil.Date   `json:"birthDate"`
	Sex                    string       `json:"sex,omitempty"`
	FirstNames             string       `json:"firstNames"`
	LastName               string       `json:"lastName"`
	PreviousNames          []string     `json:"previousNames,omitempty"`
	BirthPlace             string       `json:"birthPlace,omitempty"`
	MotherTongue           string       `json:"motherTongue,omitempty"`
	ServiceLanguage        string       `json:"serviceLanguage,omitempty"`
	InterpreterNeeded      bool         `json:"interpreterNeeded"`
	InterpreterLanguage    string       `json:"interpreterLanguage,omitempty"`
	Citizenships           []string     `json:"citizenships,omitempty"`
	Stateless              bool         `json:"stateless"`
	HomeMunicipality       string       `json:"homeMunicipality,omitempty"`
	Address                wireAddress  `json:"address"`
	Phone                  string       `json:"phone,omitempty"`
	Email                  string       `json:"email,omitempty"`
	AddressProtected       bool         `json:"addressProtected"`
	ArrivalDate            civil.Date   `json:"arrivalDate"`
	MunicipalityRegistered civil.Date   `json:"municipalityRegistered"`
	Permits                []wirePermit `json:"permits"`
}

type wireAddress struct {
	Street     string `json:"street,omitempty"`
	PostalCode string `json:"postalCode,omitempty"`
	PostOffice string `json:"postOffice,omitempty"`
}

type wirePermit struct {
	Kind                   string     `json:"kind"`
	ApplicationDate        civil.Date `json:"applicationDate"`
	Outcome                string     `json:"outcome"`
	DecisionDate           civil.Date `json:"decisionDate"`
	Class                  string     `json:"class,omitempty"`
	Ground                 string     `json:"ground,omitempty"`
	FamilyTieBeforeArrival bool       `json:"familyTieBeforeArrival"`
	ValidFrom              civil.Date `json:"validFrom"`
	ValidTo                civil.Date `json:"validTo"`
}

func toWire(d client.Details) wireClient {
	w := wireClient{HETU: d.HETU, BirthDate: d.BirthDate, Sex: string(d.Sex), FirstNames: d.FirstNames,
		LastName: d.LastName, PreviousNames: d.PreviousNames, BirthPlace: d.BirthPlace,
		MotherTongue: d.MotherTongue, ServiceLanguage: d.ServiceLanguage, InterpreterNeeded: d.InterpreterNeeded,
		InterpreterLanguage: d.InterpreterLanguage, Citizenships: d.Citizenships, Stateless: d.Stateless,
		HomeMunicipality: d.HomeMunicipality, Phone: d.Phone, Email: d.Email, AddressProtected: d.AddressProtected,
		Address:     wireAddress{Street: d.Address.Street, PostalCode: d.Address.PostalCode, PostOffice: d.Address.PostOffice},
		ArrivalDate: d.ArrivalDate, MunicipalityRegistered: d.MunicipalityRegistered}
	for _, p := range d.Permits {
		w.Permits = append(w.Permits, wirePermit{Kind: string(p.Kind), ApplicationDate: p.ApplicationDate,
			Outcome: string(p.Outcome), DecisionDate: p.DecisionDate, Class: string(p.Class), Ground: string(p.Ground),
			FamilyTieBeforeArrival: p.FamilyTieBeforeArrival, ValidFrom: p.ValidFrom, ValidTo: p.ValidTo})
	}
	return w
}

// idList accepts a list page as {"items": [{"id": …}]} (or "clients" /
// "results" instead of "items") or as a bare array.
type idList []idItem

type idItem struct {
	ID string `json:"id"`
}

func (l *idList) UnmarshalJSON(b []byte) error {
	if bytes.HasPrefix(bytes.TrimSpace(b), []byte("[")) {
		return json.Unmarshal(b, (*[]idItem)(l))
	}
	var page struct{ Items, Clients, Results []idItem }
	if err := json.Unmarshal(b, &page); err != nil {
		return err
	}
	*l = slices.Concat(page.Items, page.Clients, page.Results)
	return nil
}

func newRequest(ctx context.Context, method, url string, body []byte) (*http.Request, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err == nil && body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, err
}

// readBody decodes a 2xx JSON body into into (when not nil) and discards
// the rest, so that the keep-alive connection can be reused.
func readBody(resp *http.Response, into any) error {
	if into != nil && resp.StatusCode/100 == 2 {
		if err := json.NewDecoder(resp.Body).Decode(into); err != nil {
			return err
		}
	}
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}
