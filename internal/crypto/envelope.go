package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
)

// KeySize is the length in bytes of every key in the hierarchy: AES-256 keys
// (master, organisation and client data keys) and the HMAC-SHA256 blind-index
// key.
const KeySize = 32

const (
	// blobVersion is the first byte of every sealed blob (sealed fields and
	// wrapped client keys). A new format gets a new version so old blobs
	// stay readable during migration.
	blobVersion byte = 1

	// maxKeyIDLen is the largest key id that fits the one-byte length prefix
	// of the blob header.
	maxKeyIDLen = 255

	// gcmOverhead is what NewGCMWithRandomNonce adds to a plaintext: the
	// 12-byte nonce in front and the 16-byte tag at the end.
	gcmOverhead = 12 + 16
)

// Labels for associated data. They separate the purposes of ciphertexts, so
// a blob produced for one purpose can never be accepted for another, and the
// "v1" lets a later format change the binding without ambiguity.
const (
	labelOrgKey     = "koto/org-key/v1"
	labelClientKey  = "koto/client-key/v1"
	labelField      = "koto/field/v1"
	labelBlindIndex = "koto/blind-index/v1"
)

// ErrDecrypt is returned (wrapped with context) whenever a ciphertext cannot
// be opened: wrong key, wrong associated data, tampering, truncation or an
// unknown format. Callers test for it with errors.Is. The reason is
// deliberately not distinguished further, because an attacker must not learn
// which check failed.
var ErrDecrypt = errors.New("crypto: decryption failed")

// ErrUnknownKey is returned together with ErrDecrypt when a ciphertext names
// a key id that the given key or ring does not hold. It lets the store tell a
// missing or wrong key version (a configuration problem) apart from damaged
// data.
var ErrUnknownKey = errors.New("crypto: unknown key id")

// NewDataKey returns a fresh random client data key (DEK) of KeySize bytes.
// The caller wraps it with OrgKey.WrapClientKey before storing it and should
// Wipe the plaintext copy when done.
func NewDataKey() ([]byte, error) {
	return randomKey()
}

// Wipe overwrites b with zeros. Use it on plaintext keys and decrypted fields
// once they are no longer needed. It is best effort: copies made by the
// runtime, by string conversions or inside the AES key schedule cannot be
// reached from here.
func Wipe(b []byte) {
	clear(b)
}

func randomKey() ([]byte, error) {
	k := make([]byte, KeySize)
	// crypto/rand.Read never fails on supported platforms (it crashes the
	// program instead); the check is kept for clarity.
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("crypto: generate key: %w", err)
	}
	return k, nil
}

// newAEAD returns AES-256-GCM for key. The AEAD generates a random 96-bit
// nonce for every Seal and prefixes it to the ciphertext, so no caller can get
// nonce handling wrong. Random nonces limit a key to 2^32 messages, which is
// far beyond what any key in this hierarchy encrypts.
func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("crypto: key must be %d bytes, got %d", KeySize, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("crypto: %w", err)
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, fmt.Errorf("crypto: %w", err)
	}
	return aead, nil
}

// checkKeyID enforces the key id rules: 1 to 255 bytes of ASCII letters,
// digits and '.', '_', ':', '-'. Key ids are stored beside ciphertexts and
// appear in error messages and the ring file, so they are kept plain.
func checkKeyID(id string) error {
	if id == "" {
		return errors.New("crypto: empty key id")
	}
	if len(id) > maxKeyIDLen {
		return fmt.Errorf("crypto: key id longer than %d bytes", maxKeyIDLen)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '.', c == '_', c == ':', c == '-':
		default:
			return fmt.Errorf("crypto: key id %q contains a character outside [A-Za-z0-9._:-]", id)
		}
	}
	return nil
}

// Sealed blob format, shared by sealed fields and wrapped client keys:
//
//	version (1 byte, = 1)
//	key id length n (1 byte)
//	key id (n bytes)
//	nonce (12 bytes)
//	ciphertext with GCM tag (len(plaintext) + 16 bytes)
//
// The header (version, length, key id) is also fed into the associated data,
// so it cannot be altered without detection.

// blobHeader returns the header for a blob sealed under keyID. keyID must
// have passed checkKeyID.
func blobHeader(keyID string) []byte {
	h := make([]byte, 0, 2+len(keyID))
	h = append(h, blobVersion, byte(len(keyID)))
	return append(h, keyID...)
}

// headerLen validates the header of sealed and returns its length. Any
// malformed input is reported as ErrDecrypt.
func headerLen(sealed []byte) (int, error) {
	if len(sealed) < 2 {
		return 0, fmt.Errorf("%w: blob too short", ErrDecrypt)
	}
	if sealed[0] != blobVersion {
		return 0, fmt.Errorf("%w: unsupported blob version %d", ErrDecrypt, sealed[0])
	}
	n := int(sealed[1])
	if n == 0 {
		return 0, fmt.Errorf("%w: empty key id", ErrDecrypt)
	}
	if len(sealed) < 2+n+gcmOverhead {
		return 0, fmt.Errorf("%w: blob too short", ErrDecrypt)
	}
	return 2 + n, nil
}

// SealedKeyID returns the id of the key that produced sealed, which is either
// a sealed field (FieldCipher.Seal, SealField) or a wrapped client key
// (OrgKey.WrapClientKey). The store uses it to choose the key version to open
// the blob with. It does not authenticate anything: a forged id only leads to
// a failing Open. Malformed input returns an error wrapping ErrDecrypt.
func SealedKeyID(sealed []byte) (string, error) {
	hl, err := headerLen(sealed)
	if err != nil {
		return "", err
	}
	return string(sealed[2:hl]), nil
}

// sealBlob returns header || nonce || ciphertext || tag, with ad as the
// associated data (ad must already contain the header).
func sealBlob(aead cipher.AEAD, header, plaintext, ad []byte) []byte {
	out := make([]byte, len(header), len(header)+len(plaintext)+gcmOverhead)
	copy(out, header)
	return aead.Seal(out, nil, plaintext, ad)
}

// openBlob opens the part of sealed after its header of length hl.
func openBlob(aead cipher.AEAD, sealed []byte, hl int, ad []byte) ([]byte, error) {
	plaintext, err := aead.Open(nil, nil, sealed[hl:], ad)
	if err != nil {
		// The GCM error says nothing useful beyond "authentication failed";
		// it is replaced so the message stays uniform.
		return nil, ErrDecrypt
	}
	return plaintext, nil
}

// appendLP appends s with a 4-byte big-endian length prefix. Length-prefixing
// every part makes the encoding of a tuple unambiguous: ("a|b", "c") and
// ("a", "b|c") encode differently, whatever characters the parts contain.
func appendLP(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// lpLen is the encoded length of s under appendLP.
func lpLen(s string) int {
	return 4 + len(s)
}
