package attachment_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/attachment"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/consent"
	"koto/internal/store/storetest"
	"koto/internal/testenv"
)

var ctx = context.Background()

// marker is text in the test PDF that must never be found at rest.
const marker = "SALAINEN-LIITE-MERKKI"

type fixture struct {
	env                          *testenv.Env
	cw, sup, foreign             access.Actor
	clientID, otherID, foreignID string
}

func setup(t *testing.T, engine string) fixture {
	t.Helper()
	env := testenv.New(t, engine)
	env.AddOrg(t, "240")
	env.AddOrg(t, "091")
	f := fixture{env: env, cw: env.AddUser(t, "240", "ohjaaja", access.Caseworker),
		sup:     env.AddUser(t, "240", "esihenkilo", access.Supervisor),
		foreign: env.AddUser(t, "091", "vieras", access.Caseworker, access.Supervisor)}
	mk := func(actor access.Actor, last string) string {
		c, _, err := env.Clients.Create(ctx, actor, client.Details{FirstNames: "Liite", LastName: last, BirthDate: civil.Date{Year: 1991, Month: 4, Day: 5}}, client.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	f.clientID, f.otherID, f.foreignID = mk(f.cw, "Asiakas"), mk(f.cw, "Toinen"), mk(f.foreign, "Vieras")
	return f
}

func (f fixture) upload(t *testing.T, actor access.Actor, clientID string, in attachment.Input) attachment.Attachment {
	t.Helper()
	a, err := f.env.Attachments.Upload(ctx, actor, clientID, in)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// An attachment is uploaded, listed, downloaded as it was given; at rest
// neither the blob nor the row holds its plaintext; each download is in
// the access log with the attachment's id.
func TestAttachmentUploadedSealedAndDownloaded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		c, err := f.env.Consents.Give(ctx, f.cw, f.clientID, consent.Input{Type: consent.EService,
			Given: civil.DateOf(time.Now().In(civil.Helsinki)).String(), Channel: "paper"})
		if err != nil {
			t.Fatal(err)
		}
		pdf := attachment.MinimalPDF(marker)
		a := f.upload(t, f.cw, f.clientID, attachment.Input{Category: attachment.SignedConsent, ConsentID: c.ID,
			Title: "Allekirjoitettu lomake " + marker, FileName: "lomake.pdf", Content: pdf})
		if a.Type != attachment.PDF || a.Size != int64(len(pdf)) || a.ConsentID != c.ID || a.Recorder != "ohjaaja" {
			t.Errorf("uploaded %+v", a)
		}
		list, err := f.env.Attachments.List(ctx, f.sup, f.clientID)
		if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].Title != "Allekirjoitettu lomake "+marker {
			t.Fatalf("list: %+v, %v", list, err)
		}
		got, content, err := f.env.Attachments.Content(ctx, f.cw, f.clientID, a.ID)
		if err != nil || !bytes.Equal(content, pdf) || got.ID != a.ID {
			t.Fatalf("content: %v", err)
		}
		// At rest: no file under the blob directory and no row holds the
		// marker; the blob's name is the opaque id.
		found := 0
		err = filepath.WalkDir(f.env.Blobs.Dir(), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			found++
			b, err := os.ReadFile(p)
			if bytes.Contains(b, []byte(marker)) || bytes.Contains(b, []byte("%PDF")) {
				t.Errorf("blob %s holds plaintext", p)
			}
			if filepath.Base(p) != a.ID {
				t.Errorf("blob named %s, want the attachment id", filepath.Base(p))
			}
			return err
		})
		if err != nil || found != 1 {
			t.Errorf("blobs found: %d, %v", found, err)
		}
		var title []byte
		if err := f.env.DB.SQL().QueryRow(`SELECT title_enc FROM attachments WHERE id = '` + a.ID + `'`).Scan(&title); err != nil {
			t.Fatal(err)
		}
		if len(title) == 0 || bytes.Contains(title, []byte(marker)) {
			t.Error("title stored in the clear")
		}
		var n int
		if err := f.env.DB.SQL().QueryRow(`SELECT COUNT(*) FROM audit_entries WHERE action = 'attachment.read' AND touched = 'attachment:` + a.ID + `' AND client_id = '` + f.clientID + `'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("download log entries: %d, want 1", n)
		}
	})
}

// Another organisation's attachment, an attachment of another client of
// the own organisation under this client's id, and a consent of another
// client are all not found — no content leaves.
func TestAttachmentsScopedToClientAndOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		pdf := attachment.MinimalPDF(marker)
		mine := f.upload(t, f.cw, f.clientID, attachment.Input{Category: attachment.Certificate, FileName: "todistus.pdf", Content: pdf})
		other := f.upload(t, f.cw, f.otherID, attachment.Input{Category: attachment.Decision, Content: pdf})
		theirs := f.upload(t, f.foreign, f.foreignID, attachment.Input{Category: attachment.Decision, Content: pdf})

		for _, tt := range []struct {
			name            string
			actor           access.Actor
			clientID, attID string
		}{
			{"another organisation's attachment under my client", f.cw, f.clientID, theirs.ID},
			{"another organisation's client and attachment", f.cw, f.foreignID, theirs.ID},
			{"another client's attachment under my client", f.cw, f.clientID, other.ID},
			{"my attachment by another organisation", f.foreign, f.clientID, mine.ID},
			{"my attachment under another organisation's client", f.foreign, f.foreignID, mine.ID},
		} {
			if _, content, err := f.env.Attachments.Content(ctx, tt.actor, tt.clientID, tt.attID); !apperr.Is(err, apperr.NotFound) || content != nil {
				t.Errorf("%s: %v, %d bytes", tt.name, err, len(content))
			}
		}
		if _, err := f.env.Attachments.List(ctx, f.foreign, f.clientID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("list by another organisation: %v", err)
		}
		c, err := f.env.Consents.Give(ctx, f.cw, f.otherID, consent.Input{Type: consent.EService,
			Given: civil.DateOf(time.Now().In(civil.Helsinki)).String()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.env.Attachments.Upload(ctx, f.cw, f.clientID, attachment.Input{Category: attachment.SignedConsent, ConsentID: c.ID, Content: pdf})
		if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || ae.Fields[0].Field != "consentId" {
			t.Errorf("another client's consent: %v", err)
		}
		// The refused upload left no blob behind.
		if ids, err := f.env.Blobs.List(ctx, f.cw.OrgID, f.clientID); err != nil || len(ids) != 1 {
			t.Errorf("blobs of the client: %v, %v", ids, err)
		}
	})
}

// A sealed blob moved to another attachment's place does not open: the
// content is bound to its organisation, client and id.
func TestAttachmentBlobBoundToItsPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		a := f.upload(t, f.cw, f.clientID, attachment.Input{Category: attachment.Other, Content: attachment.MinimalPDF("a")})
		b := f.upload(t, f.cw, f.clientID, attachment.Input{Category: attachment.Other, Content: attachment.MinimalPDF("b")})
		src := filepath.Join(f.env.Blobs.Dir(), f.cw.OrgID, f.clientID, a.ID)
		dst := filepath.Join(f.env.Blobs.Dir(), f.cw.OrgID, f.clientID, b.ID)
		sealed, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, sealed, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.env.Attachments.Content(ctx, f.cw, f.clientID, b.ID); err == nil {
			t.Error("a blob swapped in from another attachment opened")
		}
	})
}

// Attachments are never changed in the database, also not by a writer
// with the application's rights.
func TestAttachmentsNeverEditedInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		f.upload(t, f.cw, f.clientID, attachment.Input{Category: attachment.Other, Content: attachment.MinimalPDF("a")})
		for _, q := range []string{`UPDATE attachments SET category = 'decision'`, `DELETE FROM attachments`} {
			tx, err := f.env.DB.SQL().Begin()
			if err != nil {
				t.Fatal(err)
			}
			if engine == "postgres" {
				for _, s := range []string{`SET LOCAL ROLE koto_app`, `SELECT set_config('koto.org_id', '` + f.cw.OrgID + `', true)`} {
					if _, err := tx.Exec(s); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := tx.Exec(q); err == nil {
				t.Errorf("%s: allowed", q)
			}
			_ = tx.Rollback()
		}
	})
}

// A refused upload — a type that is not accepted, or too large — stores
// nothing.
func TestAttachmentRefusedStoresNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		html := []byte("<!doctype html><html><script>alert(1)</script></html>")
		_, err := f.env.Attachments.Upload(ctx, f.cw, f.clientID, attachment.Input{Category: attachment.Other, FileName: "lomake.pdf", Content: html})
		if ae, ok := apperr.As(err); !ok || ae.Kind != apperr.Invalid || ae.Fields[0].Key != "attachment.type_unsupported" {
			t.Errorf("html as pdf: %v", err)
		}
		list, err := f.env.Attachments.List(ctx, f.cw, f.clientID)
		if err != nil || len(list) != 0 {
			t.Errorf("list after refusals: %v, %v", list, err)
		}
		if ids, err := f.env.Blobs.List(ctx, f.cw.OrgID, f.clientID); err != nil || len(ids) != 0 {
			t.Errorf("blobs after refusals: %v, %v", ids, err)
		}
	})
}

// An attachment uploaded to a record that is later merged into another
// shows and downloads under the surviving record (the same person's
// document), still opened with the key it was sealed with.
func TestAttachmentOfMergedRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		f := setup(t, engine)
		pdf := attachment.MinimalPDF("yhdistetty")
		a := f.upload(t, f.sup, f.otherID, attachment.Input{Category: attachment.Certificate, Title: "Todistus", Content: pdf})
		if _, err := f.env.Clients.MergeClients(ctx, f.sup, f.clientID, f.otherID, nil); err != nil {
			t.Fatal(err)
		}
		list, err := f.env.Attachments.List(ctx, f.sup, f.clientID)
		if err != nil || len(list) != 1 || list[0].ID != a.ID || list[0].Title != "Todistus" {
			t.Fatalf("list of the survivor: %+v, %v", list, err)
		}
		if _, content, err := f.env.Attachments.Content(ctx, f.sup, f.clientID, a.ID); err != nil || !bytes.Equal(content, pdf) {
			t.Errorf("download under the survivor: %v", err)
		}
	})
}
