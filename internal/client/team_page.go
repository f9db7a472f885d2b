package client

import (
	"context"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/gate"
)

// TeamOverview is what the teams page shows a supervisor: the
// organisation's teams with their members, and the caseworkers and
// supervisors who can be added.
type TeamOverview struct {
	Teams      []Team
	Colleagues []Colleague
}

// TeamOverview reads the teams page in one transaction with one log
// entry (supervisors: client.assign). It names no client. Errors:
// Forbidden.
func (s *Service) TeamOverview(ctx context.Context, actor access.Actor) (TeamOverview, error) {
	var out TeamOverview
	err := gate.Org(ctx, s.store, actor, gate.Use{Action: access.ClientAssign, Touched: "teams"}, func(tx Tx, _ *audit.Entry) error {
		var err error
		if out.Teams, err = tx.Teams(actor.OrgID); err != nil {
			return err
		}
		out.Colleagues, err = tx.Colleagues(actor.OrgID)
		return err
	})
	return answer(out, err)
}
