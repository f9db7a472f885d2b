package crypto

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
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
