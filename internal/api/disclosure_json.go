package api

import (
	"encoding/json"
	"time"

	"koto/internal/disclosure"
)

// disclosureJSON is a recorded disclosure on the wire (schema Disclosure):
// recipient is the recipient organisation's code, or the recipient as
// recorded when it is not an organisation in Koto; items are the keys of
// the items disclosed; content, only in GET of one disclosure, is the
// disclosed content exactly as recorded (its SHA-256 is contentHash).
type disclosureJSON struct {
	ID          string          `json:"id"`
	At          time.Time       `json:"at"`
	Kind        string          `json:"kind"`
	Recipient   string          `json:"recipient"`
	Basis       string          `json:"basis"`
	BasisDetail string          `json:"basisDetail,omitempty"`
	Items       []string        `json:"items"`
	ContentHash string          `json:"contentHash"`
	Channel     string          `json:"channel"`
	ReferralID  string          `json:"referralId,omitempty"`
	User        string          `json:"user"`
	Content     json.RawMessage `json:"content,omitempty"`
}

// disclosuresJSON is a client's disclosure log, newest first.
type disclosuresJSON struct {
	Items []disclosureJSON `json:"items"`
}

// disclosureInput is the body of POST /clients/{id}/disclosures; the free
// texts are the package's items 16–18 (optional).
type disclosureInput struct {
	Recipient            *string `json:"recipient"`
	Basis                *string `json:"basis"`
	ReferralID           *string `json:"referralId"`
	EarlierStudyPlan     *string `json:"earlierStudyPlan"`
	ContinuationMeasures *string `json:"continuationMeasures"`
	OtherNecessary       *string `json:"otherNecessary"`
}

func disclosureOut(e disclosure.Entry, withContent bool) disclosureJSON {
	out := disclosureJSON{ID: e.ID, At: e.CreatedAt, Kind: e.Kind, Recipient: e.RecipientCode, Basis: e.Basis, BasisDetail: e.BasisDetail,
		Items: e.Items, ContentHash: e.ContentHash, Channel: e.Channel, ReferralID: e.ReferralID, User: e.UserName}
	if out.Recipient == "" {
		out.Recipient = e.RecipientName
	}
	if out.Items == nil {
		out.Items = []string{}
	}
	if withContent {
		out.Content = json.RawMessage(e.Content)
	}
	return out
}

// fromJSON names the organisation a package came from.
type fromJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// receivedJSON is a package in a provider's inbox (schema
// ReceivedDisclosure): the client's name only, to pick the right one.
type receivedJSON struct {
	ID     string    `json:"id"`
	At     time.Time `json:"at"`
	From   fromJSON  `json:"from"`
	Client string    `json:"client"`
	Items  []string  `json:"items"`
}

// receivedListJSON is a provider's inbox, newest first.
type receivedListJSON struct {
	Items []receivedJSON `json:"items"`
}

// packageJSON is one package as its recipient reads it (schema
// ReceivedPackage): package has exactly the 18 item keys.
type packageJSON struct {
	ID          string          `json:"id"`
	At          time.Time       `json:"at"`
	From        fromJSON        `json:"from"`
	ContentHash string          `json:"contentHash"`
	Package     json.RawMessage `json:"package"`
}

func receivedOut(r disclosure.Received) receivedJSON {
	items := r.Items
	if items == nil {
		items = []string{}
	}
	return receivedJSON{ID: r.ID, At: r.At, From: fromJSON{Code: r.FromCode, Name: r.FromName}, Client: r.ClientName, Items: items}
}
