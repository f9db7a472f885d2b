package client

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// The data-protection officer's finder and client page (ADR 38): enough
// of a client's identity to handle a data-subject request, under an
// action of its own (client.identify), so the DPO needs no casework right.

// Find is Search for the data-protection officer (client.identify): the
// same criteria, a Koto id among them, and the same log entry listing the
// clients shown. Errors: Forbidden, Invalid (criterion).
func (s *Service) Find(ctx context.Context, actor access.Actor, q SearchQuery) ([]Summary, error) {
	return s.search(ctx, actor, access.ClientIdentify, q)
}

// Identity is the identity summary of a client for a data-subject request.
type Identity struct {
	ID, KotoID  string
	FirstNames  string
	LastName    string
	BirthDate   civil.Date
	HETU        string    // masked (MaskHETU); "" when the person has none
	Registered  time.Time // when the client was registered in Koto: the service start
	Ending                // service end and its reason, date of death
	Assignments []Assignment
}

// FullName is "First Names Last".
func (i Identity) FullName() string { return i.FirstNames + " " + i.LastName }

// Identity reads the identity summary of a client of the actor's
// organisation (client.identify: the data-protection officer) in one
// logged read. Errors: NotFound for a client the actor may not see or that
// does not exist.
func (s *Service) Identity(ctx context.Context, actor access.Actor, id string) (Identity, error) {
	var out Identity
	err := gate.Client(ctx, s.store, actor, gate.Use{Action: access.ClientIdentify, ClientID: id, Touched: "identity,hetu_masked"},
		func(tx Tx, _ *audit.Entry) error {
			c, err := tx.Client(actor.OrgID, id)
			if err != nil {
				return err
			}
			out = Identity{ID: c.ID, KotoID: c.KotoID, FirstNames: c.FirstNames, LastName: c.LastName, BirthDate: c.BirthDate,
				HETU: MaskHETU(c.HETU), Registered: c.CreatedAt, Ending: c.Ending}
			if out.Assignments, err = tx.Assignments(actor.OrgID, id); err != nil {
				return err
			}
			return nameAssignments(tx, out.Assignments)
		})
	return answer(out, err)
}
