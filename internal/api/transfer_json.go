package api

import (
	"time"

	"koto/internal/handover"
)

// transferJSON is a transfer request as the API shows it to either party:
// no personal data, the sender's client only to the sender and the
// receiver's new client only to the receiver.
type transferJSON struct {
	ID            string     `json:"id"`
	Direction     string     `json:"direction"` // incoming or outgoing
	From          string     `json:"from"`      // organisation names
	To            string     `json:"to"`
	Status        string     `json:"status"`
	RequestedAt   time.Time  `json:"requestedAt"`
	DecidedAt     *time.Time `json:"decidedAt,omitempty"`
	RefusalReason string     `json:"refusalReason,omitempty"`
	ClientID      string     `json:"clientId,omitempty"`
	NewClientID   string     `json:"newClientId,omitempty"`
}

type transfersJSON struct {
	Items []transferJSON `json:"items"`
}

type transferInput struct {
	To *string `json:"to"`
}

type refusalInput struct {
	Reason *string `json:"reason"`
}

func transferOut(t handover.Transfer, orgID string) transferJSON {
	out := transferJSON{ID: t.ID, Direction: "outgoing", From: t.FromName, To: t.ToName, Status: string(t.Status),
		RequestedAt: t.RequestedAt, RefusalReason: t.RefusalReason, ClientID: t.ClientID}
	if t.Incoming(orgID) {
		out.Direction, out.ClientID, out.NewClientID = "incoming", "", t.NewClientID
	}
	if !t.DecidedAt.IsZero() {
		at := t.DecidedAt
		out.DecidedAt = &at
	}
	return out
}
