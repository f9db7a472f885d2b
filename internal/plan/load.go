package plan

import (
	"context"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Loaded is one plan of a bulk load: its versions in order, the first as
// a caller would give it to Create, the others as to Revise.
type Loaded struct {
	ClientID string
	Versions []Content
}

// Load writes many clients' plans with all their versions in one
// transaction: the bulk path of the demo loader (ADR 28), beside Create
// and Revise. Only an actor allowed demo.load (the system actor of the
// CLI) may call it; author is the organisation's user in whose name the
// versions are saved. Every version is validated and given the rules'
// warnings as Create and Revise give them (against the client's other
// plans: those stored and those of the batch), sealed with the client's
// key by the same store code, and the load is logged: the batch in the
// actor's log and one demo.load entry per client, naming how many plans
// it got, in the log of the author's organisation. Errors: Forbidden
// (not demo.load), NotFound (a client the author's organisation does not
// hold), Invalid (a version; a plan without versions), nothing written
// then.
func (s *Service) Load(ctx context.Context, actor, author access.Actor, plans []Loaded) error {
	u := gate.Use{Action: access.DemoLoad, Touched: "plans"}
	return gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		current := map[string][]Version{} // by client: the current version of each plan
		count := map[string]int{}
		var clients []string
		var out [][]Version
		versions := 0
		for _, l := range plans {
			if len(l.Versions) == 0 {
				return apperr.InvalidField("versions", "validation.required")
			}
			if count[l.ClientID] == 0 {
				if err := tx.HoldsClient(author.OrgID, l.ClientID); err != nil {
					return err
				}
				stored, err := tx.Plans(author.OrgID, l.ClientID)
				if err != nil {
					return err
				}
				current[l.ClientID] = stored
				clients = append(clients, l.ClientID)
			}
			count[l.ClientID]++
			planID := s.newID()
			vs := make([]Version, 0, len(l.Versions))
			for k, c := range l.Versions {
				c.Normalize()
				if err := c.Validate(); err != nil {
					return err
				}
				v := Version{Content: c, PlanID: planID, ClientID: l.ClientID, Number: k + 1, SavedAt: now, SavedBy: author.UserID}
				v.Warnings = Evaluate(s.rules, c, contents(current[l.ClientID], planID))
				vs = append(vs, v)
			}
			current[l.ClientID] = append(current[l.ClientID], vs[len(vs)-1])
			versions += len(vs)
			out = append(out, vs)
		}
		if err := tx.InsertPlans(author.OrgID, out); err != nil {
			return err
		}
		e.Touched = gate.Touched("plans:"+strconv.Itoa(len(out)), "versions:"+strconv.Itoa(versions),
			"clients:"+strconv.Itoa(len(clients)), "org:"+author.OrgID)
		for _, id := range clients {
			ce := gate.Entry(author, access.DemoLoad, id, "plans:"+strconv.Itoa(count[id]), audit.Allowed, now)
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log demo load")
			}
		}
		return nil
	})
}
