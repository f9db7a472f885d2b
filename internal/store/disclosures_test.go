package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

// disclosureFixture is a municipality 250 with a client, another
// municipality 251, and two providers.
type disclosureFixture struct {
	env                *testenv.Env
	cw                 access.Actor
	clientID           string
	other, prov, prov2 string
}

func newDisclosureFixture(t *testing.T, engine string) disclosureFixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "250")
	other := env.AddOrg(t, "251")
	prov := env.AddProvider(t, "P250", "Opisto A")
	prov2 := env.AddProvider(t, "P251", "Opisto B")
	cw := env.AddUser(t, "250", "ohjaaja", access.Caseworker)
	c, _, err := env.Clients.Create(context.Background(), cw, client.Details{FirstNames: "Luovutus", LastName: "Testi", BirthDate: civil.Date{Year: 1991, Month: 3, Day: 4}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return disclosureFixture{env: env, cw: cw, clientID: c.ID, other: other.ID, prov: prov.ID, prov2: prov2.ID}
}

func (f disclosureFixture) record(t *testing.T, d disclosure.Disclosure, content any) disclosure.Disclosure {
	t.Helper()
	var err error
	d.ID, d.ClientID, d.DisclosedBy, d.DisclosedUsername = store.NewID(), f.clientID, f.cw.UserID, f.cw.Username
	if d.CreatedAt.IsZero() {
		d.CreatedAt = time.Now().UTC().Truncate(time.Millisecond)
	}
	if d.Content, d.ContentHash, err = disclosure.Seal(content); err != nil {
		t.Fatal(err)
	}
	if err := f.env.DB.InOrgTx(context.Background(), f.cw.OrgID, func(tx *store.Tx) error { return tx.InsertDisclosure(f.cw.OrgID, &d) }); err != nil {
		t.Fatalf("insert disclosure: %v", err)
	}
	return d
}

// A disclosure is stored sealed, listed without content, read with it
// only for its client and organisation, and read by its recipient
// organisation (alone) from the recipient's copy.
func TestDisclosuresStore(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		ctx := context.Background()
		f := newDisclosureFixture(t, engine)
		pkg := map[string]any{"names": "Luovutus Testi", "hetu": nil}
		prov := f.record(t, disclosure.Disclosure{Kind: disclosure.KindProvider, RecipientOrgID: f.prov, Basis: disclosure.BasisIntegrationAct86,
			Items: []string{"names"}, Channel: disclosure.ChannelKoto, ReferralID: "ref-1"}, pkg)
		auth := f.record(t, disclosure.Disclosure{Kind: disclosure.KindAuthority, Recipient: "Poliisilaitos, lupapalvelut", Basis: disclosure.BasisLaw,
			BasisDetail: "ulkomaalaislaki 301/2004 105 §", Items: []string{"names", "residence"}, Channel: disclosure.ChannelPost,
			CreatedAt: time.Now().UTC().Truncate(time.Millisecond).Add(time.Second)}, pkg)
		if prov.ContentHash != disclosure.Hash([]byte(`{"hetu":null,"names":"Luovutus Testi"}`)) {
			t.Errorf("hash %s is not over the canonical content", prov.ContentHash)
		}

		err := f.env.DB.InOrgTx(ctx, f.cw.OrgID, func(tx *store.Tx) error {
			list, err := tx.Disclosures(f.cw.OrgID, f.clientID)
			if err != nil {
				return err
			}
			if len(list) != 2 || list[0].ID != auth.ID || list[1].ID != prov.ID {
				t.Fatalf("log %+v, want the authority's then the provider's", list)
			}
			if list[0].Content != nil || list[0].Recipient != "Poliisilaitos, lupapalvelut" || list[0].BasisDetail != auth.BasisDetail ||
				!slices.Equal(list[0].Items, auth.Items) || list[1].RecipientOrgID != f.prov || list[1].ReferralID != "ref-1" ||
				list[1].ContentHash != prov.ContentHash || list[1].DisclosedUsername != "ohjaaja" || !list[1].CreatedAt.Equal(prov.CreatedAt) {
				t.Errorf("log entries %+v", list)
			}
			got, err := tx.Disclosure(f.cw.OrgID, f.clientID, prov.ID)
			if err != nil || string(got.Content) != string(prov.Content) || disclosure.Hash(got.Content) != got.ContentHash {
				t.Errorf("disclosure %+v, %v", got, err)
			}
			if _, err := tx.Disclosure(f.cw.OrgID, "another-client", prov.ID); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("another client's id: %v, want NotFound", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Another municipality sees nothing of it.
		_ = f.env.DB.InOrgTx(ctx, f.other, func(tx *store.Tx) error {
			if _, err := tx.Disclosure(f.other, f.clientID, prov.ID); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("another municipality read the disclosure: %v", err)
			}
			if got, err := tx.ReceivedDisclosures(f.other); err != nil || len(got) != 0 {
				t.Errorf("another municipality received %d, %v", len(got), err)
			}
			return nil
		})
		// The recipient reads its copy; the other provider nothing.
		_ = f.env.DB.InOrgTx(ctx, f.prov, func(tx *store.Tx) error {
			list, err := tx.ReceivedDisclosures(f.prov)
			if err != nil || len(list) != 1 || list[0].ID != prov.ID || list[0].Recipient != "" || list[0].Content != nil {
				t.Errorf("received %+v, %v", list, err)
			}
			got, err := tx.ReceivedDisclosure(f.prov, prov.ID)
			if err != nil || string(got.Content) != string(prov.Content) {
				t.Errorf("received disclosure %+v, %v", got, err)
			}
			if _, err := tx.ReceivedDisclosure(f.prov, auth.ID); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("provider read a disclosure to an authority: %v", err)
			}
			return nil
		})
		_ = f.env.DB.InOrgTx(ctx, f.prov2, func(tx *store.Tx) error {
			if list, err := tx.ReceivedDisclosures(f.prov2); err != nil || len(list) != 0 {
				t.Errorf("other provider received %d, %v", len(list), err)
			}
			if _, err := tx.ReceivedDisclosure(f.prov2, prov.ID); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("other provider read the package: %v", err)
			}
			return nil
		})
	})
}

