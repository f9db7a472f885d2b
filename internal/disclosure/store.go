package disclosure

import "koto/internal/gate"

// Store is what the disclosure services need from persistence: the gate's
// transactions.
type Store interface {
	gate.Store[Tx]
}

// Recorder is the store's side of recording and reading disclosures;
// every method is scoped to one organisation. Other capabilities that
// disclose (authority, transfer, hand-over, export) embed it in their Tx.
type Recorder interface {
	// InsertDisclosure validates d (Validate), seals the recipient's name
	// and the content with the client's key and, when d.RecipientOrgID is
	// set, a copy of the content for that organisation; then stores it.
	// NotFound when orgID holds no such client.
	InsertDisclosure(orgID string, d *Disclosure) error
	// Disclosures is the client's disclosure log (with records merged
	// into it), newest first, without content.
	Disclosures(orgID, clientID string) ([]Disclosure, error)
	// Disclosure is one of the client's disclosures with its content;
	// NotFound for another client's or organisation's.
	Disclosure(orgID, clientID, id string) (Disclosure, error)
}

// Receiver is the recipient organisation's side: it reads only the
// disclosures addressed to it, and the content from its own copy.
type Receiver interface {
	// ReceivedDisclosures lists the disclosures addressed to
	// recipientOrgID, newest first (at most InboxLimit), without content.
	ReceivedDisclosures(recipientOrgID string) ([]Disclosure, error)
	// ReceivedDisclosure is one disclosure addressed to recipientOrgID
	// with the recipient's copy of the content; NotFound otherwise.
	ReceivedDisclosure(recipientOrgID, id string) (Disclosure, error)
}

// InboxLimit bounds a recipient's list of received packages.
const InboxLimit = 500

// Tx is what disclosures need inside a transaction.
type Tx interface {
	gate.Tx
	Recorder
	Receiver
}
