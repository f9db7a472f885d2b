package store_test

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// A bound given in another zone finds the rows of the same instants. The
// daily reason limit counts from midnight in Helsinki; on SQLite, which
// compares times as text, a reason given at 22:30 UTC (00:30 in Helsinki)
// once fell before "00:00+02:00" and the limit never applied in the
// two hours before UTC midnight.
func TestTimeBoundsInAnyZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		cw := env.AddUser(t, "240", "anna", access.Caseworker)
		c, _, err := env.Clients.Create(ctx, cw, client.Details{BirthDate: civil.Date{Year: 1990, Month: 3, Day: 1}, FirstNames: "Aino", LastName: "Aika"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		given := time.Date(2026, 12, 2, 22, 30, 0, 0, time.UTC)
		midnight := time.Date(2026, 12, 3, 0, 0, 0, 0, civil.Helsinki) // 22:00 UTC
		var n int
		err = env.DB.InTx(ctx, func(tx *store.Tx) error {
			r := client.AccessReason{ID: store.NewID(), Kind: client.KindReason, ClientID: c.ID, UserID: cw.UserID,
				Code: "substitute", Text: "Sijaistan vastuuohjaajaa tämän viikon.", CreatedAt: given, ExpiresAt: given.Add(time.Hour)}
			if err := tx.InsertAccessReason(cw.OrgID, &r); err != nil {
				return err
			}
			n, err = tx.ReasonsGivenSince(cw.OrgID, cw.UserID, midnight)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("reasons since midnight in Helsinki: %d, want 1", n)
		}
	})
}
