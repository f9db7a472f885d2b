package subjectrequest_test

import (
	"context"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/retention"
	"koto/internal/store/storetest"
	"koto/internal/subjectrequest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env                          *testenv.Env
	dpo, cw, stranger, sup, fdpo access.Actor
	clientID, foreignID          string
	today                        civil.Date
}

// setup makes municipality 240 with a DPO, a responsible caseworker, a
// caseworker without need-to-know and a supervisor, and municipality 091
// with a DPO and a client of its own.
func setup(t *testing.T, engine string) fixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "091")
	f := fixture{env: env,
		dpo:      env.AddUser(t, "240", "tietosuoja", access.DPO),
		cw:       env.AddUser(t, "240", "ohjaaja", access.Caseworker),
		stranger: env.AddUser(t, "240", "toinen", access.Caseworker),
		sup:      env.AddUser(t, "240", "esihenkilo", access.Supervisor),
		fdpo:     env.AddUser(t, "091", "vieras.tietosuoja", access.DPO, access.Supervisor),
		today:    subjectrequest.Today(time.Now())}
	mk := func(actor access.Actor, last string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: "Rekisteröity", LastName: last,
			BirthDate: civil.Date{Year: 1990, Month: 5, Day: 6}, ServiceLanguage: "sv"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID, f.foreignID = mk(f.cw, "Asiakas"), mk(f.fdpo, "Vieras")
	return f
}

func (f fixture) register(t *testing.T, kind string) subjectrequest.Request {
	t.Helper()
	r, err := f.env.SubjectRequests.Register(ctx, f.dpo, f.clientID, subjectrequest.Input{Kind: kind, Channel: "letter",
		Received: f.today.String(), Details: "Pyydän tietojani."})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func kindKey(err error) (apperr.Kind, string) {
	ae, ok := apperr.As(err)
	if !ok {
		return apperr.Internal, ""
	}
	return ae.Kind, ae.Key
}

func TestRequestWorkflow(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := setup(t, engine)
			svc := f.env.SubjectRequests
			r := f.register(t, subjectrequest.KindAccess)
			if r.Language != "sv" || r.Due != subjectrequest.DueDate(f.today) || r.Status != subjectrequest.StatusReceived {
				t.Fatalf("registered: %+v", r)
			}
			// Only the DPO registers and decides.
			for _, a := range []access.Actor{f.cw, f.sup} {
				if _, err := svc.Register(ctx, a, f.clientID, subjectrequest.Input{Kind: "access", Channel: "letter", Received: f.today.String()}); !apperr.Is(err, apperr.NotFound) {
					t.Errorf("%s registered: %v", a.Username, err)
				}
				if _, err := svc.Decide(ctx, a, r.ID, subjectrequest.DecisionInput{Decision: subjectrequest.Granted}); !apperr.Is(err, apperr.Forbidden) {
					t.Errorf("%s decided: %v", a.Username, err)
				}
				if _, err := svc.List(ctx, a, subjectrequest.Filter{}); !apperr.Is(err, apperr.Forbidden) {
					t.Errorf("%s listed: %v", a.Username, err)
				}
			}
			// Another organisation's DPO: not found, for reading and acting.
			if _, err := svc.Get(ctx, f.fdpo, r.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("foreign DPO read the request: %v", err)
			}
			if _, err := svc.Verify(ctx, f.fdpo, r.ID, "id_document"); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("foreign DPO verified: %v", err)
			}
			if _, err := svc.Register(ctx, f.fdpo, f.clientID, subjectrequest.Input{Kind: "access", Channel: "letter", Received: f.today.String()}); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("foreign DPO registered on our client: %v", err)
			}
			// No decision before the identity is verified.
			if _, err := svc.Decide(ctx, f.dpo, r.ID, subjectrequest.DecisionInput{Decision: subjectrequest.Granted}); func() bool {
				k, key := kindKey(err)
				return k != apperr.Conflict || key != "subjectrequest.identity_first"
			}() {
				t.Fatalf("decision before identity: %v", err)
			}
			if _, err := svc.Verify(ctx, f.dpo, r.ID, "strong_auth"); err != nil {
				t.Fatal(err)
			}
			// An extension beyond three months is refused; within, kept.
			max := subjectrequest.MaxDue(f.today)
			_, err := svc.Extend(ctx, f.dpo, r.ID, subjectrequest.ExtensionInput{Until: civilAdd(max, 1).String(), Reason: "Laaja", Informed: f.today.String()})
			if k, _ := kindKey(err); k != apperr.Invalid {
				t.Errorf("extension beyond 3 months: %v", err)
			}
			if _, err := svc.Extend(ctx, f.dpo, r.ID, subjectrequest.ExtensionInput{Until: max.String(), Reason: "Laaja", Informed: f.today.String()}); err != nil {
				t.Errorf("extension: %v", err)
			}
			if _, err := svc.Deliver(ctx, f.dpo, r.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Decide(ctx, f.dpo, r.ID, subjectrequest.DecisionInput{Decision: subjectrequest.Granted}); err != nil {
				t.Fatal(err)
			}
			v, err := svc.Get(ctx, f.dpo, r.ID)
			if err != nil || v.Status != subjectrequest.StatusCompleted || v.DeliveredAt.IsZero() || v.Details != "Pyydän tietojani." ||
				v.ExtensionReason != "Laaja" || v.Extended != max || v.IdentityMethod != "strong_auth" || v.Controller == "" {
				t.Fatalf("completed request: %v %+v", err, v)
			}
			// The request is part of the person's access report.
			rep, err := f.env.Subjects.Export(ctx, f.dpo, f.clientID)
			if err != nil || len(rep.SubjectRequests) != 1 || rep.SubjectRequests[0].Details != "Pyydän tietojani." {
				t.Errorf("access report: %v %+v", err, rep.SubjectRequests)
			}
			list, err := svc.List(ctx, f.dpo, subjectrequest.Filter{Status: "open"})
			if err != nil || len(list) != 0 {
				t.Errorf("open list: %v %+v", err, list)
			}
		})
	}
}

