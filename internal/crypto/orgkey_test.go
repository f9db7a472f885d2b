package crypto

import (
	"bytes"
	"errors"
	"testing"
)

func TestClientKeyRoundTrip(t *testing.T) {
	k := newTestOrgKey(t, "org-a", "o1")
	dek := newTestDEK(t)
	wrapped, err := k.WrapClientKey("client-1", dek)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := SealedKeyID(wrapped); err != nil || id != "o1" {
		t.Fatalf("SealedKeyID = %q, %v; want o1", id, err)
	}
	got, err := k.UnwrapClientKey("client-1", wrapped)
	if err != nil || !bytes.Equal(got, dek) {
		t.Fatalf("UnwrapClientKey = %x, %v", got, err)
	}

	// The org key survives a round trip through its raw bytes, as it does
	// through the store.
	raw := k.Bytes()
	reopened := OpenOrgKey("org-a", "o1", raw)
	Wipe(raw) // OpenOrgKey must have copied
	got, err = reopened.UnwrapClientKey("client-1", wrapped)
	if err != nil || !bytes.Equal(got, dek) {
		t.Fatalf("reopened UnwrapClientKey = %x, %v", got, err)
	}
}

func TestClientKeyWrongOwner(t *testing.T) {
	a := newTestOrgKey(t, "org-a", "o1")
	dek := newTestDEK(t)
	wrapped, err := a.WrapClientKey("client-1", dek)
	if err != nil {
		t.Fatal(err)
	}
	raw := a.Bytes()
	tests := []struct {
		name     string
		key      OrgKey
		clientID string
		wrapped  []byte
		unknown  bool // expect ErrUnknownKey as well
	}{
		{"org B key", newTestOrgKey(t, "org-b", "o1"), "client-1", wrapped, false},
		// Same key material, claimed by another organisation: the AD
		// binding alone must reject it.
		{"org A key bytes as org B", OpenOrgKey("org-b", "o1", raw), "client-1", wrapped, false},
		{"other client", a, "client-2", wrapped, false},
		{"other org key version", OpenOrgKey("org-a", "o2", raw), "client-1", wrapped, true},
		{"tampered key id", a, "client-1", flip(wrapped, 2), true},
		{"tampered nonce", a, "client-1", flip(wrapped, 4), false},
		{"tampered ciphertext", a, "client-1", flip(wrapped, 4+12), false},
		{"tampered tag", a, "client-1", flip(wrapped, len(wrapped)-1), false},
		{"truncated", a, "client-1", wrapped[:len(wrapped)-1], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.key.UnwrapClientKey(tt.clientID, tt.wrapped)
			wantDecryptErr(t, err, dek, raw)
			if tt.unknown != errors.Is(err, ErrUnknownKey) {
				t.Fatalf("errors.Is(err, ErrUnknownKey) = %v, want %v (err %v)", !tt.unknown, tt.unknown, err)
			}
		})
	}
}

func TestOrgKeyInvalid(t *testing.T) {
	dek := newTestDEK(t)
	tests := []struct {
		name string
		key  OrgKey
	}{
		{"zero value", OrgKey{}},
		{"short raw", OpenOrgKey("org-a", "o1", dek[:31])},
		{"empty org", OpenOrgKey("", "o1", dek)},
		{"bad id", OpenOrgKey("org-a", "o/1", dek)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.key.WrapClientKey("client-1", dek); err == nil {
				t.Fatal("WrapClientKey succeeded, want error")
			}
			if _, err := tt.key.UnwrapClientKey("client-1", []byte{1, 1, 'x'}); err == nil {
				t.Fatal("UnwrapClientKey succeeded, want error")
			}
		})
	}
	k := newTestOrgKey(t, "org-a", "o1")
	if _, err := k.WrapClientKey("client-1", dek[:16]); err == nil {
		t.Fatal("WrapClientKey accepted a 16-byte data key")
	}
	if _, err := k.WrapClientKey("", dek); err == nil {
		t.Fatal("WrapClientKey accepted an empty client id")
	}
	if _, err := NewOrgKey("org-a", ""); err == nil {
		t.Fatal("NewOrgKey accepted an empty id")
	}
}

// TestCryptoShredding runs the full hierarchy and shows that losing the
// wrapped client key makes the field unreadable even with every other key.
func TestCryptoShredding(t *testing.T) {
	ring := newTestRing(t)
	org := newTestOrgKey(t, "org-a", "o1")
	raw := org.Bytes()
	wrappedOrg, err := ring.WrapOrgKey("org-a", raw)
	Wipe(raw)
	if err != nil {
		t.Fatal(err)
	}
	dek := newTestDEK(t)
	wrappedDEK, err := org.WrapClientKey("client-1", dek)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := SealField(dek, "d1", []byte("131052-308T"), testAD)
	if err != nil {
		t.Fatal(err)
	}
	Wipe(dek)

	// Read path: ring -> org key -> client key -> field.
	rawOrg, err := ring.UnwrapOrgKey("org-a", wrappedOrg)
	if err != nil {
		t.Fatal(err)
	}
	// The org key id ("o1") is stored by the store beside wrappedOrg;
	// wrappedOrg.KeyID names the master key.
	org2 := OpenOrgKey("org-a", "o1", rawOrg)
	Wipe(rawOrg)
	dek2, err := org2.UnwrapClientKey("client-1", wrappedDEK)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenField(dek2, sealed, testAD)
	if err != nil || string(got) != "131052-308T" {
		t.Fatalf("OpenField = %q, %v", got, err)
	}

	// Erasure: the store deletes wrappedDEK; dek2 only lives in memory
	// and is wiped. Nothing left can open the field.
	Wipe(dek2)
	if _, err := OpenField(dek2, sealed, testAD); !errors.Is(err, ErrDecrypt) {
		t.Fatalf("field still opens after shredding: %v", err)
	}
}

func BenchmarkUnwrapClientKey(b *testing.B) {
	k := newTestOrgKey(b, "org-a", "o1")
	wrapped, err := k.WrapClientKey("client-1", newTestDEK(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		dek, err := k.UnwrapClientKey("client-1", wrapped)
		if err != nil {
			b.Fatal(err)
		}
		Wipe(dek)
	}
}
