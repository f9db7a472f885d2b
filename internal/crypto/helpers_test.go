package crypto

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func newTestRing(t testing.TB) *MasterRing {
	t.Helper()
	r, err := NewRingFile()
	if err != nil {
		t.Fatalf("NewRingFile: %v", err)
	}
	return r
}

func newTestDEK(t testing.TB) []byte {
	t.Helper()
	dek, err := NewDataKey()
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}
	return dek
}

func newTestOrgKey(t testing.TB, orgID, id string) OrgKey {
	t.Helper()
	k, err := NewOrgKey(orgID, id)
	if err != nil {
		t.Fatalf("NewOrgKey: %v", err)
	}
	return k
}

// flip returns a copy of b with bit 0 of byte i inverted.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 1
	return c
}

// wantDecryptErr fails unless err wraps ErrDecrypt and its message contains
// none of the secrets.
func wantDecryptErr(t *testing.T, err error, secrets ...[]byte) {
	t.Helper()
	if !errors.Is(err, ErrDecrypt) {
		t.Fatalf("err = %v, want ErrDecrypt", err)
	}
	for _, s := range secrets {
		if len(s) > 0 && strings.Contains(err.Error(), string(s)) {
			t.Fatalf("error message %q leaks secret material", err)
		}
	}
}
