package handover_test

import (
	"testing"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/handover"
	"koto/internal/store/storetest"
)

// Kemi requests a transfer to Tornio; Oulu, a third municipality, can
// neither see nor accept it; Tornio cannot read the client before it
// accepts; on acceptance the client opens in Tornio with its history,
// Kemi's record shows the service ended and both sides have their record
// of it. A second acceptance is a conflict.
func TestTransferAccepted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := setup(t, engine)
		if _, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "240"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("transfer to the own municipality: %v", err)
		}
		if _, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "P1"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("transfer to a provider: %v", err)
		}
		if _, err := w.env.Handover.Request(ctx, w.kemiCW, w.clientID, "851"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("caseworker request: %v", err)
		}
		tr, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "851")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "564"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second open request: %v", err)
		}
		// The third municipality sees nothing and cannot decide.
		if list, err := w.env.Handover.Transfers(ctx, w.oulu); err != nil || len(list) != 0 {
			t.Errorf("Oulu's transfers %+v %v", list, err)
		}
		if _, err := w.env.Handover.Transfer(ctx, w.oulu, tr.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Oulu reads the request: %v", err)
		}
		if _, err := w.env.Handover.Accept(ctx, w.oulu, tr.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Oulu accepts: %v", err)
		}
		if _, err := w.env.Handover.Refuse(ctx, w.oulu, tr.ID, "other"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Oulu refuses: %v", err)
		}
		// The sender cannot accept its own request.
		if _, err := w.env.Handover.Accept(ctx, w.kemi, tr.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("sender accepts: %v", err)
		}
		// Tornio sees the request without the person, and not the client.
		in, err := w.env.Handover.Transfers(ctx, w.tornio)
		if err != nil || len(in) != 1 || in[0].ClientID != "" || in[0].FromName == "" || in[0].Status != handover.Requested {
			t.Fatalf("Tornio's transfers %+v %v", in, err)
		}
		if _, err := w.env.Clients.Get(ctx, w.tornio, w.clientID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Tornio reads the client before accepting: %v", err)
		}
		done, err := w.env.Handover.Accept(ctx, w.tornio, tr.ID)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != handover.Accepted || done.NewClientID == "" || done.DisclosureID == "" {
			t.Fatalf("accepted %+v", done)
		}
		if _, err := w.env.Handover.Accept(ctx, w.tornio, tr.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("second acceptance: %v", err)
		}
		c, err := w.env.Clients.Get(ctx, w.tornio, done.NewClientID)
		if err != nil || c.HETU != w.hetu || c.Ended() {
			t.Errorf("Tornio's client %+v %v", c, err)
		}
		if plans, err := w.env.Plans.List(ctx, w.tornio, done.NewClientID); err != nil || len(plans) != 1 {
			t.Errorf("Tornio's plans %+v %v", plans, err)
		}
		old, err := w.env.Clients.Get(ctx, w.kemi, w.clientID)
		if err != nil || !old.Ended() || old.ServiceEndReason != client.ReasonMovedAway {
			t.Errorf("Kemi's client after the transfer: %+v %v", old.Ending, err)
		}
		// Kemi's disclosure of kind transfer to Tornio; Tornio's receipt.
		var kind, to string
		if err := w.env.DB.SQL().QueryRow(`SELECT kind, recipient_org_id FROM disclosures WHERE id = '`+done.DisclosureID+`' AND org_id = '`+w.kemi.OrgID+`'`).Scan(&kind, &to); err != nil || kind != disclosure.KindTransfer || to != w.tornio.OrgID {
			t.Errorf("disclosure %s %s %v", kind, to, err)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM handover_receipts WHERE org_id = '`+w.tornio.OrgID+`' AND transfer_id = '`+tr.ID+`'`); n != 1 {
			t.Errorf("%d receipts in Tornio", n)
		}
		// Both logs name the acceptance.
		for _, chain := range []string{w.kemi.OrgID, w.tornio.OrgID} {
			if n := count(t, w, `SELECT COUNT(*) FROM audit_entries WHERE chain = '`+chain+`' AND action = 'transfer.decide' AND result = 'allowed'`); n != 1 {
				t.Errorf("chain %s: %d transfer.decide entries", chain, n)
			}
		}
	})
}

// A refusal needs a reason from the list, is final, and moves nothing.
func TestTransferRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := setup(t, engine)
		tr, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "851")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.env.Handover.Refuse(ctx, w.tornio, tr.ID, "because"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("unknown reason: %v", err)
		}
		got, err := w.env.Handover.Refuse(ctx, w.tornio, tr.ID, "not-resident")
		if err != nil || got.Status != handover.Refused {
			t.Fatalf("refuse %+v %v", got, err)
		}
		if _, err := w.env.Handover.Accept(ctx, w.tornio, tr.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("accept after refusal: %v", err)
		}
		if n := count(t, w, `SELECT COUNT(*) FROM clients WHERE org_id = '`+w.tornio.OrgID+`'`); n != 0 {
			t.Errorf("refusal moved %d clients", n)
		}
		out, err := w.env.Handover.Transfers(ctx, w.kemi)
		if err != nil || len(out) != 1 || out[0].RefusalReason != "not-resident" || out[0].ClientID != w.clientID {
			t.Errorf("Kemi's transfers %+v %v", out, err)
		}
		// A new request may follow a refusal.
		if _, err := w.env.Handover.Request(ctx, w.kemi, w.clientID, "851"); err != nil {
			t.Errorf("request after refusal: %v", err)
		}
	})
}
