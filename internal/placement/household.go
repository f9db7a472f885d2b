package placement

import (
	"time"

	"koto/internal/civil"
)

// Kinds of household link: what the other client is to this one.
const (
	Spouse = "spouse"
	Child  = "child"
	Parent = "parent"
	Other  = "other"
)

// Kinds are the kinds of link in display order; their names are the
// translation keys "household.kind.<kind>".
var Kinds = []string{Spouse, Child, Parent, Other}

// Inverse is the kind as the other client's card shows it: a child's
// parent, a parent's child, a spouse's spouse.
func Inverse(kind string) string {
	switch kind {
	case Child:
		return Parent
	case Parent:
		return Child
	}
	return kind
}

// Link is a household link as seen from one client: Other is Kind of it.
type Link struct {
	ID        string
	ClientID  string // the client whose card shows the link
	OtherID   string
	Kind      string // what Other is to Client (Kinds)
	OtherName string // "First Last" of the other client; "" once erased
	OtherKoto string // the other client's Koto id
	OtherBorn civil.Date
	CreatedAt time.Time
	CreatedBy string
}

// StoredLink is a link as stored: Other is Kind of Client. Reading it
// from Other's side inverts the kind.
type StoredLink struct {
	ID        string
	OrgID     string
	ClientID  string
	OtherID   string
	Kind      string
	CreatedAt time.Time
	CreatedBy string
}
