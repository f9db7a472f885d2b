package api

import (
	"time"

	"koto/internal/civil"
	"koto/internal/referral"
	"koto/internal/services"
)

// Referrals to service providers' services (issue 13): the wire types.
// Providers are organisations of kind provider, named by code; services
// by the codes of the catalogue (the national list and the organisation's
// own).

// referralInput is the body of POST /clients/{id}/referrals.
type referralInput struct {
	Provider string     `json:"provider"`
	Service  string     `json:"service"`
	Date     civil.Date `json:"date"`
}

// referralEventInput is the body of POST
// /clients/{id}/referrals/{referralId}/events; date defaults to today,
// reason is required for rejected and interrupted.
type referralEventInput struct {
	Status string     `json:"status"`
	Date   civil.Date `json:"date"`
	Reason string     `json:"reason"`
}

// referralEventJSON is one step of a referral (schema ReferralEvent).
type referralEventJSON struct {
	Status     string     `json:"status"`
	Date       civil.Date `json:"date"`
	Reason     string     `json:"reason,omitempty"`
	RecordedAt time.Time  `json:"recordedAt"`
}

// referralJSON is a referral (schema Referral). events is absent in
// organisation-wide lists, which carry clientName instead.
type referralJSON struct {
	ID           string               `json:"id"`
	ClientID     string               `json:"clientId"`
	ClientName   string               `json:"clientName,omitempty"`
	Provider     string               `json:"provider"`
	ProviderName string               `json:"providerName"`
	Service      string               `json:"service"`
	Status       string               `json:"status"`
	Date         civil.Date           `json:"date"`
	CreatedAt    time.Time            `json:"createdAt"`
	Next         []string             `json:"next"`
	Events       *[]referralEventJSON `json:"events,omitempty"`
}

// serviceJSON is a service of the catalogue (schema Service).
type serviceJSON struct {
	Code     string            `json:"code"`
	Names    map[string]string `json:"names"`
	National bool              `json:"national"`
}

// serviceInput is the body of POST /services.
type serviceInput struct {
	Code  string            `json:"code"`
	Names map[string]string `json:"names"`
}

// providerJSON is a service provider (schema Provider).
type providerJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func referralOut(r referral.Referral, withEvents bool) referralJSON {
	out := referralJSON{ID: r.ID, ClientID: r.ClientID, ClientName: r.ClientName, Provider: r.ProviderCode, ProviderName: r.ProviderName,
		Service: r.Service, Status: string(r.Status), Date: r.Date, CreatedAt: r.CreatedAt.UTC(), Next: []string{}}
	for _, n := range referral.Next(r.Status) {
		out.Next = append(out.Next, string(n))
	}
	if withEvents {
		evs := make([]referralEventJSON, len(r.Events))
		for i, e := range r.Events {
			evs[i] = referralEventJSON{Status: string(e.Status), Date: e.Date, Reason: e.Reason, RecordedAt: e.At.UTC()}
		}
		out.Events = &evs
	}
	return out
}

func referralsOut(rs []referral.Referral, withEvents bool) []referralJSON {
	out := make([]referralJSON, len(rs))
	for i, r := range rs {
		out[i] = referralOut(r, withEvents)
	}
	return out
}

func servicesOut(ss []services.Kind) []serviceJSON {
	out := make([]serviceJSON, len(ss))
	for i, s := range ss {
		out[i] = serviceOut(s)
	}
	return out
}

func serviceOut(s services.Kind) serviceJSON {
	names := map[string]string{}
	for _, l := range []string{"fi", "sv", "en"} {
		names[l] = s.Name(l)
	}
	return serviceJSON{Code: s.Code, Names: names, National: s.National}
}
