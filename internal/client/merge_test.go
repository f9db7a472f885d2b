package client_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/store/storetest"
)

func bornOn(first, last string, d civil.Date) client.Details {
	return client.Details{FirstNames: first, LastName: last, BirthDate: d}
}

// The duplicate warning uses the name search's keys and the birth date:
// another spelling of the same name on the same day is flagged, on create
// and on an edit; another day is not.
func TestDuplicatesBySearchKeys(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		day := civil.Date{Year: 1988, Month: 7, Day: 2}
		first, _, err := f.env.Clients.Create(ctx, f.caseworker, bornOn("Muhammad", "Hassan", day), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			d     client.Details
			flags bool
		}{
			{"other spelling, same day", bornOn("Mohammed", "Hasan", day), true},
			{"typo and a middle name, same day", bornOn("Muhamad Ali", "Hassan", day), true},
			{"other spelling, other day", bornOn("Mohammed", "Hasan", civil.Date{Year: 1988, Month: 7, Day: 3}), false},
			{"other person, same day", bornOn("Olga", "Petrova", day), false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, dups, err := f.env.Clients.Create(ctx, f.caseworker, tt.d, client.CreateOptions{})
				if err != nil {
					t.Fatal(err)
				}
				if got := slices.ContainsFunc(dups, func(s client.Summary) bool { return s.ID == first.ID }); got != tt.flags {
					t.Errorf("flagged %v (%v), want %v", got, dups, tt.flags)
				}
			})
		}
		// An edit that makes a record look like another is warned too.
		c, _, err := f.env.Clients.Create(ctx, f.caseworker, bornOn("Muhammed", "Hassan", civil.Date{Year: 1970, Month: 1, Day: 1}), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, dups, err := f.env.Clients.UpdateChecked(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error { d.BirthDate = day; return nil })
		if err != nil || !slices.ContainsFunc(dups, func(s client.Summary) bool { return s.ID == first.ID }) {
			t.Errorf("edit to the same birth date: dups %v, %v", dups, err)
		}
		_, dups, err = f.env.Clients.UpdateChecked(ctx, f.caseworker, c.ID, 0, func(d *client.Details, _ bool) error { d.Phone = "+358 40 1"; return nil })
		if err != nil || len(dups) != 0 {
			t.Errorf("an edit of the phone warns: %v %v", dups, err)
		}
	})
}

type mergeFixture struct {
	fixture
	second      access.Actor // another supervisor
	withHETU    client.Client
	withoutHETU client.Client
	hetu        string
}

