package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/auditlog"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// The organisation-wide access log on both engines: every filter, keyset
// paging without gaps or repeats, names opened only for the own
// organisation's clients, every page logged with the clients it names;
// a user's report with the stated reasons; another organisation's user
// is NotFound; a caseworker may read none of it; values never become SQL.
func TestOrgAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "260")
		env.AddOrg(t, "261")
		sup := env.AddUser(t, "260", "esimies", access.Supervisor)
		cw := env.AddUser(t, "260", "ohjaaja", access.Caseworker)
		dpo := env.AddUser(t, "260", "tietosuoja", access.DPO)
		cwB := env.AddUser(t, "261", "ohjaaja.b", access.Caseworker)
		dpoB := env.AddUser(t, "261", "tietosuoja.b", access.DPO)
		var ids []string
		for i, name := range []string{"Ensimmäinen", "Toinen"} {
			h, _ := hetu.New(civil.Date{Year: 1991, Month: time.March, Day: 1 + i}, 910+2*i)
			c, _, err := env.Clients.Create(ctx, sup, client.Details{HETU: h.String(), FirstNames: "Loki", LastName: name}, client.CreateOptions{})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		// The caseworker opens the first client by a stated reason, tries
		// the second without one, and a caseworker of 261 tries the first.
		if _, err := env.Clients.Get(ctx, cw, ids[1]); !gateReasonRequired(err) {
			t.Fatalf("without a reason: %v", err)
		}
		reason, err := env.Clients.GiveReason(ctx, cw, ids[0], "substitute", "Sijaisena kollegan lomalla")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Clients.Get(ctx, cw, ids[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Clients.Get(ctx, cwB, ids[0]); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("other organisation: %v", err)
		}
		if _, err := env.Clients.Search(ctx, sup, client.SearchQuery{Name: "Toinen"}); err != nil {
			t.Fatal(err)
		}
		svc := env.AuditLog

		// Paging two at a time gives every entry once, newest first.
		var all []auditlog.Entry
		q := auditlog.Query{Limit: 2}
		for pages := 0; ; pages++ {
			pg, err := svc.Page(ctx, dpo, q)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, pg.Entries...)
			if pg.Next == "" {
				break
			}
			if pages > 50 {
				t.Fatal("paging does not end")
			}
			q.Cursor = pg.Next
		}
		seen := map[string]bool{}
		for i, e := range all {
			if seen[e.ID] {
				t.Fatalf("entry %s twice", e.ID)
			}
			seen[e.ID] = true
			if i > 0 && (e.At.After(all[i-1].At) || e.At.Equal(all[i-1].At) && e.ID > all[i-1].ID) {
				t.Fatalf("not newest first at %d", i)
			}
			if e.Chain != dpo.OrgID {
				t.Fatalf("entry of chain %s", e.Chain)
			}
		}
		if len(all) < 8 {
			t.Fatalf("only %d entries", len(all))
		}

		page := func(q auditlog.Query) []auditlog.Entry {
			t.Helper()
			pg, err := svc.Page(ctx, dpo, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			return pg.Entries
		}
		every := func(what string, es []auditlog.Entry, ok func(auditlog.Entry) bool) {
			t.Helper()
			if len(es) == 0 {
				t.Errorf("%s: no entries", what)
			}
			for _, e := range es {
				if !ok(e) {
					t.Errorf("%s: entry %s %s %s %s", what, e.Username, e.Action, e.ClientID, e.Result)
				}
			}
		}
		every("user", page(auditlog.Query{User: "ohjaaja"}), func(e auditlog.Entry) bool { return e.Username == "ohjaaja" })
		every("action", page(auditlog.Query{Action: "client.read"}), func(e auditlog.Entry) bool { return e.Action == "client.read" })
		denied := page(auditlog.Query{Result: "denied"})
		every("denied", denied, func(e auditlog.Entry) bool { return e.Result == audit.Denied })
		if !slices.ContainsFunc(denied, func(e auditlog.Entry) bool { return strings.Contains(e.Touched, "reason_required") }) ||
			!slices.ContainsFunc(denied, func(e auditlog.Entry) bool { return strings.Contains(e.Touched, "other_organisation") }) {
			t.Error("denied: the refusals for a missing reason and by another organisation are not there")
		}
		byClient := page(auditlog.Query{Client: ids[1]})
		every("client", byClient, func(e auditlog.Entry) bool { return e.ClientID == ids[1] || slices.Contains(e.Shown, ids[1]) })
		if !slices.ContainsFunc(byClient, func(e auditlog.Entry) bool { return e.Action == "client.search" }) {
			t.Error("client filter misses the search that showed the client")
		}
		kc, _ := env.Clients.Get(ctx, sup, ids[1])
		pg, err := svc.Page(ctx, dpo, auditlog.Query{Client: strings.ToLower(kc.KotoID)})
		if err != nil || pg.Client.ID != ids[1] || pg.Client.Name != "Loki Toinen" {
			t.Errorf("Koto id filter: %+v, %v", pg.Client, err)
		}
		for _, e := range page(auditlog.Query{Client: ids[0]}) {
			if e.ClientID == ids[0] && e.OrgID == dpo.OrgID && e.Client.Name != "Loki Ensimmäinen" {
				t.Errorf("client not named: %+v", e.Client)
			}
		}
		today := civil.DateOf(time.Now().In(civil.Helsinki))
		if es := page(auditlog.Query{From: civil.DateOf(time.Now().In(civil.Helsinki).AddDate(0, 0, 1)).String()}); len(es) != 0 {
			t.Errorf("a future period has %d entries", len(es))
		}
		if es := page(auditlog.Query{From: today.String(), To: today.String()}); len(es) == 0 {
			t.Error("today has no entries")
		}
		// Values are parameters: an injection matches nothing.
		if es := page(auditlog.Query{User: "x' OR '1'='1"}); len(es) != 0 {
			t.Errorf("injected username matched %d entries", len(es))
		}
		for _, bad := range []auditlog.Query{{Client: "x' OR 1=1 --"}, {Client: "K-zzzzz-zzzzz"}, {Action: "client.read' --"},
			{Result: "denied' OR 1=1"}, {From: "2026-02-30"}, {From: "2026-03-02", To: "2026-03-01"}, {Cursor: "1.x'"}} {
			if _, err := svc.Page(ctx, dpo, bad); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("%+v: %v, want Invalid", bad, err)
			}
		}

		// The reads are logged with the clients they named.
		pg, err = svc.Page(ctx, dpo, auditlog.Query{Client: ids[0], Action: "client.read"})
		if err != nil {
			t.Fatal(err)
		}
		last := page(auditlog.Query{User: "tietosuoja", Action: "audit.read_org"})
		if len(last) == 0 || !slices.Contains(last[0].Shown, ids[0]) || !strings.Contains(last[0].Touched, "client:"+ids[0]) {
			t.Errorf("the read's entry: %+v", last)
		}

		// The user's report: grouped by client, the stated reason.
		rep, err := svc.UserReport(ctx, dpo, cw.UserID, auditlog.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.User.Username != "ohjaaja" || rep.Total == 0 || rep.Denied == 0 {
			t.Errorf("report: %+v", rep)
		}
		i := slices.IndexFunc(rep.Clients, func(c auditlog.ClientUse) bool { return c.Client.ID == ids[0] })
		if i < 0 || len(rep.Clients[i].Reasons) != 1 || rep.Clients[i].Reasons[0].ID != reason.ID ||
			rep.Clients[i].Reasons[0].Text != "Sijaisena kollegan lomalla" || rep.Clients[i].Reasons[0].ReviewedAt != nil {
			t.Errorf("report's reasons: %+v", rep.Clients)
		}
		if !slices.ContainsFunc(rep.Actions, func(a auditlog.ActionCount) bool { return a.Action == "client.read" && a.Count >= 1 }) {
			t.Errorf("report's actions: %+v", rep.Actions)
		}

		// Attacks.
		if _, err := svc.UserReport(ctx, dpo, cwB.UserID, auditlog.Query{}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation's user: %v", err)
		}
		if _, err := svc.UserReport(ctx, dpoB, cw.UserID, auditlog.Query{}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a user of organisation A for B's officer: %v", err)
		}
		if _, err := svc.Page(ctx, cw, auditlog.Query{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker: %v", err)
		}
		if _, err := svc.UserReport(ctx, cw, cw.UserID, auditlog.Query{}); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("caseworker's report: %v", err)
		}
		bpg, err := svc.Page(ctx, dpoB, auditlog.Query{Client: ids[0]})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range bpg.Entries {
			if e.Client.Name != "" || e.Chain != dpoB.OrgID {
				t.Errorf("organisation B sees %+v", e)
			}
		}
		if bpg.Client.Name != "" {
			t.Errorf("organisation B names A's client: %+v", bpg.Client)
		}
		err = svc.Each(ctx, dpoB, auditlog.Query{}, "csv", func(e auditlog.Entry) error {
			if e.Chain != dpoB.OrgID || e.Client.Name != "" {
				t.Errorf("organisation B's download: %+v", e)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// gateReasonRequired reports whether err asks for a stated reason.
func gateReasonRequired(err error) bool {
	ae, ok := apperr.As(err)
	return ok && ae.Key == "access.reason_required"
}
