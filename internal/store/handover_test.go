package store_test

import (
	"context"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A transfer request is visible to its two parties only (row-level
// security on PostgreSQL, even to a query without an organisation
// condition), is decided once, and is never deleted; a receipt is never
// changed.
func TestTransferRowsIsolatedAndDecidedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		env := testenv.New(t, engine)
		for _, code := range []string{"240", "851", "564"} {
			env.AddOrg(t, code)
		}
		kemi := env.AddUser(t, "240", "kemi", access.Supervisor)
		tornio := env.AddUser(t, "851", "tornio", access.Supervisor)
		oulu := env.AddUser(t, "564", "oulu", access.Supervisor)
		c, _, err := env.Clients.Create(ctx, kemi, client.Details{FirstNames: "Rivi", LastName: "Siirto", BirthDate: civil.Date{Year: 1985, Month: 1, Day: 2}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tr, err := env.Handover.Request(ctx, kemi, c.ID, "851")
		if err != nil {
			t.Fatal(err)
		}
		if engine == "postgres" {
			count := func(orgID string) int {
				tx, err := env.DB.SQL().Begin()
				if err != nil {
					t.Fatal(err)
				}
				defer tx.Rollback()
				_, _ = tx.Exec(`SET LOCAL ROLE koto_app`)
				_, _ = tx.Exec(`SELECT set_config('koto.org_id', '` + orgID + `', true)`)
				var n int
				if err := tx.QueryRow(`SELECT COUNT(*) FROM client_transfers`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			for org, want := range map[string]int{kemi.OrgID: 1, tornio.OrgID: 1, oulu.OrgID: 0} {
				if n := count(org); n != want {
					t.Errorf("organisation %s sees %d transfer rows, want %d", org, n, want)
				}
			}
		}
		if _, err := env.Handover.Refuse(ctx, tornio, tr.ID, "other"); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`UPDATE client_transfers SET status = 'accepted' WHERE id = '` + tr.ID + `'`,
			`DELETE FROM client_transfers WHERE id = '` + tr.ID + `'`,
		} {
			tx, err := env.DB.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			if engine == "postgres" { // as the application, in the sender's scope
				_, _ = tx.Exec(`SET LOCAL ROLE koto_app`)
				_, _ = tx.Exec(`SELECT set_config('koto.org_id', '` + kemi.OrgID + `', true)`)
			}
			if _, err := tx.Exec(q); err == nil {
				t.Errorf("%s: allowed", q)
			}
			_ = tx.Rollback()
		}
	})
}
