package authority_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/authority"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/disclosure"
	"koto/internal/gate"
	"koto/internal/note"
	"koto/internal/store"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

type fixture struct {
	env                     *testenv.Env
	cw, stranger, sup, sup2 access.Actor
	foreign                 access.Actor
	clientID, foreignID     string
	today                   string
}

// setup makes municipality 240 with a caseworker (responsible for the
// client), a caseworker without need-to-know and two supervisors, and
// municipality 091 with a client of its own.
func setup(t *testing.T, engine string) fixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "091")
	f := fixture{env: env,
		cw:       env.AddUser(t, "240", "ohjaaja", access.Caseworker),
		stranger: env.AddUser(t, "240", "toinen.ohjaaja", access.Caseworker),
		sup:      env.AddUser(t, "240", "esihenkilo", access.Supervisor),
		sup2:     env.AddUser(t, "240", "esihenkilo2", access.Supervisor),
		foreign:  env.AddUser(t, "091", "vieras", access.Caseworker, access.Supervisor),
		today:    civil.DateOf(time.Now().In(civil.Helsinki)).String()}
	mk := func(actor access.Actor, last, hetu string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: "Pyyntö", LastName: last, HETU: hetu,
			BirthDate: civil.Date{Year: 1990, Month: 5, Day: 6}, Phone: "+358 40 555 0101"}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID, f.foreignID = mk(f.cw, "Asiakas", "060590-942H"), mk(f.foreign, "Vieras", "")
	for _, n := range []note.Input{
		{Type: "phone", Date: f.today, Text: "Tavallinen muistiinpano."},
		{Type: "phone", Date: f.today, Text: "Terveydentilasta: arkaluonteinen.", Sensitive: true},
	} {
		if _, err := env.Notes.Create(ctx, f.cw, f.clientID, n); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f fixture) input() authority.Input {
	return authority.Input{Requester: "Helsingin poliisilaitos, lupapalvelut, rikoskomisario Testi", Provision: "Ulkomaalaislaki 301/2004 130 §",
		Received: f.today, Channel: "secure-email", Items: []string{authority.ItemNotes, authority.ItemCard}}
}

func kindOf(err error) apperr.Kind { return apperr.KindOf(err) }

func keyOf(err error) string {
	if ae, ok := apperr.As(err); ok {
		return ae.Key
	}
	return ""
}

