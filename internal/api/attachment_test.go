package api

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// testPDF is a small PDF with marker in it.
func testPDF(marker string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + marker + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// multipartBody is a multipart/form-data body with fields and, when
// content is not nil, a file part "file" named fileName; it returns the
// body and its content type.
func multipartBody(t *testing.T, fields map[string]string, fileName string, content []byte) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if content != nil {
		fw, err := mw.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(content); err != nil {
			t.Fatal(err)
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), mw.FormDataContentType()
}

// The attachments API: upload (201), list, download only as a file with a
// server-chosen name; the type decided by content (422 in the caller's
// language), the size limit (413), 405 for changes, 404 for another
// organisation's client or attachment and for another client's attachment
// under my client.
func TestAttachmentsContract(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		h := newHarness(t, engine)
		cw := h.user(t, "091", "cw", access.Caseworker)
		outsider := h.user(t, "049", "outsider", access.Caseworker, access.Supervisor)
		c := h.create(t, cw, person("1980-01-05", "Liite", "Asiakas"))
		other := h.create(t, cw, person("1980-01-06", "Toinen", "Asiakas"))
		foreign := h.create(t, outsider, person("1982-01-03", "Vieras", "Asiakas"))
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()

		w := h.call(t, "POST", path(c.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today})
		want(t, w, http.StatusCreated)
		consentID := decodeAs[map[string]any](t, w)["id"].(string)

		upload := func(token, clientID string, fields map[string]string, name string, content []byte, lang string) *httptest.ResponseRecorder {
			body, ct := multipartBody(t, fields, name, content)
			return h.call(t, "POST", path(clientID, "/attachments"), token, body, "Content-Type", ct, "Accept-Language", lang)
		}
		pdf := testPDF("API-MERKKI")
		r := upload(cw, c.ID, map[string]string{"category": "signed-consent", "consentId": consentID, "title": "Lomake"}, "lomake.pdf", pdf, "fi")
		want(t, r, http.StatusCreated)
		got := decodeAs[map[string]any](t, r)
		id, _ := got["id"].(string)
		if id == "" || got["contentType"] != "application/pdf" || got["fileName"] != "liite-"+id+".pdf" || got["consentId"] != consentID ||
			got["size"] != float64(len(pdf)) || got["contentUrl"] != path(c.ID, "/attachments/"+id+"/content") {
			t.Fatalf("created %v", got)
		}

		w = h.call(t, "GET", path(c.ID, "/attachments"), cw, nil)
		want(t, w, http.StatusOK)
		items := decodeAs[struct {
			Items []map[string]any `json:"items"`
		}](t, w).Items
		if len(items) != 1 || items[0]["id"] != id || items[0]["title"] != "Lomake" {
			t.Fatalf("items %v", items)
		}

		// The download: a file to save, never shown inline.
		w = h.call(t, "GET", path(c.ID, "/attachments/"+id+"/content"), cw, nil)
		want(t, w, http.StatusOK)
		hd := w.Header()
		if !bytes.Equal(w.Body.Bytes(), pdf) || hd.Get("Content-Type") != "application/pdf" ||
			hd.Get("Content-Disposition") != `attachment; filename="liite-`+id+`.pdf"` || hd.Get("X-Content-Type-Options") != "nosniff" ||
			hd.Get("Cache-Control") != "no-store" || !strings.Contains(hd.Get("Content-Security-Policy"), "sandbox") {
			t.Errorf("download headers %v", hd)
		}

		// HTML named .pdf: 422 with the message in the caller's language.
		html := []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
		r = upload(cw, c.ID, map[string]string{"category": "other"}, "lasku.pdf", html, "fi")
		want(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body.String(), "ei ole PDF-, PNG- eikä JPEG-tiedosto") {
			t.Errorf("refusal in Finnish: %s", r.Body)
		}
		r = upload(cw, c.ID, map[string]string{"category": "other"}, "lasku.pdf", html, "en")
		want(t, r, http.StatusUnprocessableEntity)
		if !strings.Contains(r.Body.String(), "is not a PDF, PNG or JPEG file") {
			t.Errorf("refusal in English: %s", r.Body)
		}
		// A PDF that is also a web page (a polyglot): 422.
		want(t, upload(cw, c.ID, map[string]string{"category": "other"}, "x.pdf", testPDF("<html><script>alert(1)</script>"), "fi"), http.StatusUnprocessableEntity)
		// Over the limit: 413 with the limit in the message.
		big := append(testPDF("iso"), bytes.Repeat([]byte("0"), 10<<20)...)
		r = upload(cw, c.ID, map[string]string{"category": "other"}, "iso.pdf", big, "fi")
		want(t, r, http.StatusRequestEntityTooLarge)
		if !strings.Contains(r.Body.String(), "10 Mt") {
			t.Errorf("too large: %s", r.Body)
		}
		// Not multipart: 415. Another client's consent: 422.
		want(t, h.call(t, "POST", path(c.ID, "/attachments"), cw, map[string]any{"category": "other"}), http.StatusUnsupportedMediaType)
		wo := h.call(t, "POST", path(other.ID, "/consents"), cw, map[string]any{"type": "e-service", "given": today})
		otherConsent := decodeAs[map[string]any](t, wo)["id"].(string)
		want(t, upload(cw, c.ID, map[string]string{"category": "signed-consent", "consentId": otherConsent}, "x.pdf", pdf, "fi"), http.StatusUnprocessableEntity)

		// Never changed: 405.
		for _, m := range []string{"PUT", "PATCH", "DELETE"} {
			want(t, h.call(t, m, path(c.ID, "/attachments/"+id+"/content"), cw, nil), http.StatusMethodNotAllowed)
		}

		// Scoped: another organisation's client and attachment, another
		// client's attachment under my client.
		r = upload(cw, other.ID, map[string]string{"category": "decision"}, "", pdf, "fi")
		want(t, r, http.StatusCreated)
		otherAtt := decodeAs[map[string]any](t, r)["id"].(string)
		r = upload(outsider, foreign.ID, map[string]string{"category": "decision"}, "", pdf, "fi")
		want(t, r, http.StatusCreated)
		foreignAtt := decodeAs[map[string]any](t, r)["id"].(string)
		for _, p := range []string{
			path(c.ID, "/attachments/"+otherAtt+"/content"),
			path(c.ID, "/attachments/"+foreignAtt+"/content"),
			path(foreign.ID, "/attachments/"+foreignAtt+"/content"),
			path(foreign.ID, "/attachments"),
		} {
			want(t, h.call(t, "GET", p, cw, nil), http.StatusNotFound)
		}
		want(t, h.call(t, "GET", path(c.ID, "/attachments/"+id+"/content"), outsider, nil), http.StatusNotFound)
		want(t, upload(outsider, c.ID, map[string]string{"category": "other"}, "", pdf, "fi"), http.StatusNotFound)

		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'attachment.read' AND touched = 'attachment:`+id+`' AND result = 'allowed'`); n != 1 {
			t.Errorf("downloads logged: %d, want 1", n)
		}
		if n := h.count(t, `SELECT COUNT(*) FROM audit_entries WHERE action = 'attachment.read' AND result = 'denied'`); n < 4 {
			t.Errorf("refused downloads logged: %d", n)
		}
	})
}
