package api

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/assessment"
	"koto/internal/attachment"
	"koto/internal/authority"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/disclosure"
	"koto/internal/handover"
	"koto/internal/httpx"
	"koto/internal/note"
	"koto/internal/referral"
	"koto/internal/store/storetest"
	"koto/internal/subjectrequest"
	"koto/internal/testenv"
)

// sameAs fails unless two problem answers are identical apart from the
// request id.
func sameAs(t *testing.T, a, b *httptest.ResponseRecorder) {
	t.Helper()
	pa, pb := decodeProblem(t, a), decodeProblem(t, b)
	pa.Instance, pb.Instance = "", ""
	ja, _ := json.Marshal(pa)
	jb, _ := json.Marshal(pb)
	if a.Code != b.Code || string(ja) != string(jb) || a.Header().Get("Content-Type") != b.Header().Get("Content-Type") {
		t.Fatalf("answers differ:\n%d %s\n%d %s", a.Code, ja, b.Code, jb)
	}
}

func TestOtherOrganisationIsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		owner := h.user(t, "091", "owner", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Supervisor)
		c := h.create(t, owner, person("1988-08-08", "Test", "Person"))
		// A refusal is logged in the outsider's organisation's log and,
		// as an attempt by another organisation, in the holder's.
		ownLog := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND chain = '` + h.actors["outsider"].OrgID + `'`
		holderLog := `SELECT COUNT(*) FROM audit_entries WHERE result = 'denied' AND chain = '` + h.actors["owner"].OrgID +
			`' AND org_id = '` + h.actors["outsider"].OrgID + `' AND client_id = '` + c.ID + `'`

		requests := []struct {
			method, suffix string
			body           any
		}{
			{"GET", "", nil}, {"PATCH", "", map[string]any{"lastName": "Stolen"}}, {"GET", "/access-log", nil}, {"GET", "/history", nil},
			{"POST", "/access-reasons", map[string]any{"reasonCode": "other", "text": "curious about this person"}},
			{"GET", "/assignments", nil},
			{"PUT", "/assignments/" + h.actors["outsider"].UserID, nil},
			{"DELETE", "/assignments/" + h.actors["owner"].UserID, nil},
			{"GET", "/sensitive?purpose=assessment", nil},
			{"PUT", "/sensitive", map[string]any{"health": "x", "version": 0, "purpose": "assessment"}},
			{"GET", "/assessments", nil}, {"POST", "/assessments", map[string]any{"kind": "basic", "date": "2025-01-15"}},
			{"GET", "/background", nil}, {"PUT", "/background", map[string]any{"version": 0}},
			{"GET", "/language-tests", nil}, {"POST", "/language-tests", map[string]any{"kind": "initial", "date": "2025-01-15", "listening": "A1.1"}},
		}
		for _, rq := range requests {
			t.Run(rq.method+rq.suffix, func(t *testing.T) {
				body := rq.body
				own, holder := h.count(t, ownLog), h.count(t, holderLog)
				foreign := h.call(t, rq.method, path(c.ID, rq.suffix), outsider, body)
				want(t, foreign, http.StatusNotFound)
				if h.count(t, ownLog) != own+1 {
					t.Error("no denied entry in the outsider's log")
				}
				if h.count(t, holderLog) != holder+1 {
					t.Error("no entry of the attempt in the holder's log")
				}
				missing := h.call(t, rq.method, path("no-such-client", rq.suffix), outsider, body)
				want(t, missing, http.StatusNotFound)
				sameAs(t, foreign, missing)
			})
		}
		if got := decode[clientResp](t, h.call(t, "GET", path(c.ID), owner, nil)); got.LastName != "Person" {
			t.Fatalf("foreign patch changed the client: %+v", got)
		}
	})
}

func TestAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		sup := h.user(t, "091", "sup", access.Supervisor)
		c := h.create(t, cw, person("1970-07-07", "Test", "Person"))
		want(t, h.call(t, "GET", path(c.ID), cw, nil, "X-Request-Id", "ignored"), http.StatusOK)

		// A caseworker may not read the access log: the same 404 as an unknown client.
		sameAs(t, h.call(t, "GET", path(c.ID, "/access-log"), cw, nil), h.call(t, "GET", path("nope", "/access-log"), cw, nil))

		w := h.call(t, "GET", path(c.ID, "/access-log"), sup, nil)
		want(t, w, http.StatusOK)
		var raw struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &raw); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"at", "user", "organisation", "action", "result", "channel", "roles", "touched", "requestId", "clientId", "seq"} {
			if _, ok := raw.Items[0][k]; !ok {
				t.Errorf("entry lacks %q: %v", k, raw.Items[0])
			}
		}
		items := decode[itemsJSON[accessLogEntryJSON]](t, w).Items
		var view *accessLogEntryJSON
		for i, e := range items {
			if e.User == "cw" && e.Action == string(access.ClientRead) && e.Result == "allowed" {
				view = &items[i]
				break
			}
		}
		if view == nil {
			t.Fatalf("no view entry in %s", w.Body)
		}
		if view.Channel != "api" || view.Organisation != h.env.OrgByCode["091"].ID || view.ClientID != c.ID ||
			view.RequestID == "" || view.At.Location().String() != "UTC" || len(view.Roles) != 1 || view.Roles[0] != "caseworker" {
			t.Fatalf("view entry %+v", view)
		}
	})
}

func TestAuthentication(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		unauth := func(t *testing.T, w *httptest.ResponseRecorder) {
			t.Helper()
			want(t, w, http.StatusUnauthorized)
			if !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Fatalf("WWW-Authenticate %q", w.Header().Get("WWW-Authenticate"))
			}
		}
		unauth(t, h.call(t, "GET", "/api/v1/clients", "", nil))
		unauth(t, h.call(t, "GET", "/api/v1/clients", "koto_not-a-real-token", nil))
		unauth(t, h.call(t, "GET", "/api/v1/me", "not-even-a-koto-token", nil))
		unauth(t, h.call(t, "POST", "/api/v1/clients", "", person("2000-01-01", "A", "B")))
		w := h.call(t, "GET", "/api/v1/clients", "", nil, "Authorization", "Basic Y3c6cHc=")
		unauth(t, w)

		w = h.call(t, "GET", "/api/v1/me", tok, nil)
		want(t, w, http.StatusOK)
		if me := decode[meJSON](t, w); me.Username != "cw" || me.OrganisationCode != "091" || me.OrganisationID != h.env.OrgByCode["091"].ID ||
			len(me.Roles) != 1 || me.Roles[0] != "caseworker" {
			t.Fatalf("me %+v", me)
		}

		ctx := context.Background()
		if err := h.env.Auth.RevokeToken(ctx, testenv.System, "cw", ""); err != nil {
			t.Fatal(err)
		}
		unauth(t, h.call(t, "GET", "/api/v1/me", tok, nil))

		tok2 := h.env.Token(t, "cw")
		want(t, h.call(t, "GET", "/api/v1/me", tok2, nil), http.StatusOK)
		if err := h.env.Auth.SetDisabled(ctx, testenv.System, "cw", true); err != nil {
			t.Fatal(err)
		}
		unauth(t, h.call(t, "GET", "/api/v1/me", tok2, nil))
	})
}

