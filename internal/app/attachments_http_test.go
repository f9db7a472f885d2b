package app

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"

	"koto/internal/access"
	"koto/internal/store/storetest"
)

// Uploads through the handler "koto serve" builds: a cross-site upload
// with a valid session is refused and stores nothing (the browser's
// cross-origin protection, as for every form POST); an upload larger than
// the 1 MiB limit of other bodies but within the attachment limit is
// accepted; one over the attachment limit is 413 with the form's other
// fields kept; the download is a file, never shown inline.
func TestAttachmentUploadThroughTheServer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		w := newWorld(t, engine)
		sup := w.users[access.Supervisor]
		clientID := w.newClient(t, w.supA)
		path := "/clients/" + clientID + "/attachments"
		stored := func() int {
			as, err := w.env.Attachments.List(context.Background(), w.supA, clientID)
			if err != nil {
				t.Fatal(err)
			}
			return len(as)
		}
		pdf := func(size int) []byte {
			b := []byte("%PDF-1.4\n%")
			b = append(b, bytes.Repeat([]byte("0"), size)...)
			return append(b, "\n%%EOF\n"...)
		}

		req := w.uiRequest("POST", path, uploadBody{fields: map[string]string{"category": "decision"}, fileName: "p.pdf", content: pdf(100)}, sup.session)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		if res := w.do(t, req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site upload: %d", res.StatusCode)
		}
		if n := stored(); n != 0 {
			t.Fatalf("a cross-site upload stored %d attachments", n)
		}

		res := w.do(t, w.uiRequest("POST", path, uploadBody{fields: map[string]string{"category": "decision"}, fileName: "p.pdf", content: pdf(3 << 20)}, sup.session))
		if res.StatusCode != http.StatusSeeOther || stored() != 1 {
			t.Fatalf("a 3 MiB upload: %d, %d stored\n%s", res.StatusCode, stored(), res.body)
		}

		res = w.do(t, w.uiRequest("POST", path, uploadBody{fields: map[string]string{"category": "certificate", "title": "Kielitodistus"},
			fileName: "iso.pdf", content: pdf(11 << 20)}, sup.session))
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "Tiedosto on liian suuri. Suurin sallittu koko on 10 Mt.") ||
			!strings.Contains(res.body, `value="Kielitodistus"`) || !strings.Contains(res.body, `<option value="certificate" selected>`) {
			t.Errorf("too large: %d\n%s", res.StatusCode, res.body)
		}
		if n := stored(); n != 1 {
			t.Errorf("%d stored after the refusal", n)
		}

		as, err := w.env.Attachments.List(context.Background(), w.supA, clientID)
		if err != nil {
			t.Fatal(err)
		}
		res = w.do(t, w.uiRequest("GET", path+"/"+as[0].ID+"/content", nil, sup.session))
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Disposition") != `attachment; filename="liite-`+as[0].ID+`.pdf"` ||
			res.Header.Get("Content-Type") != "application/pdf" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download: %d %v", res.StatusCode, res.Header)
		}
	})
}
