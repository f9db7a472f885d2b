package web

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/attachment"
	"koto/internal/civil"
	"koto/internal/store/storetest"
)

// upload posts a multipart form with a file part "file" as a browser
// does: the fields first, the file last.
func (s *harness) upload(t *testing.T, path string, fields map[string]string, fileName string, content []byte, session *http.Cookie) response {
	t.Helper()
	return s.uploadAs(t, path, "file", fields, fileName, content, session)
}

// uploadAs is upload with the file in the part fileField.
func (s *harness) uploadAs(t *testing.T, path, fileField string, fields map[string]string, fileName string, content []byte, session *http.Cookie) response {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	fw, err := mw.CreateFormFile(fileField, fileName)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(content)
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(session)
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return response{Response: res, Body: string(body)}
}

func webPDF(marker string) []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + marker + "\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// The attachments page: linked from the card; an upload shows by its
// category's name with a download link; the download is a file; a wrong
// type comes back with the Finnish message at the file and the other
// fields as typed; a signed form uploaded from the consents page shows
// linked there; another organisation's client and attachment, and
// another client's attachment under this client, are 404.
func TestAttachmentsPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw, other := s.login(t, "cw.a"), s.login(t, "cw.b")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(9, 9, 89, 933), "lastName": "Liitteinen"}), cw)
		id2 := s.create(t, newClientForm(map[string]string{"hetu": hetu(10, 9, 89, 934), "lastName": "Toinen"}), cw)
		foreign := s.create(t, newClientForm(map[string]string{"hetu": hetu(11, 9, 89, 935), "lastName": "Vieras"}), other)
		path := "/clients/" + id + "/attachments"

		mustContain(t, s.do(t, "GET", "/clients/"+id, nil, cw).Body, `href="`+path+`"`, fi("attachments.link"))
		res := s.do(t, "GET", path, nil, cw)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("attachments.none"), `enctype="multipart/form-data"`, fi("attachment.category.certificate"))

		res = s.upload(t, path, map[string]string{"category": "certificate", "title": "Kielitodistus"}, "todistus.pdf", []byte("<html><body>ei pdf</body></html>"), cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("html as pdf: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("attachment.type_unsupported"), `href="#f-file"`, `value="Kielitodistus"`, `<option value="certificate" selected>`)

		res = s.upload(t, path, map[string]string{"category": "certificate", "title": "Kielitodistus"}, "todistus.pdf", webPDF("x"), cw)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
			t.Fatalf("upload: %d\n%s", res.StatusCode, res.Body)
		}
		res = s.do(t, "GET", path, nil, cw)
		mustContain(t, res.Body, fi("attachment.category.certificate"), "Kielitodistus", "cw.a")
		if strings.Contains(res.Body, ">certificate<") {
			t.Error("a code shown instead of a name")
		}
		i := strings.Index(res.Body, `/content"`)
		if i < 0 {
			t.Fatal("no download link")
		}
		link := res.Body[strings.LastIndex(res.Body[:i], `"`)+1 : i+len("/content")]
		res = s.do(t, "GET", link, nil, cw)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment; ") ||
			res.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(res.Body, "%PDF-") {
			t.Errorf("download: %d %v", res.StatusCode, res.Header)
		}
		attID := strings.TrimSuffix(strings.TrimPrefix(link, path+"/"), "/content")

		// The signed form from the consents page.
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		if res := s.do(t, "POST", "/clients/"+id+"/consents", url.Values{"type": {"e-service"}, "given": {today}, "channel": {"paper"}}, cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("give: %d", res.StatusCode)
		}
		res = s.do(t, "GET", "/clients/"+id+"/consents", nil, cw)
		i = strings.Index(res.Body, path+"?consent=")
		if i < 0 {
			t.Fatalf("no link to attach the signed form\n%s", res.Body)
		}
		attach := res.Body[i : i+strings.Index(res.Body[i:], `"`)]
		consentID := strings.TrimPrefix(attach, path+"?consent=")
		res = s.do(t, "GET", attach, nil, cw)
		mustContain(t, res.Body, `name="consentId" value="`+consentID+`"`, `<option value="signed-consent" selected>`, fi("attachments.linked_to_consent"))
		if res := s.upload(t, path, map[string]string{"category": "signed-consent", "consentId": consentID}, "lomake.pdf", webPDF("y"), cw); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("signed form: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", "/clients/"+id+"/consents", nil, cw).Body, fi("attachments.consent.forms"), path+"/")

		// Scoped to the client and the organisation.
		theirs, err := s.env.Attachments.Upload(context.Background(), s.env.AddUser(t, "002", "sup.b", access.Supervisor), foreign,
			attachment.Input{Category: attachment.Decision, Content: webPDF("w")})
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name, path string
			session    *http.Cookie
		}{
			{"my attachment by another organisation", link, other},
			{"another organisation's client's list", "/clients/" + foreign + "/attachments", cw},
			{"another client's attachment under my client", "/clients/" + id2 + "/attachments/" + attID + "/content", cw},
			{"another organisation's attachment under my client", path + "/" + theirs.ID + "/content", cw},
			{"another organisation's attachment", "/clients/" + foreign + "/attachments/" + theirs.ID + "/content", cw},
		} {
			if res := s.do(t, "GET", tt.path, nil, tt.session); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", tt.name, res.StatusCode)
			}
		}
		if res := s.upload(t, "/clients/"+foreign+"/attachments", map[string]string{"category": "other"}, "x.pdf", webPDF("z"), cw); res.StatusCode != http.StatusNotFound {
			t.Errorf("upload to another organisation's client: %d", res.StatusCode)
		}
	})
}

// The signed form can come with the consent: a wrong type is refused
// before the consent is recorded (the form comes back with the error at
// the file); a PDF is stored as the consent's attachment.
func TestConsentWithSignedForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		s := newHarness(t, engine)
		cw := s.login(t, "cw.a")
		id := s.create(t, newClientForm(map[string]string{"hetu": hetu(12, 9, 89, 936), "lastName": "Lomakkeellinen"}), cw)
		today := civil.DateOf(time.Now().In(civil.Helsinki)).String()
		fields := map[string]string{"type": "e-service", "given": today, "channel": "paper"}
		path := "/clients/" + id + "/consents"
		mustContain(t, s.do(t, "GET", path, nil, cw).Body, `enctype="multipart/form-data"`, `name="signedForm"`)

		res := s.uploadAs(t, path, "signedForm", fields, "lomake.pdf", []byte("<html><body>x</body></html>"), cw)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("html as the signed form: %d", res.StatusCode)
		}
		mustContain(t, res.Body, fi("attachment.type_unsupported"), `href="#f-signedForm"`, `<option value="e-service" selected>`)
		if cs, err := s.env.Consents.List(context.Background(), s.env.AddUser(t, "001", "sup.check", access.Supervisor), id); err != nil || len(cs) != 0 {
			t.Fatalf("a consent was recorded with a refused form: %v, %v", cs, err)
		}

		res = s.uploadAs(t, path, "signedForm", fields, "lomake.pdf", webPDF("allekirjoitettu"), cw)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("consent with its form: %d\n%s", res.StatusCode, res.Body)
		}
		mustContain(t, s.do(t, "GET", path, nil, cw).Body, fi("attachments.consent.forms"), "/clients/"+id+"/attachments/")
		res = s.do(t, "GET", "/clients/"+id+"/attachments", nil, cw)
		mustContain(t, res.Body, fi("attachment.category.signed-consent"), fi("attachments.for_consent"))
	})
}