func TestSearchAndList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		tok := h.user(t, "091", "cw", access.Caseworker)
		other := h.user(t, "049", "cw2", access.Caseworker)
		h1 := synthetic(t, 1992, 3, 4, 905)
		a := h.create(t, tok, person(h1, "Mohammed", "Al-Sayed"))
		h.create(t, tok, person("1993-05-06", "Olena", "Kovalenko"))
		h.create(t, tok, person("1994-07-08", "Abdi", "Warsame"))
		h.create(t, other, person("1992-03-04", "Mohammed", "Al-Sayed"))

		search := func(t *testing.T, body string, status int) []summaryJSON {
			t.Helper()
			w := h.call(t, "POST", "/api/v1/clients/search", tok, body)
			want(t, w, status)
			if status != http.StatusOK {
				return nil
			}
			return decode[itemsJSON[summaryJSON]](t, w).Items
		}
		if got := search(t, `{"q": "al-sayed"}`, 200); len(got) != 1 || got[0].ID != a.ID {
			t.Fatalf("by name %+v", got)
		}
		if got := search(t, `{"hetu": "`+strings.ToLower(h1)+`"}`, 200); len(got) != 1 || got[0].ID != a.ID {
			t.Fatalf("by HETU %+v", got)
		}
		if got := search(t, `{"birthDate": "1993-05-06"}`, 200); len(got) != 1 || got[0].LastName != "Kovalenko" {
			t.Fatalf("by birth date %+v", got)
		}
		search(t, `{"q": "x", "birthDate": "1993-05-06"}`, 422)
		search(t, `{}`, 422)
		search(t, `{"birthDate": "6.5.1993"}`, 422)
		search(t, `{"name": "x"}`, 400)

		w := h.call(t, "GET", "/api/v1/clients?page=2&pageSize=2&sort=name&order=asc", tok, nil)
		want(t, w, http.StatusOK)
		p := decode[pageJSON](t, w)
		if p.Total != 3 || p.Page != 2 || p.PageSize != 2 || len(p.Items) != 1 || p.Items[0].LastName != "Warsame" {
			t.Fatalf("page %+v", p)
		}
		w = h.call(t, "GET", "/api/v1/clients?sort=created&order=desc", tok, nil)
		want(t, w, http.StatusOK)
		if p := decode[pageJSON](t, w); len(p.Items) != 3 || p.Items[0].LastName != "Warsame" || p.PageSize != 50 {
			t.Fatalf("newest first %+v", p)
		}
		for _, q := range []string{"page=0", "pageSize=201", "pageSize=x", "sort=hetu", "order=up"} {
			w := h.call(t, "GET", "/api/v1/clients?"+q, tok, nil)
			want(t, w, http.StatusBadRequest)
		}
	})
}

func TestRoutingProblems(t *testing.T) {
	h := newHarness(t, "sqlite")
	tok := h.user(t, "091", "cw", access.Caseworker)
	want(t, h.call(t, "GET", "/api/v1/nothing-here", tok, nil), http.StatusNotFound)
	w := h.call(t, "DELETE", "/api/v1/clients/abc", tok, nil)
	want(t, w, http.StatusMethodNotAllowed)
	if got := w.Header().Get("Allow"); got != "GET, HEAD, PATCH" {
		t.Fatalf("Allow %q", got)
	}
	w = h.call(t, "GET", "/api/v1/nothing-here", tok, nil, "Accept-Language", "sv-FI,sv;q=0.9")
	if p := decodeProblem(t, w); p.Title != "Hittades inte" || w.Header().Get("Content-Language") != "sv" {
		t.Fatalf("Swedish problem %+v", p)
	}
}

