package consent_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/note"
	"koto/internal/referral"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env                 *testenv.Env
	cw, foreign         access.Actor
	clientID, foreignID string
	today               civil.Date
}

func setup(t *testing.T, engine string) fixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "091")
	f := fixture{env: env, cw: env.AddUser(t, "240", "ohjaaja", access.Caseworker),
		foreign: env.AddUser(t, "091", "vieras", access.Caseworker, access.Supervisor),
		today:   civil.DateOf(time.Now().In(civil.Helsinki))}
	mk := func(actor access.Actor, last string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: "Suostumus", LastName: last, BirthDate: civil.Date{Year: 1991, Month: 4, Day: 5}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID, f.foreignID = mk(f.cw, "Asiakas"), mk(f.foreign, "Vieras")
	return f
}

// endService ends the client's integration services some days ago.
func (f fixture) endService(t *testing.T) {
	t.Helper()
	end := civil.DateOf(time.Now().In(civil.Helsinki).AddDate(0, 0, -10))
	if _, err := f.env.Clients.Update(ctx, f.cw, f.clientID, 0, func(d *client.Details, _ bool) error {
		d.ServiceEnd, d.ServiceEndReason = end, client.ReasonEmployed
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// A consent is given, read back with its scope sealed at rest, withdrawn
// once (a second withdrawal is a conflict), and never changed in place.
func TestConsentGivenAndWithdrawn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, err := f.env.Consents.Give(ctx, f.cw, f.clientID, consent.Input{Type: consent.DisclosureNamedParty,
			Scope: "Kansanopisto, opettaja Virtanen", Given: f.today.String(), Channel: "paper"})
		if err != nil {
			t.Fatal(err)
		}
		if c.TextVersion != consent.CurrentVersion() || c.Recorder != "ohjaaja" || !c.ActiveOn(f.today) {
			t.Errorf("given %+v", c)
		}
		var enc []byte
		if err := f.env.DB.SQL().QueryRow(`SELECT scope_enc FROM consents WHERE id = '` + c.ID + `'`).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if len(enc) == 0 || bytes.Contains(enc, []byte("Virtanen")) {
			t.Error("consent scope stored in the clear")
		}
		ok, err := f.activeParty(t, "kansanopisto, opettaja virtanen")
		if err != nil || !ok {
			t.Fatalf("active for the named party: %v %v", ok, err)
		}
		got, err := f.env.Consents.Withdraw(ctx, f.cw, f.clientID, c.ID, consent.WithdrawalInput{Channel: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		if got.Withdrawal == nil || got.Withdrawal.Date != f.today || got.ActiveOn(f.today) {
			t.Errorf("withdrawn %+v", got.Withdrawal)
		}
		if ok, _ := f.activeParty(t, "Kansanopisto, opettaja Virtanen"); ok {
			t.Error("a withdrawn consent is still active")
		}
		if _, err := f.env.Consents.Withdraw(ctx, f.cw, f.clientID, c.ID, consent.WithdrawalInput{}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second withdrawal: %v", err)
		}
		list, err := f.env.Consents.List(ctx, f.cw, f.clientID)
		if err != nil || len(list) != 1 || list[0].Scope != c.Scope || list[0].Withdrawal == nil || list[0].Withdrawal.Channel != "phone" {
			t.Fatalf("list %+v %v", list, err)
		}
		if engine == "sqlite" { // PostgreSQL refuses through the grants of koto_app (rls_test)
			if _, err := f.env.DB.SQL().Exec(`UPDATE consents SET consent_type = 'e-service' WHERE id = '` + c.ID + `'`); err == nil {
				t.Error("a consent was edited in place")
			}
			if _, err := f.env.DB.SQL().Exec(`DELETE FROM consent_withdrawals`); err == nil {
				t.Error("a withdrawal was deleted")
			}
		}
	})
}

func (f fixture) activeParty(t *testing.T, party string) (bool, error) {
	t.Helper()
	var ok bool
	err := f.env.DB.InOrgTx(ctx, f.cw.OrgID, func(tx *store.Tx) error {
		var err error
		ok, err = consent.Active(tx, f.cw.OrgID, f.clientID, consent.DisclosureNamedParty, party, f.today)
		return err
	})
	return ok, err
}

// Another organisation's client, and a consent of another client, are
// not found, exactly like missing ones.
func TestConsentOtherOrganisationNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		fc, err := f.env.Consents.Give(ctx, f.foreign, f.foreignID, consent.Input{Type: consent.EService, Given: f.today.String()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.env.Consents.List(ctx, f.cw, f.foreignID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("list: %v", err)
		}
		if _, err := f.env.Consents.Give(ctx, f.cw, f.foreignID, consent.Input{Type: consent.EService, Given: f.today.String()}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("give: %v", err)
		}
		if _, err := f.env.Consents.Withdraw(ctx, f.cw, f.clientID, fc.ID, consent.WithdrawalInput{}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("withdraw another client's consent: %v", err)
		}
		if _, err := f.env.Consents.Withdraw(ctx, f.cw, f.foreignID, fc.ID, consent.WithdrawalInput{}); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("withdraw: %v", err)
		}
	})
}

// The attack: casework on a client whose integration period has ended,
// without the client's consent. Every casework service is refused until
// the consent is given, and again at once after its withdrawal.
func TestCaseworkAfterIntegrationPeriodNeedsConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		f.env.AddProvider(t, "opisto", "Kansanopisto")
		f.endService(t)
		day := f.today.String()
		work := map[string]func() error{
			"note": func() error {
				_, err := f.env.Notes.Create(ctx, f.cw, f.clientID, note.Input{Type: "phone", Date: day, Text: "Puhelu."})
				return err
			},
			"assessment": func() error {
				_, err := f.env.Assessments.Create(ctx, f.cw, f.clientID, assessment.Assessment{Kind: assessment.KindBasic, Date: f.today})
				return err
			},
			"referral": func() error {
				_, err := f.env.Referrals.Create(ctx, f.cw, f.clientID, referral.NewReferral{Provider: "opisto", Service: "self-study", Date: f.today})
				return err
			},
		}
		refused := func(stage string) {
			for name, do := range work {
				if err := do(); !consent.IsConsentRequired(err) || !apperr.Is(err, apperr.Conflict) {
					t.Errorf("%s: %s without consent: %v", stage, name, err)
				}
			}
		}
		refused("service ended")
		c, err := f.env.Consents.Give(ctx, f.cw, f.clientID, consent.Input{Type: consent.AfterIntegrationPeriod, Given: day, Channel: "in-person"})
		if err != nil {
			t.Fatal(err)
		}
		for name, do := range work {
			if err := do(); err != nil {
				t.Errorf("%s with consent: %v", name, err)
			}
		}
		if _, err := f.env.Consents.Withdraw(ctx, f.cw, f.clientID, c.ID, consent.WithdrawalInput{}); err != nil {
			t.Fatal(err)
		}
		refused("withdrawn")
		// Reading stays possible: the rule is about processing, and the
		// client's right of access does not end with the service.
		if _, err := f.env.Notes.List(ctx, f.cw, f.clientID, ""); err != nil {
			t.Errorf("read after withdrawal: %v", err)
		}
	})
}