func mergeSetup(t *testing.T, engine string) mergeFixture {
	f := mergeFixture{fixture: setup(t, engine)}
	f.second = f.env.AddUser(t, "240", "sanna.esihenkilo", access.Supervisor)
	f.hetu = testHETU(t, 1990, 3, 15, 913)
	var err error
	if f.withHETU, _, err = f.env.Clients.Create(ctx, f.supervisor, details(f.hetu, "Muhammad", "Hassan"), client.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	d := bornOn("Mohammed", "Hasan", civil.Date{Year: 1990, Month: 3, Day: 15})
	d.Phone, d.Email = "+358 40 765 4321", "m.hasan@example.invalid"
	// The caseworker registered the person again without a HETU and is
	// responsible for that record.
	if f.withoutHETU, _, err = f.env.Clients.Create(ctx, f.caseworker, d, client.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestMergeUndoAndConfirm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := mergeSetup(t, engine)
		a, b := f.withHETU, f.withoutHETU
		before, err := f.env.Clients.Get(ctx, f.supervisor, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		p, err := f.env.Clients.PreviewMerge(ctx, f.supervisor, a.ID, b.ID)
		if err != nil || !slices.Equal(p.Conflicts, []string{"name"}) || p.Default != client.SideSurvivor || p.Result.Phone != b.Phone {
			t.Fatalf("preview %+v %v", p, err)
		}
		if _, err := f.env.Clients.MergeClients(ctx, f.supervisor, a.ID, b.ID, nil); err != nil {
			t.Fatal(err)
		}
		merged, err := f.env.Clients.Get(ctx, f.supervisor, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if merged.ID != a.ID || merged.HETU != f.hetu || merged.Phone != b.Phone || merged.Email != b.Email ||
			merged.FirstNames != "Muhammad" || !slices.Contains(merged.PreviousNames, "Mohammed Hasan") {
			t.Errorf("merged details %+v", merged.Details)
		}
		var me *client.MergedError
		if _, err := f.env.Clients.Get(ctx, f.supervisor, b.ID); !errors.As(err, &me) || me.SurvivorID != a.ID || !apperr.Is(err, apperr.NotFound) {
			t.Errorf("the merged record: want MergedError naming the survivor, got %v", err)
		}
		// Hidden from the list and from search; the caseworker responsible
		// for the merged record is responsible for the survivor.
		if page, err := f.env.Clients.List(ctx, f.supervisor, client.ListFilter{}); err != nil || page.Total != 1 {
			t.Errorf("list after merge: %d, %v", page.Total, err)
		}
		if found, err := f.env.Clients.Search(ctx, f.supervisor, client.SearchQuery{Name: "Hasan"}); err != nil || len(found) != 1 || found[0].ID != a.ID {
			t.Errorf("search after merge: %v %v", found, err)
		}
		if _, err := f.env.Clients.Get(ctx, f.caseworker, a.ID); err != nil {
			t.Errorf("the merged record's caseworker cannot open the survivor: %v", err)
		}
		card, err := f.env.Clients.Card(ctx, f.supervisor, a.ID)
		if err != nil || card.OpenMerge == nil || card.OpenMerge.MergedKotoID != b.KotoID || card.OpenMerge.MergedByName != f.supervisor.Username {
			t.Fatalf("card's open merge %+v %v", card.OpenMerge, err)
		}
		// Both histories and both logs are read from the survivor.
		hist, err := f.env.Clients.History(ctx, f.supervisor, a.ID)
		if err != nil || !slices.ContainsFunc(hist, func(c client.Change) bool { return c.Field == "merge" && c.NewValue == b.KotoID }) {
			t.Errorf("history %v %v", hist, err)
		}
		log, err := f.env.Clients.AccessLog(ctx, f.supervisor, a.ID)
		if err != nil || !slices.ContainsFunc(log, func(e client.LogItem) bool { return e.ClientID == b.ID && e.Action == "client.create" }) {
			t.Errorf("the merged record's log is not shown with the survivor's: %v", err)
		}

		// Undo restores both records.
		if err := f.env.Clients.UndoMerge(ctx, f.supervisor, a.ID); err != nil {
			t.Fatal(err)
		}
		after, err := f.env.Clients.Get(ctx, f.supervisor, a.ID)
		if err != nil || !sameDetails(after.Details, before.Details) {
			t.Errorf("survivor after undo %+v, want %+v (%v)", after.Details, before.Details, err)
		}
		back, err := f.env.Clients.Get(ctx, f.caseworker, b.ID)
		if err != nil || back.Phone != b.Phone || back.HETU != "" {
			t.Errorf("merged record after undo %+v %v", back, err)
		}
		if _, err := f.env.Clients.Get(ctx, f.caseworker, a.ID); !gate.IsReasonRequired(err) {
			t.Errorf("the caseworker kept the survivor after undo: %v", err)
		}
		if found, err := f.env.Clients.Search(ctx, f.supervisor, client.SearchQuery{Name: "Mohammed Hasan"}); err != nil || !slices.ContainsFunc(found, func(s client.Summary) bool { return s.ID == b.ID }) {
			t.Errorf("search after undo: %v %v", found, err)
		}

		// Merge again; the merger cannot confirm, another supervisor can;
		// a confirmed merge cannot be undone.
		if _, err := f.env.Clients.MergeClients(ctx, f.supervisor, a.ID, b.ID, map[string]client.Side{"name": client.SideMerged}); err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.ConfirmMerge(ctx, f.supervisor, a.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("own merge confirmed: %v", err)
		}
		if err := f.env.Clients.ConfirmMerge(ctx, f.second, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.env.Clients.UndoMerge(ctx, f.second, a.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("undo after confirm: %v", err)
		}
		final, err := f.env.Clients.Get(ctx, f.second, a.ID)
		if err != nil || final.FirstNames != "Mohammed" || final.HETU != f.hetu {
			t.Errorf("after confirm %+v %v", final.Details, err)
		}
	})
}

func sameDetails(a, b client.Details) bool {
	return a.HETU == b.HETU && a.FirstNames == b.FirstNames && a.LastName == b.LastName && a.Phone == b.Phone &&
		a.Email == b.Email && slices.Equal(a.PreviousNames, b.PreviousNames) && len(a.Permits) == len(b.Permits) && a.BirthDate == b.BirthDate
}

// Only supervisors merge; another organisation's record is not found, and
// the attempt is in both organisations' logs.
func TestMergeRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := mergeSetup(t, engine)
		a, b := f.withHETU, f.withoutHETU
		if _, err := f.env.Clients.MergeClients(ctx, f.caseworker, b.ID, a.ID, nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("caseworker merged: %v", err)
		}
		foreign, _, err := f.env.Clients.Create(ctx, f.otherOrg, bornOn("Mohammed", "Hasan", civil.Date{Year: 1990, Month: 3, Day: 15}), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.PreviewMerge(ctx, f.supervisor, a.ID, foreign.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("preview with another organisation's record: %v", err)
		}
		if _, err := f.env.Clients.MergeClients(ctx, f.supervisor, a.ID, foreign.ID, nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("merge with another organisation's record: %v", err)
		}
		if got, _ := f.env.Clients.Get(ctx, f.supervisor, a.ID); got.Phone != "" {
			t.Error("the refused merge changed the survivor")
		}
		// The holder sees the attempt; the own log says it was refused.
		holder := f.env.AddUser(t, "430", "liisa.esihenkilo", access.Supervisor)
		log, err := f.env.Clients.AccessLog(ctx, holder, foreign.ID)
		if err != nil {
			t.Fatal(err)
		}
		tried := 0
		for _, e := range log {
			if e.Username == f.supervisor.Username && e.Result == audit.Denied && strings.Contains(e.Touched, "other_organisation") {
				tried++
			}
		}
		if tried != 2 {
			t.Errorf("holder's log shows %d merge attempts, want 2", tried)
		}
		own, err := f.env.Clients.AccessLog(ctx, f.supervisor, a.ID)
		if err != nil || !slices.ContainsFunc(own, func(e client.LogItem) bool {
			return e.Action == string(access.ClientMerge) && e.Result == audit.Denied && strings.HasSuffix(e.Touched, ":refused")
		}) {
			t.Errorf("the survivor's log does not show the refused merge: %v", err)
		}
		// Records that cannot be merged.
		if _, err := f.env.Clients.MergeClients(ctx, f.supervisor, a.ID, a.ID, nil); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("merge with itself: %v", err)
		}
		other, _, err := f.env.Clients.Create(ctx, f.supervisor, details(testHETU(t, 1990, 3, 15, 915), "Muhammad", "Hassan"), client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Clients.MergeClients(ctx, f.supervisor, a.ID, other.ID, nil); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("two HETUs merged: %v", err)
		}
		if err := f.env.Clients.ConfirmMerge(ctx, f.second, a.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("confirm without a merge: %v", err)
		}
	})
}

// Setting a HETU another record holds is a 409 that names the holder, so
// the UI can offer the merge.
func TestHETUTakenOffersMerge(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := mergeSetup(t, engine)
		_, err := f.env.Clients.Update(ctx, f.caseworker, f.withoutHETU.ID, 0, func(d *client.Details, _ bool) error { d.HETU = f.hetu; return nil })
		var taken *client.HETUTakenError
		if !errors.As(err, &taken) || taken.Holder != f.withHETU.ID || !apperr.Is(err, apperr.Conflict) {
			t.Errorf("want HETUTakenError naming the holder, got %v", err)
		}
	})
}