// TestRouteActions checks the route table against the permission model:
// for every role and every relation to the client — responsible
// caseworker, no relation, an active stated reason, a client of another
// organisation — every route answers as access.Actor.Decide says: allowed,
// 403 reason-required, or refused (403/404, and 404 on another
// organisation's client whatever the role).
func TestRouteActions(t *testing.T) {
	h := newHarness(t, "sqlite")
	ctx := context.Background()
	sup := h.user(t, "091", "sup", access.Supervisor)
	h.user(t, "091", "colleague", access.Caseworker) // the one PUT and DELETE move
	giver := h.user(t, "091", "giver", access.Caseworker)
	foreignTok := h.user(t, "049", "foreign", access.Supervisor)
	h.user(t, "091", "dpo_fixture", access.DPO) // registers the data subject's requests
	h.user(t, "049", "foreign_dpo", access.DPO) // and the foreign organisation's
	foreign := h.create(t, foreignTok, person("1959-05-05", "Foreign", "Person"))
	own := h.create(t, giver, person("1958-04-04", "Own", "Person"))
	reason, err := h.env.Clients.GiveReason(ctx, h.actors["giver"], own.ID, "other", "review route fixture")
	if err != nil {
		t.Fatal(err)
	}
	foreignReason, err := h.env.Clients.GiveReason(ctx, h.actors["foreign"], foreign.ID, "other", "review route fixture")
	if err != nil {
		t.Fatal(err)
	}

	ownTeam, err := h.env.Clients.CreateTeam(ctx, h.actors["sup"], "Tiimi")
	if err != nil {
		t.Fatal(err)
	}
	foreignTeam, err := h.env.Clients.CreateTeam(ctx, h.actors["foreign"], "Vieras tiimi")
	if err != nil {
		t.Fatal(err)
	}
	h.env.AddProvider(t, "opisto", "Kansanopisto")
	h.env.AddProvider(t, "toinen-opisto", "Toinen opisto")
	// sentReferral refers a client of holder to provider and sends it; a
	// disclosure goes to that provider (ADR 31).
	sentReferral := func(holder access.Actor, clientID, provider string) string {
		ref, err := h.env.Referrals.Create(ctx, holder, clientID, referral.NewReferral{Provider: provider, Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := h.env.Referrals.AddStep(ctx, holder, clientID, ref.ID, referral.Step{Status: referral.Sent, Date: civil.Date{Year: 2026, Month: 3, Day: 2}}); err != nil {
			t.Fatal(err)
		}
		return ref.ID
	}
	disclosed := func(holder access.Actor, clientID, provider string) string {
		d, err := h.env.Disclosures.Disclose(ctx, holder, clientID, disclosure.ProviderInput{Recipient: provider, ReferralID: sentReferral(holder, clientID, provider)})
		if err != nil {
			t.Fatal(err)
		}
		return d.ID
	}
	services := 0
	// A plan on the foreign client, and one made on each own client below
	// ({planId}); its first version gets the warning {code} acknowledges.
	foreignPlan, err := h.env.Plans.Create(ctx, h.actors["foreign"], foreign.ID, planFixture())
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]any{
		"POST /api/v1/clients/{id}/subject-requests":              map[string]any{"kind": "access", "channel": "letter", "received": "2025-01-02"},
		"POST /api/v1/subject-requests/{requestId}/{action}":      map[string]any{"method": "id_document"},
		"POST /api/v1/clients/{id}/referrals":                     map[string]any{"provider": "opisto", "service": "self-study", "date": "2026-03-01"},
		"POST /api/v1/clients/{id}/referrals/{referralId}/events": map[string]any{"status": "sent"},
		"PUT /api/v1/clients/{id}/team":                           map[string]any{"teamId": nil},
		"POST /api/v1/teams":                                      map[string]any{"name": "Uusi tiimi"},
		"POST /api/v1/clients":                                    person("1961-01-01", "Role", "Test"),
		"POST /api/v1/clients/search":                             map[string]any{"q": "Person"},
		"PATCH /api/v1/clients/{id}":                              map[string]any{"phone": "+358 9 123 456"},
		"POST /api/v1/clients/{id}/access-reasons":                map[string]any{"reasonCode": "client_contact", "text": "Asiakas soitti ja kysyi ajasta"},
		"POST /api/v1/clients/{id}/notes":                         map[string]any{"type": "phone", "date": "2025-01-02", "text": "Puhelu."},
		"POST /api/v1/clients/{id}/notes/{noteId}/amendments":     map[string]any{"text": "Lisäys."},
		"POST /api/v1/clients/{id}/consents":                      map[string]any{"type": "e-service", "given": "2025-01-02"},
		"POST /api/v1/clients/{id}/disclosure-requests": map[string]any{"requester": "Kela", "provision": "Laki 731/2001 18 §",
			"received": "2025-01-02", "channel": "letter", "items": []string{"card"}},
		"POST /api/v1/clients/{id}/disclosure-requests/{requestId}/decision": map[string]any{"decision": "refuse", "reason": "Ei perustetta."},
		"POST /api/v1/clients/{id}/plans":                                    planFixtureJSON(),
		"PUT /api/v1/clients/{id}/plans/{planId}":                            planFixtureJSON(),
		"POST /api/v1/clients/{id}/plans/{planId}/follow-ups":                map[string]any{"date": "2025-03-01", "text": "Seurantatapaaminen"},
		"POST /api/v1/clients/{id}/assessments":                              map[string]any{"kind": "basic", "date": "2025-01-15"},
		"POST /api/v1/clients/{id}/language-tests":                           map[string]any{"kind": "initial", "date": "2025-01-15", "listening": "A1.1"},
		"PUT /api/v1/clients/{id}/placement":                                 map[string]any{"municipality": "091"},
		"POST /api/v1/clients/{id}/transfers":                                map[string]any{"to": "049"},
		"POST /api/v1/transfers/{transferId}/refusal":                        map[string]any{"reason": "other"},
		"POST /api/v1/handover":                                              handoverFixture(t, h, foreign.ID),
	}
	const giveReason = "POST /api/v1/clients/{id}/access-reasons"
	routes := h.api.Routes()
	// Stating a reason opens the client, so it goes last.
	slices.SortStableFunc(routes, func(a, b httpx.Route) int {
		return cmp.Compare(btoi(a.Pattern == giveReason), btoi(b.Pattern == giveReason))
	})

	type phase struct {
		name    string
		rel     access.Relation
		foreign bool
	}
	phases := []phase{
		{name: "assigned", rel: access.Relation{Assigned: true}},
		{name: "unrelated"},
		{name: "reason", rel: access.Relation{ReasonID: "r1"}},
		{name: "other org", foreign: true},
	}
	for _, role := range access.AllRoles {
		username := "u_" + string(role)
		home := "091"
		if role == access.Provider { // only a provider organisation has provider users
			home = "opisto"
		}
		tok := h.user(t, home, username, role)
		actor := h.actors[username]
		for _, ph := range phases {
			clientID, reasonID, teamID := foreign.ID, foreignReason.ID, foreignTeam.ID
			if !ph.foreign {
				clientID, reasonID, teamID = h.create(t, sup, person("1960-06-06", "Test", "Person")).ID, reason.ID, ownTeam.ID
			}
			planID := foreignPlan.PlanID
			if !ph.foreign {
				p, err := h.env.Plans.Create(ctx, h.actors["sup"], clientID, planFixture())
				if err != nil {
					t.Fatal(err)
				}
				planID = p.PlanID
			}
			switch ph.name {
			case "assigned":
				// Only caseworkers and supervisors can be responsible for a client.
				if role != access.Caseworker && role != access.Supervisor {
					continue
				}
				h.assign(t, "sup", clientID, username)
			case "reason":
				if !actor.Can(access.AccessReasonGive) {
					continue
				}
				if _, err := h.env.Clients.GiveReason(ctx, actor, clientID, "substitute", "sijaisuus: Virtanen lomalla"); err != nil {
					t.Fatal(err)
				}
			}
			for _, rt := range routes {
				if rt.Public {
					continue
				}
				method, p, _ := strings.Cut(rt.Pattern, " ")
				target := strings.NewReplacer("{userId}", h.actors["colleague"].UserID, "{list}", "countries",
					"{planId}", planID, "{n}", "1", "{code}", "first_plan_over_1y").Replace(p)
				if rt.Client {
					target = strings.Replace(target, "{id}", clientID, 1)
				} else if strings.HasPrefix(p, Prefix+"/teams/") {
					target = strings.Replace(target, "{id}", teamID, 1)
				} else {
					target = strings.Replace(target, "{id}", reasonID, 1)
				}
				if strings.Contains(target, "{assessmentId}") {
					holder := h.actors["sup"]
					if ph.foreign {
						holder = h.actors["foreign"]
					}
					a, err := h.env.Assessments.Create(ctx, holder, clientID, assessment.Assessment{Kind: assessment.KindBasic, Date: civil.Date{Year: 2025, Month: 1, Day: 15}})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.Replace(target, "{assessmentId}", a.ID, 1)
				}
				body := bodies[rt.Pattern]
				if strings.Contains(p, "{noteId}") { // a note of the client, by a user of its organisation
					author := h.actors["sup"]
					if ph.foreign {
						author = h.actors["foreign"]
					}
					n, err := h.env.Notes.Create(ctx, author, clientID, note.Input{Type: "phone", Date: "2025-01-02", Text: "Puhelu."})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.Replace(target, "{noteId}", n.ID, 1)
				}
				if strings.Contains(p, "{consentId}") { // a consent of the client, by a user of its organisation
					holder := h.actors["sup"]
					if ph.foreign {
						holder = h.actors["foreign"]
					}
					c, err := h.env.Consents.Give(ctx, holder, clientID, consent.Input{Type: consent.EService, Given: "2025-01-02"})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.Replace(target, "{consentId}", c.ID, 1)
				}
				if strings.Contains(p, "{attachmentId}") { // an attachment of the client, by a user of its organisation
					holder := h.actors["sup"]
					if ph.foreign {
						holder = h.actors["foreign"]
					}
					a, err := h.env.Attachments.Upload(ctx, holder, clientID, attachment.Input{Category: attachment.Other, Content: testPDF("x")})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.Replace(target, "{attachmentId}", a.ID, 1)
				}
				var headers []string
				if strings.HasPrefix(p, Prefix+"/subject-requests/{requestId}") { // a data subject's request, registered by a DPO of its organisation
					registrar := h.actors["dpo_fixture"]
					if ph.foreign {
						registrar = h.actors["foreign_dpo"]
					}
					req, err := h.env.SubjectRequests.Register(ctx, registrar, clientID, subjectrequest.Input{Kind: "access", Channel: "letter", Received: "2025-01-02"})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.NewReplacer("{requestId}", req.ID, "{action}", "identity").Replace(target)
				}
				if strings.Contains(p, "{requestId}") { // an authority's request, registered by a supervisor of its organisation
					registrar := h.actors["sup"]
					if ph.foreign {
						registrar = h.actors["foreign"]
					}
					req, err := h.env.Authority.Register(ctx, registrar, clientID, authority.Input{Requester: "Kela", Provision: "Laki 731/2001 18 §",
						Received: "2025-01-02", Channel: "letter", Items: []string{authority.ItemCard}})
					if err != nil {
						t.Fatal(err)
					}
					target = strings.Replace(target, "{requestId}", req.ID, 1)
				}
				if strings.Contains(p, "{transferId}") {
					target = strings.Replace(target, "{transferId}", transferFixture(t, h, ph.foreign), 1)
				}
				switch rt.Pattern {
				case "GET /api/v1/clients/{id}/handover":
					target += "?recipient=TE-toimisto"
				case "POST /api/v1/clients/{id}/attachments":
					b, ct := multipartBody(t, map[string]string{"category": "certificate"}, "todistus.pdf", testPDF("x"))
					body, headers = b, []string{"Content-Type", ct}
				case "GET /api/v1/clients/{id}/sensitive":
					target += "?purpose=assessment"
				case "PUT /api/v1/clients/{id}/sensitive":
					version := h.count(t, `SELECT COALESCE(MAX(version), 0) FROM client_sensitive_versions WHERE client_id = '`+clientID+`'`)
					body = map[string]any{"health": "ok", "workAbility": "", "functionalAbility": "", "version": version, "purpose": "assessment"}
				case "GET /api/v1/referrals":
					target += "?provider=opisto"
				case "GET /api/v1/national-repository":
					target += "?from=2020-01-01&to=2020-12-31"
				case "POST /api/v1/services":
					services++
					body = map[string]any{"code": fmt.Sprintf("service-%d", services), "names": map[string]string{"fi": "Palvelu"}}
				case "POST /api/v1/clients/{id}/disclosures":
					referralID := "missing"
					if !ph.foreign {
						referralID = sentReferral(h.actors["sup"], clientID, "opisto")
					}
					body = map[string]any{"recipient": "opisto", "basis": "integration-act-86", "referralId": referralID}
				case "GET /api/v1/clients/{id}/disclosures/{disclosureId}":
					holder := h.actors["sup"]
					if ph.foreign {
						holder = h.actors["foreign"]
					}
					target = strings.Replace(target, "{disclosureId}", disclosed(holder, clientID, "opisto"), 1)
				case "GET /api/v1/disclosures/{id}":
					// Own phases: a package to the provider user's
					// organisation; "other org": one to another provider.
					target = strings.Replace(p, "{id}", disclosed(h.actors["sup"], h.create(t, sup, person("1960-06-08", "Paketti", "Henkilö")).ID,
						map[bool]string{false: "opisto", true: "toinen-opisto"}[ph.foreign]), 1)
				case "POST /api/v1/clients/{id}/referrals/{referralId}/events":
					referralID := "missing"
					if !ph.foreign {
						ref, err := h.env.Referrals.Create(ctx, h.actors["sup"], clientID, referral.NewReferral{Provider: "opisto", Service: "self-study", Date: civil.Date{Year: 2026, Month: 3, Day: 1}})
						if err != nil {
							t.Fatal(err)
						}
						referralID = ref.ID
					}
					target = strings.Replace(target, "{referralId}", referralID, 1)
				case "PUT /api/v1/clients/{id}/restriction":
					body = map[string]any{"ground": "objection_pending", "reason": "Vastustaa käsittelyä."}
				case "DELETE /api/v1/clients/{id}/restriction": // lifts what the PUT before it placed
					body = map[string]any{"reason": "Arvioitu."}
				case "PUT /api/v1/clients/{id}/background":
					version := h.count(t, `SELECT COALESCE(MAX(version), 0) FROM client_backgrounds WHERE client_id = '`+clientID+`'`)
					body = map[string]any{"literacy": "literate", "version": version}
				case "PUT /api/v1/clients/{id}/retention-hold":
					body = map[string]any{"reason": "KHO 2026/123"}
				case "PUT /api/v1/clients/{id}/assessments/{assessmentId}":
					body = map[string]any{"kind": "basic", "date": "2025-01-15", "version": 1}
				case "POST /api/v1/clients/{id}/household":
					// The other client is one the user may use: their own.
					body = map[string]any{"otherId": householdOther(t, h, actor, tok, sup), "kind": "spouse"}
				case "DELETE /api/v1/clients/{id}/household/{linkId}":
					linkID := "nosuchlink"
					if !ph.foreign {
						l, err := h.env.Placements.Link(ctx, h.actors["sup"], clientID, householdOther(t, h, actor, tok, sup), "child")
						if err != nil {
							t.Fatal(err)
						}
						linkID = l.ID
					}
					target = strings.Replace(target, "{linkId}", linkID, 1)
				case "POST /api/v1/clients/{id}/merge":
					body = map[string]any{"with": h.create(t, sup, person("1960-06-07", "Toinen", "Tietue")).ID}
				case "POST /api/v1/clients/{id}/merge/confirm", "POST /api/v1/clients/{id}/merge/undo":
					if !ph.foreign {
						h.openMerge(t, clientID)
					}
				}
				if rt.Pattern == "PUT /api/v1/clients/{id}/plans/{planId}" {
					headers = []string{"If-Match", `"` + strconv.Itoa(h.count(t, `SELECT version FROM plans WHERE id = '`+planID+`'`)) + `"`}
				}
				w := h.call(t, method, target, tok, body, headers...)
				where := rt.Pattern + " as " + string(role) + ", " + ph.name
				if w.Code >= 500 || w.Code == 401 {
					t.Errorf("%s: status %d %s", where, w.Code, w.Body)
					continue
				}
				reasonRequired := w.Code == http.StatusForbidden && decodeProblem(t, w).Type == ProblemBase+"reason-required"
				refused := (w.Code == http.StatusForbidden || w.Code == http.StatusNotFound) && !reasonRequired
				decision := access.Allow
				if rt.Action != "" {
					decision = actor.Decide(rt.Action, ph.rel)
				}
				switch {
				case ph.foreign && rt.Client:
					if w.Code != http.StatusNotFound {
						t.Errorf("%s: status %d, want 404", where, w.Code)
					}
				case ph.foreign && (strings.Contains(p, "{id}") || strings.Contains(p, "{transferId}") || strings.Contains(p, "/subject-requests/{requestId}")):
					if !refused {
						t.Errorf("%s: status %d, want a refusal", where, w.Code)
					}
				case decision == access.Allow:
					if w.Code >= 300 {
						t.Errorf("%s: status %d, allowed by the rules; %s", where, w.Code, w.Body)
					}
				case decision == access.NeedReason:
					if !reasonRequired {
						t.Errorf("%s: status %d, want reason-required; %s", where, w.Code, w.Body)
					} else {
						wantReasonRequired(t, w, clientID)
					}
				default:
					if !refused {
						t.Errorf("%s: status %d, refused by the rules; %s", where, w.Code, w.Body)
					}
				}
				if w.Code >= 400 {
					want(t, w, w.Code)
				}
			}
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// openMerge leaves clientID with an unconfirmed merge by the fixture
// supervisor "sup" (any earlier one undone), for confirm and undo.
func (h *harness) openMerge(t *testing.T, clientID string) {
	t.Helper()
	sup := h.actors["sup"]
	_ = h.env.Clients.UndoMerge(context.Background(), sup, clientID)
	other, _, err := h.env.Clients.Create(context.Background(), sup, client.Details{FirstNames: "Kolmas", LastName: "Tietue",
		BirthDate: civil.Date{Year: 1960, Month: 6, Day: 8}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.env.Clients.MergeClients(context.Background(), sup, clientID, other.ID, nil); err != nil {
		t.Fatal(err)
	}
}

// householdOther is a client the user may link: one they registered
// (and so are responsible for), or the supervisor's for users who
// register none (they may use no client at all).
func householdOther(t *testing.T, h *harness, actor access.Actor, tok, sup string) string {
	t.Helper()
	by := sup
	if actor.Can(access.ClientCreate) {
		by = tok
	}
	return h.create(t, by, person("1970-07-07", "Perheen", "Jäsen")).ID
}

// handoverFixture is an integration-records document of the other
// organisation's client, exported by its supervisor: a document the
// own organisation (091) can import.
func handoverFixture(t *testing.T, h *harness, foreignID string) map[string]any {
	t.Helper()
	doc, _, err := h.env.Handover.Export(context.Background(), h.actors["foreign"], foreignID, handover.Recipient{Name: "TE-toimisto"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(doc)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// transferFixture is a fresh open transfer request: to the own
// organisation (091) from the other one (049), or, for the other
// organisation's phase, between 049 and a third municipality (564).
func transferFixture(t *testing.T, h *harness, foreign bool) string {
	t.Helper()
	if _, ok := h.env.OrgByCode["564"]; !ok {
		h.env.AddOrg(t, "564")
	}
	c, _, err := h.env.Clients.Create(context.Background(), h.actors["foreign"], client.Details{FirstNames: "Muuttaja", LastName: "Siirto",
		BirthDate: civil.Date{Year: 1980, Month: 5, Day: 6}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	to := "091"
	if foreign {
		to = "564"
	}
	tr, err := h.env.Handover.Request(context.Background(), h.actors["foreign"], c.ID, to)
	if err != nil {
		t.Fatal(err)
	}
	return tr.ID
}
