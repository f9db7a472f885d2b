package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/disclosure"
	"koto/internal/store/storetest"
)

// The organisation-wide log: newest first, filtered by kind, recipient,
// client and period, paged by cursor, with the names a person reads; each
// page logged with the clients it shows; another organisation sees none
// of it and a caseworker may not read it.
func TestDisclosureLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newDisclosureFixture(t, engine)
		dpo := f.env.AddUser(t, "250", "tietosuoja", access.DPO)
		otherDPO := f.env.AddUser(t, "251", "tietosuoja.b", access.DPO)
		pkg := map[string]any{"names": "Luovutus Testi"}
		var recorded []disclosure.Disclosure
		for i := range 5 {
			recorded = append(recorded, f.record(t, disclosure.Disclosure{Kind: disclosure.KindProvider, RecipientOrgID: f.prov,
				Basis: disclosure.BasisIntegrationAct86, Items: []string{"names"}, Channel: disclosure.ChannelKoto}, pkg))
			if i == 2 {
				time.Sleep(2 * time.Millisecond) // distinct times: the log orders by time, then by random id
				recorded = append(recorded, f.record(t, disclosure.Disclosure{Kind: disclosure.KindAuthority, Recipient: "Poliisilaitos",
					Basis: disclosure.BasisLaw, BasisDetail: "301/2004 105 §", Items: []string{"names"}, Channel: disclosure.ChannelPost}, pkg))
			}
			time.Sleep(2 * time.Millisecond)
		}
		svc := disclosure.NewLogService(f.env.DB.DisclosureLog())

		// Paging through everything, two at a time, gives every entry
		// once, newest first.
		var got []disclosure.LogEntry
		q := disclosure.LogQuery{Limit: 2}
		for pages := 0; ; pages++ {
			pg, err := svc.Page(ctx, dpo, q)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, pg.Entries...)
			if pg.Next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("paging does not end")
			}
			q.Cursor = pg.Next
		}
		if len(got) != len(recorded) {
			t.Fatalf("%d entries, want %d", len(got), len(recorded))
		}
		for i, e := range got {
			want := recorded[len(recorded)-1-i]
			if e.ID != want.ID {
				t.Errorf("entry %d is %s, want %s (newest first)", i, e.ID, want.ID)
			}
			if e.ClientName != "Testi, Luovutus" || e.ClientKotoID == "" || e.UserDisplayName == "" || e.Content != nil {
				t.Errorf("entry %d: client %q (%q), user %q, content %v", i, e.ClientName, e.ClientKotoID, e.UserDisplayName, e.Content != nil)
			}
			switch e.Kind {
			case disclosure.KindProvider:
				if e.RecipientOrgCode != "P250" || e.RecipientOrgName != "Opisto A" {
					t.Errorf("provider entry recipient %q %q", e.RecipientOrgCode, e.RecipientOrgName)
				}
			case disclosure.KindAuthority:
				if e.Recipient != "Poliisilaitos" || e.BasisDetail != "301/2004 105 §" {
					t.Errorf("authority entry recipient %q, basis %q", e.Recipient, e.BasisDetail)
				}
			}
		}

		// Filters.
		for _, c := range []struct {
			name string
			q    disclosure.LogQuery
			want int
		}{
			{"kind", disclosure.LogQuery{Kind: disclosure.KindAuthority}, 1},
			{"recipient", disclosure.LogQuery{Recipient: "P250"}, 5},
			{"another recipient", disclosure.LogQuery{Recipient: "P251"}, 0},
			{"client", disclosure.LogQuery{Client: f.clientID}, 6},
			{"another client", disclosure.LogQuery{Client: "no-such-client"}, 0},
			{"period", disclosure.LogQuery{From: "2000-01-01", To: "2000-12-31"}, 0},
			{"period with today", disclosure.LogQuery{From: "2000-01-01", To: "2099-12-31"}, 6},
		} {
			pg, err := svc.Page(ctx, dpo, c.q)
			if err != nil || len(pg.Entries) != c.want {
				t.Errorf("%s: %d entries, %v; want %d", c.name, len(pg.Entries), err, c.want)
			}
		}
		for _, bad := range []disclosure.LogQuery{{From: "1.1.2025"}, {Kind: "gossip"}, {Cursor: "x"}, {From: "2025-02-01", To: "2025-01-01"}} {
			if _, err := svc.Page(ctx, dpo, bad); apperr.KindOf(err) != apperr.Invalid {
				t.Errorf("query %+v: %v, want Invalid", bad, err)
			}
		}

		// Each (the CSV) reads every page.
		n := 0
		if err := svc.Each(ctx, dpo, disclosure.LogQuery{}, func(disclosure.LogEntry) error { n++; return nil }); err != nil || n != 6 {
			t.Errorf("Each: %d entries, %v", n, err)
		}

		// Another organisation's officer sees none of it; a caseworker
		// may not read the log.
		if pg, err := svc.Page(ctx, otherDPO, disclosure.LogQuery{Client: f.clientID}); err != nil || len(pg.Entries) != 0 {
			t.Errorf("another organisation: %d entries, %v", len(pg.Entries), err)
		}
		if _, err := svc.Page(ctx, f.cw, disclosure.LogQuery{}); apperr.KindOf(err) != apperr.Forbidden {
			t.Errorf("caseworker: %v, want Forbidden", err)
		}

		// Every page is logged with the clients it shows.
		var shown, touched string
		err := f.env.DB.SQL().QueryRow(rebindFor(engine, `SELECT shown, touched FROM audit_entries WHERE action = 'disclosure.log'
			AND user_id = ? AND result = 'allowed' AND touched = ?`), dpo.UserID, "disclosure_log,client:"+f.clientID).Scan(&shown, &touched)
		if err != nil || shown != f.clientID || !strings.Contains(touched, "disclosure_log") {
			t.Errorf("log entry shown %q touched %q, %v", shown, touched, err)
		}
	})
}

// Every filter of the log is an index search on SQLite, never a scan of
// the table or a sort.
func TestDisclosureLogUsesIndexes(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	now := time.Now()
	base := disclosure.LogFilter{From: now.Add(-time.Hour), To: now, Limit: 51}
	filters := map[string]disclosure.LogFilter{"period": base}
	k := base
	k.Kind = disclosure.KindExport
	filters["kind"] = k
	r := base
	r.RecipientCode = "P01"
	filters["recipient"] = r
	c := base
	c.ClientID = "client"
	filters["client"] = c
	p := base
	p.AfterAt, p.AfterID = now, "id"
	filters["next page"] = p
	for name, f := range filters {
		plan, err := db.DisclosureLogPlan("org", f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, step := range plan {
			if (strings.HasPrefix(step, "SCAN ") && !strings.HasPrefix(step, "SCAN CONSTANT")) || strings.Contains(step, "TEMP B-TREE") {
				t.Errorf("%s: plan %s", name, strings.Join(plan, "; "))
				break
			}
		}
		if !slices.ContainsFunc(plan, func(s string) bool { return strings.Contains(s, "SEARCH d USING INDEX") }) {
			t.Errorf("%s: plan %s uses no index of disclosures", name, strings.Join(plan, "; "))
		}
	}
}

// rebindFor writes ? placeholders as engine wants them.
func rebindFor(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	for n := 1; strings.Contains(q, "?"); n++ {
		q = strings.Replace(q, "?", "$"+string(rune('0'+n)), 1)
	}
	return q
}
