package api

import (
	"time"

	"koto/internal/authority"
	"koto/internal/civil"
)

// disclosureRequestJSON is an authority's request for a client's data on
// the wire (schema DisclosureRequest); decision is absent while open.
type disclosureRequestJSON struct {
	ID           string                  `json:"id"`
	Requester    string                  `json:"requester"`
	Provision    string                  `json:"provision"`
	Received     civil.Date              `json:"received"`
	Channel      string                  `json:"channel"`
	Items        []string                `json:"items"`
	Status       string                  `json:"status"`
	RegisteredBy string                  `json:"registeredBy"`
	CreatedAt    time.Time               `json:"createdAt"`
	Decision     *disclosureDecisionJSON `json:"decision,omitempty"`
}

// disclosureDecisionJSON is the decision on a request (schema
// DisclosureDecision); disclosureId names the disclosure an approval
// recorded.
type disclosureDecisionJSON struct {
	Decision     string    `json:"decision"`
	Reason       string    `json:"reason,omitempty"`
	DisclosureID string    `json:"disclosureId,omitempty"`
	DecidedBy    string    `json:"decidedBy"`
	CreatedAt    time.Time `json:"createdAt"`
}

// disclosureRequestsJSON lists a client's requests, newest first.
type disclosureRequestsJSON struct {
	Items []disclosureRequestJSON `json:"items"`
}

// disclosureRequestInput is the body of
// POST /clients/{id}/disclosure-requests.
type disclosureRequestInput struct {
	Requester *string  `json:"requester"`
	Provision *string  `json:"provision"`
	Received  *string  `json:"received"`
	Channel   *string  `json:"channel"`
	Items     []string `json:"items"`
}

// disclosureDecisionInput is the body of
// POST /clients/{id}/disclosure-requests/{requestId}/decision.
type disclosureDecisionInput struct {
	Decision *string `json:"decision"`
	Reason   *string `json:"reason"`
}

func disclosureRequestOut(r authority.Request) disclosureRequestJSON {
	out := disclosureRequestJSON{ID: r.ID, Requester: r.Requester, Provision: r.Provision, Received: r.Received, Channel: r.Channel,
		Items: r.Items, Status: r.Status(), RegisteredBy: r.Registrar, CreatedAt: r.CreatedAt.UTC()}
	if d := r.Decision; d != nil {
		out.Decision = &disclosureDecisionJSON{Decision: d.Outcome, Reason: d.Reason, DisclosureID: d.DisclosureID, DecidedBy: d.Decider,
			CreatedAt: d.CreatedAt.UTC()}
	}
	return out
}
