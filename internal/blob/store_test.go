package blob_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"koto/internal/blob"
	"koto/internal/blob/s3"
	"koto/internal/blob/s3test"
)

// eachStore runs fn on every Store implementation: the filesystem store,
// and the S3 store against a real S3-compatible server started for the
// test (s3test).
func eachStore(t *testing.T, fn func(t *testing.T, s blob.Store)) {
	t.Run("fs", func(t *testing.T) {
		s, err := blob.NewFS(filepath.Join(t.TempDir(), "blobs"))
		if err != nil {
			t.Fatal(err)
		}
		fn(t, s)
	})
	t.Run("s3", func(t *testing.T) {
		fn(t, startS3(t))
	})
}

// startS3 starts s3rver and returns an S3 store on it.
func startS3(t *testing.T) *s3.Store {
	t.Helper()
	srv := s3test.Start(t)
	s, err := s3.New(s3.Config{Endpoint: srv.Endpoint, Bucket: s3test.Bucket, Region: "eu-north-1",
		AccessKey: s3test.AccessKey, SecretKey: s3test.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The contract of a Store: a blob reads back as written, a missing one is
// ErrNotFound for Get and Delete, List finds exactly one client's blobs,
// and a key that is not made of opaque ids is refused.
func TestStoreContract(t *testing.T) {
	eachStore(t, func(t *testing.T, s blob.Store) {
		ctx := context.Background()
		k := blob.Key{OrgID: "org1", ClientID: "c1", ID: "a1"}
		if _, err := s.Get(ctx, k); !errors.Is(err, blob.ErrNotFound) {
			t.Fatalf("get before put: %v", err)
		}
		data := bytes.Repeat([]byte{0, 1, 2, 0xff}, 70000) // binary, > 256 KiB
		if err := s.Put(ctx, k, data); err != nil {
			t.Fatal(err)
		}
		got, err := s.Get(ctx, k)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("get: %d bytes, %v", len(got), err)
		}
		for _, o := range []blob.Key{{"org1", "c1", "a2"}, {"org1", "c2", "a3"}, {"org2", "c1", "a4"}} {
			if err := s.Put(ctx, o, []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Put(ctx, blob.Key{"org1", "c1", "empty"}, nil); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Get(ctx, blob.Key{"org1", "c1", "empty"}); err != nil || len(got) != 0 {
			t.Errorf("empty blob: %q, %v", got, err)
		}
		ids, err := s.List(ctx, "org1", "c1")
		slices.Sort(ids)
		if err != nil || !slices.Equal(ids, []string{"a1", "a2", "empty"}) {
			t.Errorf("list: %v, %v", ids, err)
		}
		if err := s.Delete(ctx, k); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, k); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("get after delete: %v", err)
		}
		if err := s.Delete(ctx, k); !errors.Is(err, blob.ErrNotFound) {
			t.Errorf("second delete: %v", err)
		}
		for _, bad := range []blob.Key{{"..", "c", "a"}, {"o", "c/d", "a"}, {"o", "c", "a.pdf"}} {
			if err := s.Put(ctx, bad, []byte("x")); err == nil {
				t.Errorf("put %v allowed", bad)
			}
		}
	})
}
