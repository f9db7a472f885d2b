package crypto

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"fmt"
)

// OrgKey is an organisation's key in plaintext: it wraps the data keys of
// that organisation's clients. ID is the key's version id (recorded in every
// client key it wraps, see SealedKeyID) and OrgID the owning organisation.
//
// The store obtains one with NewOrgKey (new organisation or org-key
// rotation) or with OpenOrgKey after MasterRing.UnwrapOrgKey, and may cache
// it. An OrgKey holds a ready AES-GCM instance, so wrapping and unwrapping
// does not repeat the key schedule. It is safe for concurrent use. The zero
// value is not usable.
type OrgKey struct {
	ID    string
	OrgID string

	key    []byte
	aead   cipher.AEAD
	header []byte // blob header naming ID, built once
	err    error  // set by OpenOrgKey on invalid input; returned by every method
}

// NewOrgKey generates a random organisation key for orgID with version id
// id. Persist it with MasterRing.WrapOrgKey(orgID, k.Bytes()).
func NewOrgKey(orgID, id string) (OrgKey, error) {
	raw, err := randomKey()
	if err != nil {
		return OrgKey{}, err
	}
	defer Wipe(raw)
	k := OpenOrgKey(orgID, id, raw)
	if k.err != nil {
		return OrgKey{}, k.err
	}
	return k, nil
}

// OpenOrgKey rebuilds the organisation key with version id id of orgID from
// its raw KeySize bytes, typically the result of MasterRing.UnwrapOrgKey. It
// copies raw, so the caller may Wipe raw afterwards. Invalid input (empty
// orgID, invalid id, wrong length) is not reported here: every method of the
// returned key then fails with the validation error.
func OpenOrgKey(orgID, id string, raw []byte) OrgKey {
	k := OrgKey{ID: id, OrgID: orgID}
	if orgID == "" {
		k.err = errors.New("crypto: org key: empty organisation id")
		return k
	}
	if err := checkKeyID(id); err != nil {
		k.err = fmt.Errorf("crypto: org key: %w", err)
		return k
	}
	key := bytes.Clone(raw)
	aead, err := newAEAD(key)
	if err != nil {
		k.err = fmt.Errorf("crypto: org key %q: %w", id, err)
		return k
	}
	k.key = key
	k.aead = aead
	k.header = blobHeader(id)
	return k
}

// Bytes returns a copy of the raw key, to be wrapped with
// MasterRing.WrapOrgKey. The caller should Wipe it after use.
func (k OrgKey) Bytes() []byte {
	return bytes.Clone(k.key)
}

func (k OrgKey) check() error {
	if k.err != nil {
		return k.err
	}
	if k.aead == nil {
		return errors.New("crypto: org key not initialised")
	}
	return nil
}

// clientKeyAD binds a wrapped client key to its blob header (and so to the
// org key id), to the organisation and to the client.
func clientKeyAD(header []byte, orgID, clientID string) []byte {
	ad := make([]byte, 0, len(header)+lpLen(labelClientKey)+lpLen(orgID)+lpLen(clientID))
	ad = append(ad, header...)
	ad = appendLP(ad, labelClientKey)
	ad = appendLP(ad, orgID)
	return appendLP(ad, clientID)
}

// WrapClientKey encrypts the client data key dek (KeySize bytes, see
// NewDataKey) of client clientID. The result is a sealed blob naming k.ID
// (SealedKeyID) that only this organisation key, with the same clientID,
// can unwrap. Destroying every copy of it erases the client's encrypted
// fields (crypto-shredding).
func (k OrgKey) WrapClientKey(clientID string, dek []byte) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	if clientID == "" {
		return nil, errors.New("crypto: wrap client key: empty client id")
	}
	if len(dek) != KeySize {
		return nil, fmt.Errorf("crypto: wrap client key: key must be %d bytes, got %d", KeySize, len(dek))
	}
	return sealBlob(k.aead, k.header, dek, clientKeyAD(k.header, k.OrgID, clientID)), nil
}

// UnwrapClientKey decrypts a client data key wrapped by WrapClientKey for
// clientID. It fails with ErrDecrypt if the blob was wrapped for another
// client or organisation, or altered, and additionally with ErrUnknownKey if
// the blob names another org key version than k.ID. The caller should Wipe
// the result when done.
func (k OrgKey) UnwrapClientKey(clientID string, wrapped []byte) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	hl, err := headerLen(wrapped)
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap client key of %q: %w", clientID, err)
	}
	if string(wrapped[2:hl]) != k.ID {
		return nil, fmt.Errorf("crypto: unwrap client key of %q: %w: %w: wrapped by org key %q, not %q",
			clientID, ErrDecrypt, ErrUnknownKey, wrapped[2:hl], k.ID)
	}
	dek, err := openBlob(k.aead, wrapped, hl, clientKeyAD(wrapped[:hl], k.OrgID, clientID))
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap client key of %q with org key %q: %w", clientID, k.ID, err)
	}
	if len(dek) != KeySize {
		Wipe(dek)
		return nil, fmt.Errorf("crypto: unwrap client key of %q: %w: unexpected key length", clientID, ErrDecrypt)
	}
	return dek, nil
}
