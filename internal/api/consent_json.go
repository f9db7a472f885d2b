package api

import (
	"time"

	"koto/internal/civil"
	"koto/internal/consent"
)

// consentJSON is a consent on the wire (schema Consent). withdrawal is
// absent while the consent is in force; active tells whether it is in
// force today.
type consentJSON struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Scope       string          `json:"scope,omitempty"`
	TextVersion string          `json:"textVersion"`
	Given       civil.Date      `json:"given"`
	Channel     string          `json:"channel,omitempty"`
	RecordedBy  string          `json:"recordedBy"`
	CreatedAt   time.Time       `json:"createdAt"`
	Active      bool            `json:"active"`
	Withdrawal  *withdrawalJSON `json:"withdrawal,omitempty"`
}

// withdrawalJSON is the withdrawal of a consent (schema ConsentWithdrawal).
type withdrawalJSON struct {
	Date       civil.Date `json:"date"`
	Channel    string     `json:"channel,omitempty"`
	RecordedBy string     `json:"recordedBy"`
	CreatedAt  time.Time  `json:"createdAt"`
}

// consentsJSON is the list of a client's consents, newest first (schema
// Consents).
type consentsJSON struct {
	Items []consentJSON `json:"items"`
}

// consentInput is the body of POST /clients/{id}/consents.
type consentInput struct {
	Type        *string `json:"type"`
	Given       *string `json:"given"`
	Scope       *string `json:"scope"`
	Channel     *string `json:"channel"`
	TextVersion *string `json:"textVersion"`
}

// withdrawalInput is the optional body of
// POST /clients/{id}/consents/{consentId}/withdrawal.
type withdrawalInput struct {
	Date    *string `json:"date"`
	Channel *string `json:"channel"`
}

func consentOut(c consent.Consent, today civil.Date) consentJSON {
	out := consentJSON{ID: c.ID, Type: c.Type, Scope: c.Scope, TextVersion: c.TextVersion, Given: c.Given, Channel: c.Channel,
		RecordedBy: c.Recorder, CreatedAt: c.CreatedAt.UTC(), Active: c.ActiveOn(today)}
	if w := c.Withdrawal; w != nil {
		out.Withdrawal = &withdrawalJSON{Date: w.Date, Channel: w.Channel, RecordedBy: w.Recorder, CreatedAt: w.CreatedAt.UTC()}
	}
	return out
}

// todayInFinland is the day the answer's "active" is computed for.
func todayInFinland() civil.Date { return civil.DateOf(time.Now().In(civil.Helsinki)) }
