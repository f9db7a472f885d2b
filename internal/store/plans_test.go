package store_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/plan"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A plan's text — goals, measures, closing reason, follow-up entries — is
// sealed with the client's key: no column of the plan tables holds it.
func TestPlanTextSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, person(t), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		d := func(s string) civil.Date { v, _ := civil.ParseDate(s); return v }
		const goal, measure, reason, entry = "Kvanttifysiikan-opinnot", "Ylläpitokurssi-Xyloplan", "Muutti-Zanzibariin", "Seurantamerkintä-Qwerty"
		v, err := env.Plans.Create(ctx, cw, c.ID, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-01-01"), EndDate: d("2025-12-31"),
			Goals: []string{goal}, Measures: []plan.Measure{{Text: measure}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.Plans.Revise(ctx, cw, c.ID, v.PlanID, 1, plan.Content{Kind: plan.KindBasic, StartDate: d("2025-01-01"), EndDate: d("2025-12-31"),
			Goals: []string{goal}, ClosedOn: d("2025-06-01"), CloseReason: reason}); err != nil {
			t.Fatal(err)
		}
		if _, err := env.Plans.AddFollowUp(ctx, cw, c.ID, v.PlanID, d("2025-03-01"), entry); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"plans", "plan_versions", "plan_follow_ups", "plan_warning_acks"} {
			rows, err := env.DB.SQL().Query(`SELECT * FROM ` + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, val := range vals {
					b := []byte(fmt.Sprint(val))
					if raw, ok := val.([]byte); ok {
						b = raw
					}
					for _, s := range []string{goal, measure, reason, entry} {
						if bytes.Contains(b, []byte(s)) {
							t.Errorf("%s.%s holds %q in plain text", table, cols[i], s)
						}
					}
				}
			}
			rows.Close()
		}
	})
}