// A caseworker registers a request, another supervisor approves it: the
// chosen parts are recorded as an immutable authority disclosure in the
// same transaction (kind, basis law with the provision, recipient,
// items, the request, a hash over exactly the content), without the
// sensitive note; the decider downloads it; the requester is sealed.
func TestRequestApprovedRecordsDisclosure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		r, err := f.env.Authority.Register(ctx, f.cw, f.clientID, f.input())
		if err != nil {
			t.Fatal(err)
		}
		if r.Status() != authority.StatusOpen || !slices.Equal(r.Items, []string{authority.ItemCard, authority.ItemNotes}) || r.Registrar != "ohjaaja" {
			t.Fatalf("registered %+v", r)
		}
		var enc []byte
		if err := f.env.DB.SQL().QueryRow(`SELECT requester_enc FROM disclosure_requests WHERE id = '` + r.ID + `'`).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if len(enc) == 0 || bytes.Contains(enc, []byte("poliisi")) {
			t.Error("requester stored in the clear")
		}

		r, err = f.env.Authority.Decide(ctx, f.sup, f.clientID, r.ID, authority.DecisionInput{Decision: authority.Approve})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status() != authority.StatusApproved || r.Decision.DisclosureID == "" {
			t.Fatalf("decided %+v", r.Decision)
		}
		d, err := f.env.Authority.Download(ctx, f.sup, f.clientID, r.ID, authority.FormatJSON)
		if err != nil {
			t.Fatal(err)
		}
		dis := d.Disclosure
		if dis.Kind != disclosure.KindAuthority || dis.Basis != disclosure.BasisLaw || dis.BasisDetail != "Ulkomaalaislaki 301/2004 130 §" ||
			dis.Recipient != f.input().Requester || dis.RequestID != r.ID || !slices.Equal(dis.Items, r.Items) ||
			dis.ContentHash != disclosure.Hash(dis.Content) || dis.DisclosedBy != f.sup.UserID {
			t.Fatalf("disclosure %+v", dis)
		}
		var content struct {
			Card  authority.Card   `json:"card"`
			Notes []authority.Note `json:"notes"`
		}
		if err := json.Unmarshal(dis.Content, &content); err != nil {
			t.Fatal(err)
		}
		if content.Card.HETU != "060590-942H" || content.Card.LastName != "Asiakas" || len(content.Notes) != 1 ||
			content.Notes[0].Text != "Tavallinen muistiinpano." {
			t.Errorf("content %s", dis.Content)
		}
		if bytes.Contains(dis.Content, []byte("arkaluonteinen")) {
			t.Error("a sensitive note was disclosed")
		}
		var pdf bytes.Buffer
		if err := authority.WritePDF(&pdf, d, func(k string, _ ...any) string { return k }); err != nil || !bytes.HasPrefix(pdf.Bytes(), []byte("%PDF")) {
			t.Errorf("pdf: %v", err)
		}

		// The disclosure is in the client's log, and the approval, the
		// download and the registration are in the access log.
		err = f.env.DB.InOrgTx(ctx, f.sup.OrgID, func(tx *store.Tx) error {
			log, err := tx.Disclosures(f.sup.OrgID, f.clientID)
			if err != nil {
				return err
			}
			if len(log) != 1 || log[0].ID != dis.ID {
				t.Errorf("disclosure log %+v", log)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, action := range []access.Action{access.DisclosureAuthorityRequest, access.DisclosureAuthorityDecide} {
			var n int
			if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE result = 'allowed' AND action = '` + string(action) + `' AND client_id = '` + f.clientID + `'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("no access-log entry of %s", action)
			}
		}

		// A decided request is decided once: 409, and it stays as decided.
		_, err = f.env.Authority.Decide(ctx, f.sup2, f.clientID, r.ID, authority.DecisionInput{Decision: authority.Refuse, Reason: "Myöhässä."})
		if kindOf(err) != apperr.Conflict || keyOf(err) != "authority.already_decided" {
			t.Errorf("second decision: %v", err)
		}
		// Neither table can be changed in place.
		for _, q := range []string{`UPDATE disclosure_requests SET provision = 'x'`, `DELETE FROM disclosure_requests`,
			`UPDATE disclosure_request_decisions SET outcome = 'refuse'`, `DELETE FROM disclosure_request_decisions`} {
			if engine == "sqlite" {
				if _, err := f.env.DB.SQL().Exec(q); err == nil {
					t.Errorf("%s: allowed", q)
				}
			}
		}
	})
}

