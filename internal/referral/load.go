package referral

import (
	"context"
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/gate"
	"koto/internal/services"
)

// Loaded is one referral of a bulk load: the referral as a caller would
// give it to Create and the steps AddStep would add to it, in order.
type Loaded struct {
	ClientID string
	Referral NewReferral
	Steps    []Step
}

// Load writes many clients' referrals with their lifecycle events in one
// transaction: the bulk path of the demo loader (ADR 28), beside Create
// and AddStep. Only an actor allowed demo.load (the system actor of the
// CLI) may call it; author is the organisation's user in whose name the
// referrals are made, as Create and AddStep would make them. Every
// referral is validated as Create validates it and every step as AddStep
// does (CheckStep after the previous one; a step needs its date), the
// reasons are sealed with the client's key by the same store code, and
// the load is logged: the batch in the actor's log and one demo.load
// entry per client, naming how many referrals it got, in the log of the
// author's organisation. Errors: Forbidden (not demo.load), NotFound (a
// client the author's organisation does not hold), Invalid (a referral
// or step), nothing written then.
func (s *Service) Load(ctx context.Context, actor, author access.Actor, referrals []Loaded) error {
	u := gate.Use{Action: access.DemoLoad, Touched: "referrals"}
	return gate.Org(ctx, s.store, actor, u, func(tx Tx, e *audit.Entry) error {
		now := tx.Now()
		own, err := tx.OwnServices(author.OrgID)
		if err != nil {
			return err
		}
		if own == nil {
			own = []services.Kind{}
		}
		providers := map[string]Provider{}
		count := map[string]int{}
		var clients []string
		out := make([]Referral, 0, len(referrals))
		events := 0
		for _, l := range referrals {
			in := l.Referral
			in.Provider, in.Service = strings.TrimSpace(in.Provider), strings.TrimSpace(in.Service)
			p, err := checkNew(tx, author.OrgID, in, own, providers)
			if err != nil {
				return err
			}
			if count[l.ClientID] == 0 {
				if err := tx.HoldsClient(author.OrgID, l.ClientID); err != nil {
					return err
				}
				clients = append(clients, l.ClientID)
			}
			count[l.ClientID]++
			r := Referral{ID: s.newID(), ClientID: l.ClientID, ProviderID: p.ID, ProviderCode: p.Code, ProviderName: p.Name,
				Service: in.Service, Status: Proposed, Date: in.Date, CreatedAt: now, CreatedBy: author.UserID,
				Events: []Event{{Status: Proposed, Date: in.Date, At: now, By: author.UserID}}}
			for _, st := range l.Steps {
				st.Reason = strings.TrimSpace(st.Reason)
				last := r.Events[len(r.Events)-1]
				if err := CheckStep(last.Status, last.Date, st.Status, st.Date, st.Reason); err != nil {
					return err
				}
				r.Events = append(r.Events, Event{Status: st.Status, Date: st.Date, Reason: st.Reason, At: now, By: author.UserID})
				r.Status, r.Date = st.Status, st.Date
			}
			events += len(r.Events)
			out = append(out, r)
		}
		if err := tx.InsertReferrals(author.OrgID, out); err != nil {
			return err
		}
		e.Touched = gate.Touched("referrals:"+strconv.Itoa(len(out)), "events:"+strconv.Itoa(events),
			"clients:"+strconv.Itoa(len(clients)), "org:"+author.OrgID)
		for _, id := range clients {
			ce := gate.Entry(author, access.DemoLoad, id, "referrals:"+strconv.Itoa(count[id]), audit.Allowed, now)
			if err := tx.AppendAudit(ce); err != nil {
				return apperr.Wrap(err, "log demo load")
			}
		}
		return nil
	})
}
