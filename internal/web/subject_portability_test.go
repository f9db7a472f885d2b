package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// auditCount counts the access-log entries matching where (read past
// PostgreSQL's row-level security with the system scope).
func (s *harness) auditCount(t *testing.T, where string) int {
	t.Helper()
	q := `SELECT COUNT(*) FROM audit_entries WHERE ` + where
	var n int
	db := s.env.DB.SQL()
	if s.env.Engine != "postgres" {
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`SELECT set_config('koto.scope', 'system', true)`); err != nil {
		t.Fatal(err)
	}
	if err := tx.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The portable copy (GDPR art. 20) as a download in the browser: the DPO
// gets the JSON document as an attachment, never cached, logged with the
// portability purpose; the request page of a portability request links to
// it. The client's caseworker, a supervisor and another organisation's
// DPO get 404, and each refusal is logged.
func TestSubjectPortabilityDownload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		s.env.AddUser(t, "001", "dpo.a", access.DPO)
		s.env.AddUser(t, "002", "dpo.b", access.DPO)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"lastName": "Siirrettävä"}), cw)
		dpo := s.login(t, "dpo.a")

		res := s.do(t, "GET", "/clients/"+id+"/portability.json", nil, dpo)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("dpo: %d %s", res.StatusCode, res.Body)
		}
		for k, want := range map[string]string{"Content-Type": "application/json", "Content-Disposition": `attachment; filename="portability.json"`,
			"Cache-Control": "no-store"} {
			if got := res.Header.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		var doc struct {
			Identity struct {
				ID       string `json:"id"`
				LastName string `json:"lastName"`
			} `json:"identity"`
			Background map[string]any `json:"background"`
			Consents   []any          `json:"consents"`
			Notes      any            `json:"notes"`
		}
		if err := json.Unmarshal([]byte(res.Body), &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, res.Body)
		}
		if doc.Identity.ID != id || doc.Identity.LastName != "Siirrettävä" || doc.Background == nil || doc.Consents == nil || doc.Notes != nil {
			t.Errorf("document %s", res.Body)
		}
		if n := s.auditCount(t, `action = 'subject.export' AND result = 'allowed' AND touched LIKE '%data_subject_portability%' AND client_id = '`+id+`'`); n != 1 {
			t.Errorf("downloads logged with the portability purpose: %d", n)
		}

		// The attack: anyone but the organisation's DPO gets 404, logged.
		for _, u := range []string{"cw.a", "sup.a", "dpo.b"} {
			session := s.login(t, u)
			denied := `action = 'subject.export' AND result = 'denied'`
			before := s.auditCount(t, denied)
			if res := s.do(t, "GET", "/clients/"+id+"/portability.json", nil, session); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", u, res.StatusCode)
			}
			if n := s.auditCount(t, denied); n <= before {
				t.Errorf("%s: refusal not logged", u)
			}
		}

		// The request page of a portability request links to the download.
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		req := requestURL(t, s.do(t, "POST", "/clients/"+id+"/subject-requests", url.Values{"kind": {"portability"}, "channel": {"letter"}, "received": {today}}, dpo))
		page := s.do(t, "GET", req, nil, dpo)
		mustContain(t, page.Body, `href="/clients/`+id+`/portability.json"`, fi("subjectrequest.link.portability"))
	})
}
