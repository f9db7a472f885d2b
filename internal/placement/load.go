package placement

import (
	"context"
	"errors"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
)

// Loaded is one client's placement of a bulk load, as a caller would
// give it to Save for a client without one.
type Loaded struct {
	ClientID  string
	Placement Placement
}

// Load records many clients' first placements in one transaction: the
// bulk path of the demo loader (ADR 28), beside Save. Only an actor
// allowed demo.load (the system actor of the CLI) may call it; author is
// the organisation's user in whose name they are recorded. Each is
// validated as Save validates a first placement, sealed with the client's
// key by the same store code, and the load is logged: the batch in the
// actor's log and one demo.load entry per client, touched placement, in
// the log of the author's organisation. A client appears at most once
// and has no placement yet (else Conflict). Errors: Forbidden (not
// demo.load), NotFound (a client the author's organisation does not
// hold), Invalid, Conflict, nothing written then.
func (s *Service) Load(ctx context.Context, actor, author access.Actor, placements []Loaded) error {
	u := gate.Use{Action: access.DemoLoad, Touched: "placements"}
	return gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		today := civil.DateOf(now.In(civil.Helsinki))
		seen := map[string]bool{}
		out := make([]Loaded, 0, len(placements))
		for _, l := range placements {
			if seen[l.ClientID] {
				return apperr.Wrap(errors.New("a client twice in one load"), "load placements")
			}
			seen[l.ClientID] = true
			if err := tx.HoldsClient(author.OrgID, l.ClientID); err != nil {
				return err
			}
			p := l.Placement
			p.Normalize()
			if err := p.Validate(today, Placement{}); err != nil {
				return err
			}
			p.UpdatedAt, p.UpdatedBy, p.Version = now, author.UserID, 1
			out = append(out, Loaded{ClientID: l.ClientID, Placement: p})
		}
		if err := tx.InsertPlacements(author.OrgID, out); err != nil {
			return err
		}
		e.Touched = gate.Touched("placements:"+strconv.Itoa(len(out)), "org:"+author.OrgID)
		for _, l := range out {
			ce := gate.Entry(author, access.DemoLoad, l.ClientID, "placement", audit.Allowed, now)
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log demo load")
			}
		}
		return nil
	})
}
