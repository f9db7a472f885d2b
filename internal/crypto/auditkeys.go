package crypto

import (
	"crypto/ed25519"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
)

// Labels of the keys derived for the access log (ADR 12). Each purpose has
// a key of its own, so a value computed for one can never pass for another.
const (
	labelAuditChain      = "koto/audit-chain/v1"
	labelAuditEntry      = "koto/audit-entry/v1"
	labelAuditCheckpoint = "koto/audit-checkpoint/v1"
)

// AuditKeys are the access log's keys: the chain key (each sealed entry's
// hash is an HMAC-SHA256 under it), the entry key (an HMAC-SHA256 of every
// entry's content, set when it is written) and the Ed25519 key that signs
// checkpoints of the chain heads. They never enter the database, so someone
// who can only write the database cannot compute any of them.
//
// They are derived with HKDF-SHA256 from the ring's blind-index key under
// labels of their own rather than stored as fields of the ring file: every
// existing ring file (and every server given the same file) has them at
// once, with no change to the file format an older Koto would refuse, and
// the blind-index key is never rotated, as the chain must stay verifiable
// for as long as the log is kept. An AuditKeys is safe for concurrent use.
type AuditKeys struct {
	chain []byte
	entry []byte
	sign  ed25519.PrivateKey
}

// AuditKeys derives the access log's keys from the ring.
func (r *MasterRing) AuditKeys() *AuditKeys {
	return NewAuditKeys(r.blindKey)
}

// NewAuditKeys derives the access log's keys from a KeySize-byte secret;
// MasterRing.AuditKeys passes the blind-index key.
func NewAuditKeys(secret []byte) *AuditKeys {
	derive := func(label string) []byte {
		k, err := hkdf.Key(sha256.New, secret, nil, label, KeySize)
		if err != nil {
			// hkdf.Key fails only for lengths above 255 hash sizes.
			panic("crypto: derive audit key: " + err.Error())
		}
		return k
	}
	seed := derive(labelAuditCheckpoint)
	defer Wipe(seed)
	return &AuditKeys{chain: derive(labelAuditChain), entry: derive(labelAuditEntry), sign: ed25519.NewKeyFromSeed(seed)}
}

// ChainMAC returns the HMAC-SHA256 of msg under the chain key.
func (k *AuditKeys) ChainMAC(msg []byte) []byte { return mac(k.chain, msg) }

// EntryMAC returns the HMAC-SHA256 of msg under the entry key.
func (k *AuditKeys) EntryMAC(msg []byte) []byte { return mac(k.entry, msg) }

// SignCheckpoint returns the Ed25519 signature of msg.
func (k *AuditKeys) SignCheckpoint(msg []byte) []byte { return ed25519.Sign(k.sign, msg) }

// CheckpointPublicKey is the key that verifies SignCheckpoint's signatures.
// It is not secret: an auditor verifies checkpoints with it alone.
func (k *AuditKeys) CheckpointPublicKey() ed25519.PublicKey {
	return k.sign.Public().(ed25519.PublicKey)
}

func mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}
