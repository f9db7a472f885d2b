package blob

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFSPutGetListDelete(t *testing.T) {
	ctx := context.Background()
	s, err := NewFS(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	k := Key{OrgID: "org1", ClientID: "c1", ID: "a1"}
	if _, err := s.Get(ctx, k); !errors.Is(err, ErrNotFound) {
		t.Fatalf("get before put: %v", err)
	}
	if err := s.Put(ctx, k, []byte("sealed bytes")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, k, []byte("other")); err == nil {
		t.Error("a second put of the same key replaced the blob")
	}
	got, err := s.Get(ctx, k)
	if err != nil || !bytes.Equal(got, []byte("sealed bytes")) {
		t.Fatalf("get: %q, %v", got, err)
	}
	fi, err := os.Stat(filepath.Join(s.Dir(), "org1", "c1", "a1"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, err := os.Stat(filepath.Join(s.Dir(), "org1", "c1"))
	if err != nil || di.Mode().Perm() != 0o700 {
		t.Errorf("dir mode %v, %v; want 0700", di.Mode().Perm(), err)
	}
	if err := s.Put(ctx, Key{OrgID: "org1", ClientID: "c1", ID: "a2"}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, Key{OrgID: "org1", ClientID: "c2", ID: "a3"}, []byte("x")); err != nil {
		t.Fatal(err)
	}
	ids, err := s.List(ctx, "org1", "c1")
	slices.Sort(ids)
	if err != nil || !slices.Equal(ids, []string{"a1", "a2"}) {
		t.Errorf("list: %v, %v (no temporary files, no other client's)", ids, err)
	}
	if ids, err := s.List(ctx, "org2", "c1"); err != nil || len(ids) != 0 {
		t.Errorf("list of an unknown client: %v, %v", ids, err)
	}
	if err := s.Delete(ctx, k); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, k); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

// A key is made of opaque identifiers: nothing that climbs out of the
// directory is accepted by any method.
func TestFSRefusesPathsInKeys(t *testing.T) {
	ctx := context.Background()
	s, err := NewFS(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Key{
		{OrgID: "..", ClientID: "c", ID: "a"},
		{OrgID: "o", ClientID: "../../etc", ID: "a"},
		{OrgID: "o", ClientID: "c", ID: "a/b"},
		{OrgID: "o", ClientID: "c", ID: ""},
		{OrgID: "o", ClientID: "c", ID: "liite.pdf"},
	} {
		if err := s.Put(ctx, k, []byte("x")); err == nil {
			t.Errorf("put %v allowed", k)
		}
		if _, err := s.Get(ctx, k); err == nil || errors.Is(err, ErrNotFound) {
			t.Errorf("get %v: %v, want a key error", k, err)
		}
		if err := s.Delete(ctx, k); err == nil || errors.Is(err, ErrNotFound) {
			t.Errorf("delete %v: %v, want a key error", k, err)
		}
	}
	if _, err := s.List(ctx, "..", "c"); err == nil {
		t.Error("list with .. allowed")
	}
}
