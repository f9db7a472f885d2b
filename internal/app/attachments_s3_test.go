package app

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"koto/internal/access"
	"koto/internal/attachment"
	"koto/internal/blob/s3"
	"koto/internal/blob/s3test"
	"koto/internal/civil"
	"koto/internal/client"
	"koto/internal/config"
	"koto/internal/store"
	"koto/internal/testenv"
)

// With --blob-url the attachments go to the S3-compatible store named
// there (a real server, s3rver, started by the test): an upload reads
// back as given, and what the server keeps on its disk is sealed — the
// text in the PDF is nowhere in its directory.
func TestAttachmentsInS3(t *testing.T) {
	srv := s3test.Start(t)
	fset := flag.NewFlagSet("koto serve", flag.ContinueOnError)
	cfg := config.Register(fset, func(k string) string {
		return map[string]string{"KOTO_BLOB_URL": "s3://" + s3test.Bucket + "?endpoint=" + srv.Endpoint + "&region=eu-north-1",
			"KOTO_S3_ACCESS_KEY_ID": s3test.AccessKey, "KOTO_S3_SECRET_ACCESS_KEY": s3test.SecretKey}[k]
	})
	if err := fset.Parse([]string{"--data-dir", t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	blobs, err := openBlobs(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := blobs.(*s3.Store); !ok {
		t.Fatalf("blob store %T, want S3", blobs)
	}
	env := testenv.New(t, "sqlite")
	env.AddOrg(t, "001")
	cw := env.AddUser(t, "001", "cw", access.Caseworker)
	ctx := context.Background()
	c, _, err := env.Clients.Create(ctx, cw, client.Details{FirstNames: "Pilvi", LastName: "Liite", BirthDate: civil.Date{Year: 1990, Month: 2, Day: 3}}, client.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	svc := attachment.NewService(env.DB.Attachments(), blobs, store.NewID, int64(cfg.AttachmentMaxMiB)<<20)
	const marker = "S3-SALAINEN-MERKKI"
	pdf := []byte("%PDF-1.4\n% " + marker + "\n%%EOF\n")
	a, err := svc.Upload(ctx, cw, c.ID, attachment.Input{Category: attachment.Decision, Content: pdf})
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := svc.Content(ctx, cw, c.ID, a.ID); err != nil || !bytes.Equal(got, pdf) {
		t.Fatalf("content: %v", err)
	}
	if ids, err := blobs.List(ctx, cw.OrgID, c.ID); err != nil || len(ids) != 1 || ids[0] != a.ID {
		t.Errorf("blobs of the client: %v, %v", ids, err)
	}
	files := 0
	err = filepath.WalkDir(srv.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte(marker)) {
			t.Errorf("%s holds the plaintext", p)
		}
		return err
	})
	if err != nil || files == 0 {
		t.Errorf("walked %d files of the server: %v", files, err)
	}
}