// Recording refuses content that does not match its hash and a
// disclosure in another organisation's name.
func TestDisclosureInsertChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := newDisclosureFixture(t, engine)
		content, hash, _ := disclosure.Seal(map[string]string{"names": "x"})
		base := disclosure.Disclosure{ID: store.NewID(), ClientID: f.clientID, Kind: disclosure.KindProvider, RecipientOrgID: f.prov,
			Basis: disclosure.BasisIntegrationAct86, Items: []string{"names"}, Content: content, ContentHash: hash,
			Channel: disclosure.ChannelKoto, DisclosedBy: f.cw.UserID, DisclosedUsername: "ohjaaja", CreatedAt: time.Now()}
		forged := base
		forged.Content = []byte(`{"names":"y"}`)
		otherOrg := base
		otherOrg.OrgID = f.other
		for name, d := range map[string]disclosure.Disclosure{"hash": forged, "org": otherOrg} {
			err := f.env.DB.InOrgTx(context.Background(), f.cw.OrgID, func(tx *store.Tx) error { return tx.InsertDisclosure(f.cw.OrgID, &d) })
			if err == nil {
				t.Errorf("%s: recorded", name)
			}
		}
	})
}

// Disclosures are never edited or deleted, also not by a database writer
// with the application's rights; on PostgreSQL a recipient cannot insert
// in the holder's name, and sees only the rows addressed to it.
func TestDisclosuresNeverEditedInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := newDisclosureFixture(t, engine)
		d := f.record(t, disclosure.Disclosure{Kind: disclosure.KindProvider, RecipientOrgID: f.prov, Basis: disclosure.BasisIntegrationAct86,
			Items: []string{"names"}, Channel: disclosure.ChannelKoto}, map[string]string{"names": "Luovutus Testi"})
		run := func(orgID, q string) error {
			tx, err := f.env.DB.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			if engine == "postgres" {
				for _, s := range []string{`SET LOCAL ROLE koto_app`, `SELECT set_config('koto.org_id', '` + orgID + `', true)`} {
					if _, err := tx.Exec(s); err != nil {
						t.Fatal(err)
					}
				}
			}
			_, err = tx.Exec(q)
			return err
		}
		for _, q := range []string{
			`UPDATE disclosures SET content_hash = 'sha256:00' WHERE id = '` + d.ID + `'`,
			`UPDATE disclosures SET recipient_org_id = '` + f.prov2 + `'`,
			`DELETE FROM disclosures WHERE id = '` + d.ID + `'`,
		} {
			if err := run(f.cw.OrgID, q); err == nil {
				t.Errorf("%s: allowed", q)
			}
		}
		if engine == "postgres" {
			// The recipient may read its row but not write one for the holder.
			q := `INSERT INTO disclosures (id, org_id, client_id, kind, basis, items, content_enc, content_hash, channel, disclosed_by, disclosed_username, created_at)
				VALUES ('forged', '` + f.cw.OrgID + `', '` + f.clientID + `', 'provider', 'consent', '[]', '\x00', 'sha256:00', 'koto', 'x', 'x', now())`
			if err := run(f.prov, q); err == nil {
				t.Error("a recipient inserted a disclosure in the holder's name")
			}
			count := func(orgID string) int {
				tx, _ := f.env.DB.SQL().Begin()
				defer tx.Rollback()
				_, _ = tx.Exec(`SET LOCAL ROLE koto_app`)
				_, _ = tx.Exec(`SELECT set_config('koto.org_id', '` + orgID + `', true)`)
				var n int
				if err := tx.QueryRow(`SELECT COUNT(*) FROM disclosures`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := count(f.prov); n != 1 {
				t.Errorf("recipient sees %d rows, want its 1", n)
			}
			for _, org := range []string{f.prov2, f.other} {
				if n := count(org); n != 0 {
					t.Errorf("organisation %s sees %d rows", org, n)
				}
			}
		}
		got := disclosure.Disclosure{}
		err := f.env.DB.InOrgTx(context.Background(), f.cw.OrgID, func(tx *store.Tx) error {
			var err error
			got, err = tx.Disclosure(f.cw.OrgID, f.clientID, d.ID)
			return err
		})
		if err != nil || got.ContentHash != d.ContentHash || got.RecipientOrgID != f.prov {
			t.Errorf("after the attempts: %+v, %v", got, err)
		}
	})
}
