package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/disclosure"
	"koto/internal/store"
	"koto/internal/store/storetest"
)

// recordDisclosure records a disclosure of the client by u directly in
// the store (the capabilities that record them are other branches').
func recordDisclosure(t *testing.T, s *harness, u access.Actor, clientID string, d disclosure.Disclosure) {
	t.Helper()
	var err error
	d.ID, d.ClientID, d.DisclosedBy, d.DisclosedUsername, d.CreatedAt = store.NewID(), clientID, u.UserID, u.Username, time.Now().UTC()
	if d.Content, d.ContentHash, err = disclosure.Seal(map[string]string{"names": "Luovutettu"}); err != nil {
		t.Fatal(err)
	}
	if err := s.env.DB.InOrgTx(context.Background(), u.OrgID, func(tx *store.Tx) error { return tx.InsertDisclosure(u.OrgID, &d) }); err != nil {
		t.Fatal(err)
	}
}

// The disclosure log page: names, never codes; the filters; the CSV with
// every cell neutralised against formula injection; a caseworker is
// refused; another organisation's officer sees none of it.
func TestDisclosureLogPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		prov := s.env.AddProvider(t, "P77", "Opisto Seitsemän")
		dpoA := s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 933), "lastName": "Lokinen"}), cw)
		recordDisclosure(t, s, dpoA, id, disclosure.Disclosure{Kind: disclosure.KindProvider, RecipientOrgID: prov.ID,
			Basis: disclosure.BasisIntegrationAct86, Items: []string{"names", "hetu"}, Channel: disclosure.ChannelKoto})
		recordDisclosure(t, s, dpoA, id, disclosure.Disclosure{Kind: disclosure.KindAuthority, Recipient: `=HYPERLINK("http://evil.example","x")`,
			Basis: disclosure.BasisLaw, BasisDetail: "@SUM(1+1)", Items: []string{"names"}, Channel: disclosure.ChannelPost})

		dpo := s.login(t, "dpo.a")
		res := s.do(t, "GET", "/disclosure-log", nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("log: %d", res.StatusCode)
		}
		mustContain(t, res.Body, `href="/disclosure-log"`, fi("disclosurelog.kind.provider"), fi("disclosurelog.kind.authority"),
			"Opisto Seitsemän", fi("disclosurelog.basis.integration-act-86"), fi("disclosurelog.item.hetu"), fi("disclosurelog.channel.post"),
			"Lokinen, ", `href="/disclosure-log.csv"`)
		for _, code := range []string{">provider<", ">integration-act-86<", ">koto<", ">P77<"} {
			if strings.Contains(res.Body, code) {
				t.Errorf("page shows the code %s", code)
			}
		}
		res = s.do(t, "GET", "/disclosure-log?kind=provider", nil, dpo)
		if strings.Contains(res.Body, fi("disclosurelog.channel.post")) || !strings.Contains(res.Body, "Opisto Seitsemän") {
			t.Error("kind filter: wrong rows")
		}
		res = s.do(t, "GET", "/disclosure-log?from=2025-13-01", nil, dpo)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("invalid date: %d", res.StatusCode)
		}

		res = s.do(t, "GET", "/disclosure-log.csv", nil, dpo)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		mustContain(t, res.Body, fi("disclosurelog.col.recipient"), `'=HYPERLINK(`, "Opisto Seitsemän", "Lokinen, ")
		for _, line := range strings.Split(res.Body, "\r\n") {
			for _, cell := range strings.Split(line, ",") {
				cell = strings.TrimPrefix(cell, `"`)
				if cell != "" && strings.ContainsAny(cell[:1], "=+-@") {
					t.Errorf("CSV cell begins with a formula character: %q", cell)
				}
			}
		}

		if res := s.do(t, "GET", "/disclosure-log", nil, cw); res.StatusCode != http.StatusForbidden {
			t.Errorf("caseworker: %d, want 403", res.StatusCode)
		}
		res = s.do(t, "GET", "/disclosure-log.csv", nil, s.login(t, "dpo.b"))
		if res.StatusCode != http.StatusOK || strings.Contains(res.Body, "Lokinen") {
			t.Errorf("another organisation's officer: %d, leaks %v", res.StatusCode, strings.Contains(res.Body, "Lokinen"))
		}
	})
}
