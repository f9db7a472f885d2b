package disclosure

import (
	"context"
	"encoding/json"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Received is a package as its recipient sees it in the inbox: when it
// came, from which organisation, and the client's name so that the right
// one can be picked — nothing else of the client.
type Received struct {
	ID         string
	At         time.Time
	FromCode   string // the disclosing organisation's code
	FromName   string
	ClientName string // "Last, First Names" from the package
	Items      []string
}

// ReceivedPackage is one package as its recipient reads it.
type ReceivedPackage struct {
	Received
	Hash    string
	Package json.RawMessage // the package exactly as disclosed: the 18 keys
}

// Inbox lists the packages addressed to the actor's organisation, newest
// first (disclosure.receive: users of a provider organisation). The list
// shows the clients' names, read from the recipient's copies; the entry
// in the organisation's log names the disclosures shown.
func (s *Service) Inbox(ctx context.Context, actor access.Actor) ([]Received, error) {
	var out []Received
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.DisclosureReceive, Touched: "disclosures-received"},
		func(tx ServiceTx, e *audit.Entry) error {
			ds, err := tx.ReceivedDisclosures(actor.OrgID)
			if err != nil {
				return err
			}
			ids := make([]string, 0, len(ds))
			for _, d := range ds {
				ids = append(ids, d.OrgID)
			}
			orgs, err := tx.OrganisationsByID(ids)
			if err != nil {
				return err
			}
			for _, d := range ds {
				full, err := tx.ReceivedDisclosure(actor.OrgID, d.ID)
				if err != nil {
					return err
				}
				r := received(full)
				r.FromCode, r.FromName = orgs[d.OrgID].Code, orgs[d.OrgID].Name
				out = append(out, r)
			}
			e.Touched = joinIDs("disclosures-received", out)
			return nil
		})
	return out, err
}

// Package is one package addressed to the actor's organisation, from the
// recipient's copy (disclosure.receive). Every view is logged in the
// organisation's log with the disclosure's id, and a copy of the entry
// goes to the holder's log, so the client's access log shows who at the
// provider read it. Errors: NotFound for a package addressed to anyone
// else, exactly like a missing one.
func (s *Service) Package(ctx context.Context, actor access.Actor, id string) (ReceivedPackage, error) {
	var out ReceivedPackage
	var clientID string
	var entry audit.Entry
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.DisclosureReceive, Touched: "disclosure-received:" + id},
		func(tx ServiceTx, e *audit.Entry) error {
			d, err := tx.ReceivedDisclosure(actor.OrgID, id)
			if err != nil {
				return err
			}
			orgs, err := tx.OrganisationsByID([]string{d.OrgID})
			if err != nil {
				return err
			}
			out = ReceivedPackage{Received: received(d), Hash: d.ContentHash, Package: json.RawMessage(d.Content)}
			out.FromCode, out.FromName = orgs[d.OrgID].Code, orgs[d.OrgID].Name
			clientID, entry = d.ClientID, *e
			return nil
		})
	if err != nil {
		return ReceivedPackage{}, err
	}
	// The holder's copy of the entry: its own chain, naming the client.
	entry.ClientID = clientID
	if err := s.store.LogAtHolder(ctx, clientID, &entry); err != nil {
		return ReceivedPackage{}, apperr.Wrap(err, "log the view at the holder")
	}
	return out, nil
}

// received is the inbox row of d (with its content).
func received(d Disclosure) Received {
	r := Received{ID: d.ID, At: d.CreatedAt, Items: d.Items}
	var p Package
	if json.Unmarshal(d.Content, &p) == nil && p.Names != nil {
		r.ClientName = p.Names.LastName + ", " + p.Names.FirstNames
	}
	return r
}

func joinIDs(prefix string, rs []Received) string {
	s := prefix
	for _, r := range rs {
		s += ",disclosure:" + r.ID
	}
	return s
}