func civilAdd(d civil.Date, days int) civil.Date { return civil.DateOf(d.Time().AddDate(0, 0, days)) }

func TestErasureRequest(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := setup(t, engine)
			svc := f.env.SubjectRequests
			access_ := f.register(t, subjectrequest.KindAccess)
			e := f.register(t, subjectrequest.KindErasure)
			for _, id := range []string{access_.ID, e.ID} {
				if _, err := svc.Verify(ctx, f.dpo, id, "id_document"); err != nil {
					t.Fatal(err)
				}
			}
			rs := f.env.DB.Retention()
			// The erasure path refuses a request of another kind, even forged.
			forged := access_
			forged.Kind, forged.Status = subjectrequest.KindErasure, subjectrequest.StatusCompleted
			if err := rs.EraseForSubjectRequest(ctx, f.dpo, forged); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("erasure through an access request: %v", err)
			}
			// A caseworker, and another organisation's DPO, never erase.
			if err := rs.EraseForSubjectRequest(ctx, f.cw, e); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("a caseworker erased: %v", err)
			}
			if err := rs.EraseForSubjectRequest(ctx, f.fdpo, e); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("a foreign DPO erased: %v", err)
			}
			// The DPO still may not erase directly.
			if err := rs.EraseClient(ctx, f.dpo, f.clientID, "x"); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("the DPO erased outside a request: %v", err)
			}
			// A partial grant of an erasure is not possible.
			if _, err := svc.Decide(ctx, f.dpo, e.ID, subjectrequest.DecisionInput{Decision: subjectrequest.PartlyGranted, Reason: "x"}); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("partial erasure: %v", err)
			}
			// A legal hold blocks the erasure with a clear message.
			if err := rs.SetRetentionHold(ctx, f.dpo, retention.Hold{ClientID: f.clientID, Reason: "KHO 123/2025"}); err != nil {
				t.Fatal(err)
			}
			_, err := svc.Decide(ctx, f.dpo, e.ID, subjectrequest.DecisionInput{Decision: subjectrequest.Granted})
			if k, key := kindKey(err); k != apperr.Conflict || key != "retention.erase.on_hold" {
				t.Fatalf("erasure on hold: %v", err)
			}
			if _, err := f.env.Clients.Get(ctx, f.sup, f.clientID); err != nil {
				t.Fatalf("client on hold is gone: %v", err)
			}
			if err := rs.ClearRetentionHold(ctx, f.dpo, f.clientID); err != nil {
				t.Fatal(err)
			}
			done, err := svc.Decide(ctx, f.dpo, e.ID, subjectrequest.DecisionInput{Decision: subjectrequest.Granted})
			if err != nil || !done.Kept || done.Status != subjectrequest.StatusCompleted {
				t.Fatalf("erasure: %v %+v", err, done)
			}
			if _, err := f.env.Clients.Get(ctx, f.sup, f.clientID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("erased client answers %v", err)
			}
			// What remains: the non-personal record of both requests.
			v, err := svc.Get(ctx, f.dpo, e.ID)
			if err != nil || !v.Kept || v.ClientID != "" || v.Details != "" || v.Status != subjectrequest.StatusCompleted ||
				v.Decision != subjectrequest.Granted || v.Kind != subjectrequest.KindErasure || v.Received != f.today {
				t.Fatalf("kept record: %v %+v", err, v)
			}
			list, err := svc.List(ctx, f.dpo, subjectrequest.Filter{})
			if err != nil || len(list) != 2 {
				t.Fatalf("list after erasure: %v %+v", err, list)
			}
			if _, err := svc.Verify(ctx, f.dpo, access_.ID, "other"); !apperr.Is(err, apperr.Conflict) {
				t.Errorf("acted on a kept record: %v", err)
			}
			if _, err := svc.Get(ctx, f.fdpo, e.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("foreign DPO read the kept record: %v", err)
			}
		})
	}
}