// Attacks: the registrar approving their own request (four eyes), a
// caseworker deciding, another organisation's client and request ids, a
// caseworker without need-to-know, a request without its provision, a
// refusal without its reason.
func TestRequestAttacks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		own, err := f.env.Authority.Register(ctx, f.sup, f.clientID, f.input())
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.env.Authority.Decide(ctx, f.sup, f.clientID, own.ID, authority.DecisionInput{Decision: authority.Approve})
		if kindOf(err) != apperr.Forbidden || keyOf(err) != "authority.own_request" {
			t.Errorf("self-approval: %v", err)
		}
		if got, _ := f.env.Authority.Get(ctx, f.sup2, f.clientID, own.ID); got.Decision != nil {
			t.Errorf("self-approval recorded a decision %+v", got.Decision)
		}
		_, err = f.env.Authority.Decide(ctx, f.cw, f.clientID, own.ID, authority.DecisionInput{Decision: authority.Approve})
		if kindOf(err) != apperr.NotFound {
			t.Errorf("caseworker decides: %v", err)
		}

		foreignReq, err := f.env.Authority.Register(ctx, f.foreign, f.foreignID, f.input())
		if err != nil {
			t.Fatal(err)
		}
		for name, call := range map[string]func() error{
			"register on another organisation's client": func() error {
				_, err := f.env.Authority.Register(ctx, f.sup, f.foreignID, f.input())
				return err
			},
			"list another organisation's client": func() error { _, err := f.env.Authority.List(ctx, f.sup, f.foreignID); return err },
			"another organisation's request on the own client": func() error {
				_, err := f.env.Authority.Decide(ctx, f.sup2, f.clientID, foreignReq.ID, authority.DecisionInput{Decision: authority.Approve})
				return err
			},
			"another organisation's request": func() error {
				_, err := f.env.Authority.Decide(ctx, f.sup2, f.foreignID, foreignReq.ID, authority.DecisionInput{Decision: authority.Approve})
				return err
			},
			"download another organisation's request": func() error {
				_, err := f.env.Authority.Download(ctx, f.sup2, f.foreignID, foreignReq.ID, authority.FormatJSON)
				return err
			},
			"download an open request": func() error {
				_, err := f.env.Authority.Download(ctx, f.sup2, f.clientID, own.ID, authority.FormatJSON)
				return err
			},
		} {
			if err := call(); kindOf(err) != apperr.NotFound {
				t.Errorf("%s: %v, want NotFound", name, err)
			}
		}

		_, err = f.env.Authority.Register(ctx, f.stranger, f.clientID, f.input())
		if !gate.IsReasonRequired(err) {
			t.Errorf("caseworker without need-to-know: %v", err)
		}

		in := f.input()
		in.Provision = "  "
		_, err = f.env.Authority.Register(ctx, f.cw, f.clientID, in)
		if kindOf(err) != apperr.Invalid || !hasField(err, "provision", "authority.provision_required") {
			t.Errorf("missing provision: %v", err)
		}
		in = f.input()
		in.Items = []string{"sensitive"}
		if _, err = f.env.Authority.Register(ctx, f.cw, f.clientID, in); !hasField(err, "items", "validation.choice") {
			t.Errorf("sensitive item: %v", err)
		}
		_, err = f.env.Authority.Decide(ctx, f.sup2, f.clientID, own.ID, authority.DecisionInput{Decision: authority.Refuse})
		if !hasField(err, "reason", "authority.reason_required") {
			t.Errorf("refusal without reason: %v", err)
		}
		r, err := f.env.Authority.Decide(ctx, f.sup2, f.clientID, own.ID, authority.DecisionInput{Decision: authority.Refuse, Reason: "Säännös ei koske tietoja."})
		if err != nil || r.Status() != authority.StatusRefused || r.Decision.DisclosureID != "" || r.Decision.Reason != "Säännös ei koske tietoja." {
			t.Fatalf("refused %+v: %v", r.Decision, err)
		}
		err = f.env.DB.InOrgTx(ctx, f.sup.OrgID, func(tx *store.Tx) error {
			log, err := tx.Disclosures(f.sup.OrgID, f.clientID)
			if len(log) != 0 {
				t.Errorf("a refusal disclosed %+v", log)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func hasField(err error, field, key string) bool {
	ae, ok := apperr.As(err)
	if !ok {
		return false
	}
	for _, fe := range ae.Fields {
		if fe.Field == field && fe.Key == key {
			return true
		}
	}
	return false
}

// Input.Normalize orders the items as Items without duplicates and keeps
// unknown ones for Validate to refuse; Validate requires every field.
func TestInputValidate(t *testing.T) {
	today := civil.Date{Year: 2026, Month: 3, Day: 1}
	ok := authority.Input{Requester: "Kela", Provision: "Laki 1/2000 1 §", Received: "2026-03-01", Channel: "letter", Items: []string{"plans", "card", "plans"}}
	ok.Normalize()
	if !slices.Equal(ok.Items, []string{"card", "plans"}) {
		t.Errorf("items %v", ok.Items)
	}
	if err := ok.Validate(today); err != nil {
		t.Errorf("valid input: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*authority.Input)
		field string
	}{
		{"no requester", func(in *authority.Input) { in.Requester = "" }, "requester"},
		{"no provision", func(in *authority.Input) { in.Provision = "" }, "provision"},
		{"future", func(in *authority.Input) { in.Received = "2026-03-02" }, "received"},
		{"bad date", func(in *authority.Input) { in.Received = "1.3.2026" }, "received"},
		{"channel", func(in *authority.Input) { in.Channel = "pigeon" }, "channel"},
		{"no items", func(in *authority.Input) { in.Items = nil }, "items"},
		{"unknown item", func(in *authority.Input) { in.Items = []string{"health"} }, "items"},
	} {
		in := ok
		tc.edit(&in)
		in.Normalize()
		err := in.Validate(today)
		ae, _ := apperr.As(err)
		if ae == nil || len(ae.Fields) != 1 || ae.Fields[0].Field != tc.field {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
