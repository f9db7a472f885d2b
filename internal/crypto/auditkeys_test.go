package crypto

import (
	"bytes"
	"crypto/ed25519"
	"testing"
)

// The access log's keys are the same for every server given the same ring
// file, differ between rings, differ from each other and from the
// blind-index key, and survive the ring file's round trip.
func TestAuditKeysDerivation(t *testing.T) {
	ring := newTestRing(t)
	data, err := ring.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	again, err := ParseRing(data)
	if err != nil {
		t.Fatal(err)
	}
	k1, k2, other := ring.AuditKeys(), again.AuditKeys(), newTestRing(t).AuditKeys()
	msg := []byte("entry")
	if !bytes.Equal(k1.ChainMAC(msg), k2.ChainMAC(msg)) || !bytes.Equal(k1.EntryMAC(msg), k2.EntryMAC(msg)) ||
		!k1.CheckpointPublicKey().Equal(k2.CheckpointPublicKey()) {
		t.Fatal("the same ring file derives different audit keys")
	}
	if bytes.Equal(k1.ChainMAC(msg), other.ChainMAC(msg)) || k1.CheckpointPublicKey().Equal(other.CheckpointPublicKey()) {
		t.Fatal("different rings derive the same audit keys")
	}
	keys := [][]byte{k1.chain, k1.entry, k1.sign.Seed(), ring.blindKey}
	for i := range keys {
		for j := range i {
			if bytes.Equal(keys[i], keys[j]) {
				t.Fatalf("audit keys %d and %d are equal", i, j)
			}
		}
	}
	// Rotating the master keys does not change them: entries chained
	// before a rotation stay verifiable.
	if _, err := ring.Rotate(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ring.AuditKeys().ChainMAC(msg), k1.ChainMAC(msg)) {
		t.Fatal("master key rotation changed the chain key")
	}
	sig := k1.SignCheckpoint(msg)
	if !ed25519.Verify(k2.CheckpointPublicKey(), msg, sig) || ed25519.Verify(other.CheckpointPublicKey(), msg, sig) {
		t.Fatal("checkpoint signature does not verify with exactly its own public key")
	}
}
