package api

import (
	"archive/zip"
	"bytes"
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// The organisation's access log over the API: pages with a cursor, names
// beside codes, CSV and XLSX, the user's report; 403 for a caseworker,
// 404 for another organisation's user, nothing of another organisation's.
func TestOrgAccessLogAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "092", "cw", access.Caseworker)
		sup := h.user(t, "092", "sup", access.Supervisor)
		dpo := h.user(t, "092", "dpo", access.DPO)
		otherDPO := h.user(t, "048", "dpo.b", access.DPO)
		h.user(t, "048", "cw.b", access.Caseworker)
		c := h.create(t, sup, person("1980-01-04", "=HYPERLINK(1)", "Loki"))
		want(t, h.call(t, "GET", "/api/v1/clients/"+c.ID, sup, nil), http.StatusOK)
		want(t, h.call(t, "GET", "/api/v1/clients/"+c.ID, cw, nil), http.StatusForbidden) // reason required

		w := h.call(t, "GET", "/api/v1/access-log?limit=1", dpo, nil)
		want(t, w, http.StatusOK)
		pg := decodeAs[orgLogJSON](t, w)
		if len(pg.Items) != 1 || pg.Next == "" {
			t.Fatalf("first page %+v", pg)
		}
		w = h.call(t, "GET", "/api/v1/access-log?client="+c.ID, dpo, nil)
		want(t, w, http.StatusOK)
		pg = decodeAs[orgLogJSON](t, w)
		var read, denied bool
		for _, e := range pg.Items {
			read = read || e.Action == "client.read" && e.ClientName == "=HYPERLINK(1) Loki" && e.ActionName != "" && e.ActionName != e.Action
			denied = denied || e.Result == "denied" && e.User == "cw"
		}
		if !read || !denied {
			t.Fatalf("client filter: %+v", pg.Items)
		}
		want(t, h.call(t, "GET", "/api/v1/access-log?result=maybe", dpo, nil), http.StatusUnprocessableEntity)

		w = h.call(t, "GET", "/api/v1/access-log.csv?client="+c.ID, dpo, nil)
		want(t, w, http.StatusOK)
		if body := w.Body.String(); !strings.Contains(body, "'=HYPERLINK(1) Loki") || strings.Contains(body, ",=HYPERLINK") {
			t.Errorf("CSV not neutralised: %s", body)
		}
		w = h.call(t, "GET", "/api/v1/access-log.xlsx?client="+c.ID, dpo, nil)
		want(t, w, http.StatusOK)
		if _, err := zip.NewReader(bytes.NewReader(w.Body.Bytes()), int64(w.Body.Len())); err != nil || !strings.Contains(w.Header().Get("Content-Type"), "spreadsheetml") {
			t.Errorf("xlsx: %v %s", err, w.Header().Get("Content-Type"))
		}

		cwID := h.actors["cw"].UserID
		w = h.call(t, "GET", "/api/v1/access-log/users/"+cwID, dpo, nil)
		want(t, w, http.StatusOK)
		if rep := decodeAs[userReportJSON](t, w); rep.User != "cw" || rep.Denied == 0 || len(rep.Clients) == 0 {
			t.Errorf("report %+v", rep)
		}
		// Attacks.
		for _, p := range []string{"/api/v1/access-log", "/api/v1/access-log.csv", "/api/v1/access-log.xlsx", "/api/v1/access-log/users/" + cwID} {
			want(t, h.call(t, "GET", p, cw, nil), http.StatusForbidden)
		}
		want(t, h.call(t, "GET", "/api/v1/access-log/users/"+h.actors["cw.b"].UserID, dpo, nil), http.StatusNotFound)
		want(t, h.call(t, "GET", "/api/v1/access-log/users/"+cwID, otherDPO, nil), http.StatusNotFound)
		w = h.call(t, "GET", "/api/v1/access-log?client="+c.ID, otherDPO, nil)
		if strings.Contains(w.Body.String(), "HYPERLINK") || strings.Contains(w.Body.String(), `"cw"`) {
			t.Errorf("another organisation's officer: %s", w.Body.String())
		}
	})
}
