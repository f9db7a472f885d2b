package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// BlindIndex returns a deterministic keyed digest of value for exact-match
// lookups without storing the plaintext, e.g. finding a client by HETU.
//
// It is HMAC-SHA256, keyed with the ring's blind-index key, over the
// length-prefixed encoding of ("koto/blind-index/v1", purpose, orgID, value),
// as 64 lowercase hex characters. Because orgID is an input, the same value
// gives unrelated indexes in different organisations, so indexes cannot link
// a person across tenants; purpose (e.g. "hetu") separates indexes of
// different fields.
//
// The value is used byte for byte: the caller must normalise it first (trim,
// upper-case a HETU) so equal values index equally. A blind index of a
// low-entropy value can be brute-forced by anyone holding the blind-index key,
// which is why that key lives only in the ring file, never in the database.
func (r *MasterRing) BlindIndex(orgID, purpose, value string) string {
	mac := hmac.New(sha256.New, r.blindKey)
	buf := make([]byte, 0, lpLen(labelBlindIndex)+lpLen(purpose)+lpLen(orgID)+lpLen(value))
	buf = appendLP(buf, labelBlindIndex)
	buf = appendLP(buf, purpose)
	buf = appendLP(buf, orgID)
	buf = appendLP(buf, value)
	mac.Write(buf)
	Wipe(buf) // buf holds the plaintext value
	return hex.EncodeToString(mac.Sum(nil))
}

// Blinder computes the blind indexes of many values of one organisation and
// purpose — the name-search keys of a client or of a query — without
// setting up the HMAC key for each. Sum(v, n) is the first n bytes of the
// digest BlindIndex(orgID, purpose, v) spells in hex. A Blinder is not safe
// for concurrent use; make one per client or query.
type Blinder struct {
	mac  hash.Hash
	head []byte // LP(label) || LP(purpose) || LP(orgID)
	buf  []byte
}

// Blinder returns a Blinder for orgID and purpose.
func (r *MasterRing) Blinder(orgID, purpose string) *Blinder {
	head := make([]byte, 0, lpLen(labelBlindIndex)+lpLen(purpose)+lpLen(orgID))
	head = appendLP(head, labelBlindIndex)
	head = appendLP(head, purpose)
	head = appendLP(head, orgID)
	return &Blinder{mac: hmac.New(sha256.New, r.blindKey), head: head}
}

// Sum returns the first n bytes (1 to 32) of the blind index of value. A
// digest cut to 16 bytes still makes an accidental collision among the
// keys of one organisation negligible (about 2^-64 for 2^32 keys); it only
// identifies a key, it authenticates nothing.
func (b *Blinder) Sum(value string, n int) []byte {
	if n < 1 || n > sha256.Size {
		panic("crypto: blind index length out of range")
	}
	b.mac.Reset()
	b.buf = appendLP(append(b.buf[:0], b.head...), value)
	b.mac.Write(b.buf)
	Wipe(b.buf) // it holds the plaintext value
	return b.mac.Sum(make([]byte, 0, sha256.Size))[:n]
}
