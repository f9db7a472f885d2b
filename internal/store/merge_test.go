package store_test

import (
	"bytes"
	"testing"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/hetu"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// What a merge leaves in the database, on both engines: the merged row
// points at the survivor and is out of the HETU and name indexes, the
// survivor's earlier details are sealed (no name in plain text), and an
// undo puts every index back.
func TestMergeRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		env := testenv.New(t, engine)
		env.AddOrg(t, "240")
		sup := env.AddUser(t, "240", "sara", access.Supervisor)
		h, err := hetu.New(civil.Date{Year: 1990, Month: 3, Day: 15}, 913)
		if err != nil {
			t.Fatal(err)
		}
		a, _, err := env.Clients.Create(ctx, sup, client.Details{HETU: h.String(), FirstNames: "Zainab", LastName: "Qureshi"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := env.Clients.Create(ctx, sup, client.Details{BirthDate: civil.Date{Year: 1990, Month: 3, Day: 15}, FirstNames: "Zaynab", LastName: "Kureshi"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		db := env.DB.SQL()
		q := func(query string, dest ...any) {
			t.Helper()
			if err := db.QueryRow(query).Scan(dest...); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
		}
		state := func() (into string, bidx bool, keys int) {
			t.Helper()
			var in, idx *string
			q(`SELECT merged_into, hetu_bidx FROM clients WHERE id = '`+b.ID+`'`, &in, &idx)
			q(`SELECT COUNT(*) FROM client_search_keys WHERE client_id = '`+b.ID+`'`, &keys)
			if in != nil {
				into = *in
			}
			return into, idx != nil, keys
		}
		if _, err := env.Clients.MergeClients(ctx, sup, a.ID, b.ID, nil); err != nil {
			t.Fatal(err)
		}
		if into, _, keys := state(); into != a.ID || keys != 0 {
			t.Errorf("merged row: into %q, %d name keys", into, keys)
		}
		var before []byte
		q(`SELECT before_enc FROM client_merges WHERE survivor_id = '`+a.ID+`'`, &before)
		if len(before) == 0 || bytes.Contains(before, []byte("Zainab")) || bytes.Contains(before, []byte("Qureshi")) {
			t.Error("the survivor's earlier details are not sealed")
		}
		if err := env.Clients.UndoMerge(ctx, sup, a.ID); err != nil {
			t.Fatal(err)
		}
		if into, bidx, keys := state(); into != "" || bidx || keys == 0 {
			t.Errorf("after undo: into %q, hetu index %v, %d name keys", into, bidx, keys)
		}
		var survivorIdx *string
		q(`SELECT hetu_bidx FROM clients WHERE id = '`+a.ID+`'`, &survivorIdx)
		if survivorIdx == nil {
			t.Error("the survivor lost its HETU index on undo")
		}
	})
}