func TestObjectionRouting(t *testing.T) {
	for _, engine := range storetest.Engines() {
		t.Run(engine, func(t *testing.T) {
			f := setup(t, engine)
			svc := f.env.SubjectRequests
			o := f.register(t, subjectrequest.KindObjection)
			v, err := svc.Get(ctx, f.dpo, o.ID)
			if err != nil {
				t.Fatal(err)
			}
			names := map[string]bool{}
			for _, h := range v.Handlers {
				names[h.UserID] = true
			}
			if !names[f.sup.UserID] || !names[f.cw.UserID] || names[f.stranger.UserID] || names[f.dpo.UserID] {
				t.Fatalf("handlers: %+v", v.Handlers)
			}
			if _, err := svc.Route(ctx, f.dpo, o.ID, f.stranger.UserID); func() bool { k, _ := kindKey(err); return k != apperr.Invalid }() {
				t.Errorf("routed to a caseworker without the client: %v", err)
			}
			if _, err := svc.Route(ctx, f.dpo, o.ID, f.cw.UserID); err != nil {
				t.Fatal(err)
			}
			mine, err := svc.Routed(ctx, f.cw)
			if err != nil || len(mine) != 1 || mine[0].ID != o.ID || mine[0].ClientName == "" {
				t.Errorf("routed to the caseworker: %v %+v", err, mine)
			}
			if others, err := svc.Routed(ctx, f.sup); err != nil || len(others) != 0 {
				t.Errorf("routed to the supervisor: %v %+v", err, others)
			}
			if _, err := svc.Routed(ctx, f.dpo); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("routed list for the DPO: %v", err)
			}
		})
	}
}
