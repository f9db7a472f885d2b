package client

import (
	"context"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/codes"
	"koto/internal/gate"
)

// Load registers many clients in one transaction: the bulk path of a
// load (the demo loader, ADR 28), beside Create for one. Only an actor
// allowed demo.load (the system actor of the CLI) may call it; author is
// the organisation's user in whose name the clients are registered, as
// Create would register them: each client is validated as Create
// validates it, gets its own data key, sealed HETU and details, name and
// birth-date indexes and permits by the same store code, and a
// caseworker author becomes its responsible caseworker.
//
// Unlike Create, Load runs no fuzzy duplicate check (a bulk source is
// expected to be free of duplicates) but keeps the HETU's uniqueness: a
// client whose HETU the organisation already has is skipped, so a
// repeated load adds nobody twice. The result is parallel to ds, with the
// zero Client for a skipped one.
//
// The load is logged: the batch in the actor's log (touched
// clients:N,skipped:M,org:ID) and one demo.load entry per registered
// client, touched card, in the log of the author's organisation.
// Errors: Forbidden (not demo.load), Invalid (a client, nothing written
// then).
func (s *Service) Load(ctx context.Context, actor, author access.Actor, ds []Details) ([]Client, error) {
	var out []Client
	u := gate.Use{Action: access.DemoLoad, Touched: "clients"}
	err := gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		today := Today(now)
		cs := make([]Client, len(ds))
		for i, d := range ds {
			d.Normalize()
			if err := d.Validate(today); err != nil {
				return apperr.Wrap(err, "client %d", i)
			}
			cs[i] = Client{ID: s.newID(), OrgID: author.OrgID, Details: d, CodeLists: codes.Versions(),
				CreatedAt: now, CreatedBy: author.UserID, UpdatedAt: now, UpdatedBy: author.UserID, Version: 1}
			for j := range cs[i].Permits {
				cs[i].Permits[j].ID = s.newID()
			}
		}
		inserted, err := tx.InsertClients(author.OrgID, cs)
		if err != nil {
			return err
		}
		out = make([]Client, len(cs))
		n := 0
		for i, c := range cs {
			if !inserted[i] {
				continue
			}
			n++
			if author.Has(access.Caseworker) {
				if err := tx.Assign(author.OrgID, c.ID, author.UserID, author.UserID, now); err != nil {
					return err
				}
			}
			ce := gate.Entry(author, access.DemoLoad, c.ID, "card", audit.Allowed, now)
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log load")
			}
			c.hideAddressFrom(author)
			out[i] = c
		}
		e.Touched = gate.Touched("clients:"+strconv.Itoa(n), "skipped:"+strconv.Itoa(len(cs)-n), "org:"+author.OrgID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
