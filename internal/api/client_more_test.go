package api

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/httpx"
	"koto/internal/i18n"
	"koto/internal/store/storetest"
)

func TestProtectedAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		sup := h.user(t, "091", "sup", access.Supervisor)
		cw := h.user(t, "091", "cw", access.Caseworker)
		body := person("1985-05-05", "Turva", "Kielto")
		body["addressProtected"] = true
		body["address"] = map[string]any{"street": "Salainen tie 1", "postalCode": "00100", "postOffice": "Helsinki"}
		c := h.create(t, sup, body)
		h.assign(t, "sup", c.ID, "cw")

		w := h.call(t, "GET", path(c.ID), cw, nil)
		want(t, w, http.StatusOK)
		if got := decode[clientResp](t, w); got.Address != nil || !got.AddressHidden || strings.Contains(w.Body.String(), "Salainen") {
			t.Fatalf("caseworker sees %s", w.Body)
		}
		w = h.call(t, "PATCH", path(c.ID), cw, `{"address": {"street": "Muu katu 2"}, "addressProtected": false, "phone": "+358 9 1234"}`)
		want(t, w, http.StatusOK)
		if strings.Contains(w.Body.String(), "Salainen") || strings.Contains(w.Body.String(), "Muu katu") {
			t.Fatalf("patch answer shows an address: %s", w.Body)
		}
		got := decode[clientResp](t, h.call(t, "GET", path(c.ID), sup, nil))
		if got.Address == nil || got.Address.Street != "Salainen tie 1" || got.Phone != "+358 9 1234" {
			t.Fatalf("supervisor sees %+v", got)
		}
	})
}

func TestPatchBirthDateFollowsHETU(t *testing.T) {
	h := newHarness(t, "sqlite")
	tok := h.user(t, "091", "cw", access.Caseworker)
	h1 := synthetic(t, 1980, 5, 5, 906)
	c := h.create(t, tok, person(h1, "Test", "Person"))

	// An explicit birth date that contradicts the new HETU is refused.
	w := h.call(t, "PATCH", path(c.ID), tok, map[string]any{"hetu": synthetic(t, 1982, 2, 2, 908), "birthDate": "1980-05-05"})
	want(t, w, http.StatusUnprocessableEntity)
	if p := decodeProblem(t, w); len(p.Errors) != 1 || p.Errors[0].Code != "client.birth_date_mismatch" {
		t.Fatalf("problem %+v", p)
	}
	// Removing the HETU keeps the birth date it gave.
	w = h.call(t, "PATCH", path(c.ID), tok, `{"hetu": null}`)
	want(t, w, http.StatusOK)
	if got := decode[clientResp](t, w); got.HETU != "" || got.BirthDate != "1980-05-05" {
		t.Fatalf("patched %+v", got)
	}
}

func TestInternalErrorHidesCause(t *testing.T) {
	h := newHarness(t, "sqlite")
	tok := h.user(t, "091", "cw", access.Caseworker)
	var logged bytes.Buffer
	a := New(Deps{Services: h.env.Services, Catalog: i18n.MustLoad(), Log: slog.New(slog.NewTextHandler(&logged, nil))})
	mux := http.NewServeMux()
	a.Register(mux)
	h.h = httpx.RequestIDs(mux)
	h.env.DB.Close()

	w := h.call(t, "GET", "/api/v1/clients", tok, nil, "Accept-Language", "en")
	want(t, w, http.StatusInternalServerError)
	p := decodeProblem(t, w)
	if p.Type != ProblemBase+"internal" || !strings.Contains(p.Detail, p.Instance) || strings.Contains(strings.ToLower(w.Body.String()), "sql") {
		t.Fatalf("problem %s", w.Body)
	}
	if !strings.Contains(logged.String(), p.Instance) {
		t.Fatalf("not logged with the request id: %q", logged.String())
	}
}
