package auditlog

import (
	"context"
	"slices"
	"sort"
	"strings"

	"koto/internal/access"
	"koto/internal/audit"
	"koto/internal/gate"
)

// Report is a user's report: what the user opened in a period, and why —
// the entries grouped by client with the stated reasons that opened the
// client, and the counts by action.
type Report struct {
	User      User
	Clients   []ClientUse   // most entries first
	Actions   []ActionCount // most used first
	Total     int
	Denied    int
	Truncated bool // the period held more than ReportLimit entries
}

// ClientUse is what a user did with one client.
type ClientUse struct {
	Client  Client
	Entries []Entry // newest first
	Reasons []Reason
	Denied  int
}

// ActionCount is how many entries of an action the report holds.
type ActionCount struct {
	Action string
	Count  int
}

// UserReport reads what userID, a user of the actor's organisation, did
// in the period q.From–q.To (other filters ignored), with the reasons
// they stated (audit.read_org). A user of another organisation is
// NotFound, exactly like a missing one. The entry lists every client the
// report names. Errors: Forbidden, NotFound, Invalid (the period).
func (s *Service) UserReport(ctx context.Context, actor access.Actor, userID string, q Query) (Report, error) {
	f, err := ParseQuery(Query{From: q.From, To: q.To})
	if err != nil {
		return Report{}, err
	}
	if !idPattern.MatchString(userID) {
		userID = "-" // no user has it: NotFound below, logged like any other
	}
	f.UserID, f.Limit = userID, ReportLimit
	var out Report
	touched := gate.Touched("access_log_user", "user:"+userID)
	if q.From != "" || q.To != "" {
		touched = gate.Touched(touched, "period:"+q.From+".."+q.To)
	}
	err = gate.Org(ctx, s.store, actor, gate.Use{Action: access.AuditReadOrg, Touched: touched},
		func(tx Tx, e *audit.Entry) error {
			var err error
			if out.User, err = tx.OrgUser(actor.OrgID, userID); err != nil {
				return err
			}
			g := f
			g.Limit = f.Limit + 1
			raw, err := tx.OrgAuditEntries(actor.OrgID, g)
			if err != nil {
				return err
			}
			if len(raw) > f.Limit {
				raw, out.Truncated = raw[:f.Limit], true
			}
			entries, err := name(tx, actor.OrgID, raw)
			if err != nil {
				return err
			}
			if err := build(tx, actor.OrgID, &out, entries); err != nil {
				return err
			}
			for _, c := range out.Clients {
				if c.Client.ID != "" {
					e.Shown = append(e.Shown, c.Client.ID)
				}
			}
			return nil
		})
	return answerOf(out, err)
}

// build groups entries by client, counts the actions and loads the
// reasons the entries name (by_reason:ID).
func build(tx Tx, orgID string, r *Report, entries []Entry) error {
	byClient := map[string]*ClientUse{}
	var order []string
	counts := map[string]int{}
	reasonsOf := map[string][]string{}
	var reasonIDs []string
	for _, e := range entries {
		r.Total++
		counts[e.Action]++
		if e.Result == audit.Denied {
			r.Denied++
		}
		key := e.ClientID
		cu := byClient[key]
		if cu == nil {
			cu = &ClientUse{Client: e.Client}
			if cu.Client.ID == "" && key != "" {
				cu.Client.ID = key // another organisation's or an erased client: its id only
			}
			byClient[key] = cu
			order = append(order, key)
		}
		cu.Entries = append(cu.Entries, e)
		if e.Result == audit.Denied {
			cu.Denied++
		}
		for _, p := range strings.Split(e.Touched, ",") {
			if id, ok := strings.CutPrefix(p, "by_reason:"); ok && !slices.Contains(reasonsOf[key], id) {
				reasonsOf[key] = append(reasonsOf[key], id)
				if !slices.Contains(reasonIDs, id) {
					reasonIDs = append(reasonIDs, id)
				}
			}
		}
	}
	reasons, err := tx.AuditReasons(orgID, reasonIDs)
	if err != nil {
		return err
	}
	for _, key := range order {
		cu := byClient[key]
		for _, id := range reasonsOf[key] {
			if rs, ok := reasons[id]; ok {
				cu.Reasons = append(cu.Reasons, rs)
			}
		}
		r.Clients = append(r.Clients, *cu)
	}
	sort.SliceStable(r.Clients, func(i, j int) bool { return len(r.Clients[i].Entries) > len(r.Clients[j].Entries) })
	for a, n := range counts {
		r.Actions = append(r.Actions, ActionCount{Action: a, Count: n})
	}
	sort.Slice(r.Actions, func(i, j int) bool {
		if r.Actions[i].Count != r.Actions[j].Count {
			return r.Actions[i].Count > r.Actions[j].Count
		}
		return r.Actions[i].Action < r.Actions[j].Action
	})
	return nil
}
