package crypto

import (
	"crypto/cipher"
	"errors"
	"fmt"
)

// FieldAD identifies where an encrypted field is stored. It is bound to the
// ciphertext as associated data, so a ciphertext copied to another
// organisation, table, column or row fails to decrypt. All four parts are
// required; they are encoded length-prefixed, so no two different FieldADs
// encode the same way.
type FieldAD struct {
	OrgID  string
	Table  string
	Column string
	RowID  string
}

func (ad FieldAD) check() error {
	switch {
	case ad.OrgID == "":
		return errors.New("crypto: field AD: empty OrgID")
	case ad.Table == "":
		return errors.New("crypto: field AD: empty Table")
	case ad.Column == "":
		return errors.New("crypto: field AD: empty Column")
	case ad.RowID == "":
		return errors.New("crypto: field AD: empty RowID")
	}
	return nil
}

// encode returns header || LP(label) || LP(OrgID) || LP(Table) || LP(Column) || LP(RowID).
func (ad FieldAD) encode(header []byte) []byte {
	b := make([]byte, 0, len(header)+lpLen(labelField)+lpLen(ad.OrgID)+lpLen(ad.Table)+lpLen(ad.Column)+lpLen(ad.RowID))
	b = append(b, header...)
	b = appendLP(b, labelField)
	b = appendLP(b, ad.OrgID)
	b = appendLP(b, ad.Table)
	b = appendLP(b, ad.Column)
	return appendLP(b, ad.RowID)
}

// FieldCipher encrypts and decrypts fields with one client data key. Build it
// once per unwrapped data key with NewFieldCipher and reuse it: it keeps the
// AES-GCM instance, so Seal and Open do not repeat the key schedule. It is
// safe for concurrent use.
type FieldCipher struct {
	keyID  string
	header []byte
	aead   cipher.AEAD
}

// NewFieldCipher returns a FieldCipher for the data key dek (KeySize bytes)
// whose version id is keyID. keyID is written into every sealed field so the
// store can tell which data key version encrypted it. The cipher does not
// retain dek itself; the caller may Wipe dek afterwards.
func NewFieldCipher(dek []byte, keyID string) (*FieldCipher, error) {
	if err := checkKeyID(keyID); err != nil {
		return nil, fmt.Errorf("crypto: field cipher: %w", err)
	}
	aead, err := newAEAD(dek)
	if err != nil {
		return nil, fmt.Errorf("crypto: field cipher: %w", err)
	}
	return &FieldCipher{keyID: keyID, header: blobHeader(keyID), aead: aead}, nil
}

// KeyID returns the data key id this cipher writes into sealed fields.
func (c *FieldCipher) KeyID() string {
	return c.keyID
}

// Seal encrypts plaintext for the location ad. The result is
// version || len(keyID) || keyID || nonce || ciphertext || tag; the store
// keeps it as an opaque byte string. An empty plaintext is allowed.
func (c *FieldCipher) Seal(plaintext []byte, ad FieldAD) ([]byte, error) {
	if err := ad.check(); err != nil {
		return nil, err
	}
	return sealBlob(c.aead, c.header, plaintext, ad.encode(c.header)), nil
}

// Open decrypts a field sealed by Seal for the same location ad. It fails
// with ErrDecrypt if the blob was sealed for another location, was altered,
// is malformed, or names a different key id than this cipher's (then also
// ErrUnknownKey). The caller should Wipe the plaintext when done.
func (c *FieldCipher) Open(sealed []byte, ad FieldAD) ([]byte, error) {
	if err := ad.check(); err != nil {
		return nil, err
	}
	hl, err := headerLen(sealed)
	if err != nil {
		return nil, fmt.Errorf("crypto: open %s.%s: %w", ad.Table, ad.Column, err)
	}
	if string(sealed[2:hl]) != c.keyID {
		return nil, fmt.Errorf("crypto: open %s.%s: %w: %w: sealed under key %q, not %q",
			ad.Table, ad.Column, ErrDecrypt, ErrUnknownKey, sealed[2:hl], c.keyID)
	}
	plaintext, err := openBlob(c.aead, sealed, hl, ad.encode(sealed[:hl]))
	if err != nil {
		return nil, fmt.Errorf("crypto: open %s.%s: %w", ad.Table, ad.Column, err)
	}
	return plaintext, nil
}

// SealField encrypts plaintext with the data key dek, identified by keyID,
// for the location ad. It is a convenience for one-off use; for many fields
// build a FieldCipher once.
func SealField(dek []byte, keyID string, plaintext []byte, ad FieldAD) ([]byte, error) {
	c, err := NewFieldCipher(dek, keyID)
	if err != nil {
		return nil, err
	}
	return c.Seal(plaintext, ad)
}

// OpenField decrypts a field sealed for ad with the data key dek. The key id
// recorded in sealed is taken as is: the caller is responsible for passing
// the data key it names (see SealedKeyID). For many fields build a
// FieldCipher once.
func OpenField(dek []byte, sealed []byte, ad FieldAD) ([]byte, error) {
	keyID, err := SealedKeyID(sealed)
	if err != nil {
		return nil, fmt.Errorf("crypto: open %s.%s: %w", ad.Table, ad.Column, err)
	}
	c, err := NewFieldCipher(dek, keyID)
	if err != nil {
		return nil, err
	}
	return c.Open(sealed, ad)
}
