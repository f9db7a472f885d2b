package crypto

import (
	"errors"
	"fmt"
)

// labelRecipientKey separates keys wrapped for a disclosure's recipient
// from organisation keys wrapped by the same master key.
const labelRecipientKey = "koto/recipient-key/v1"

// recipientKeyAD binds a wrapped recipient data key to the recipient
// organisation, the disclosure and the master key id recorded beside it.
func recipientKeyAD(recipientOrgID, disclosureID, masterID string) []byte {
	ad := make([]byte, 0, lpLen(labelRecipientKey)+lpLen(recipientOrgID)+lpLen(disclosureID)+lpLen(masterID))
	ad = appendLP(ad, labelRecipientKey)
	ad = appendLP(ad, recipientOrgID)
	ad = appendLP(ad, disclosureID)
	return appendLP(ad, masterID)
}

// WrapRecipientKey encrypts the data key dek (KeySize bytes) of one
// disclosure's copy for its recipient organisation under the primary
// master key (ADR 31): the recipient opens it without any key of the
// disclosing organisation. It unwraps only for the same recipient and
// disclosure.
func (r *MasterRing) WrapRecipientKey(recipientOrgID, disclosureID string, dek []byte) (Wrapped, error) {
	if recipientOrgID == "" || disclosureID == "" {
		return Wrapped{}, errors.New("crypto: wrap recipient key: empty recipient or disclosure id")
	}
	if len(dek) != KeySize {
		return Wrapped{}, fmt.Errorf("crypto: wrap recipient key: key must be %d bytes, got %d", KeySize, len(dek))
	}
	r.mu.RLock()
	primary := r.keys[len(r.keys)-1]
	r.mu.RUnlock()
	ct := primary.aead.Seal(nil, nil, dek, recipientKeyAD(recipientOrgID, disclosureID, primary.id))
	return Wrapped{KeyID: primary.id, Ciphertext: ct}, nil
}

// UnwrapRecipientKey decrypts a key wrapped by WrapRecipientKey; it fails
// with ErrDecrypt for another recipient or disclosure, an altered key or a
// master key the ring lacks. The caller should Wipe the result.
func (r *MasterRing) UnwrapRecipientKey(recipientOrgID, disclosureID string, w Wrapped) ([]byte, error) {
	r.mu.RLock()
	i := r.indexLocked(w.KeyID)
	var e masterEntry
	if i >= 0 {
		e = r.keys[i]
	}
	r.mu.RUnlock()
	if i < 0 {
		return nil, fmt.Errorf("crypto: unwrap recipient key: %w: %w: master key %q not in ring", ErrDecrypt, ErrUnknownKey, w.KeyID)
	}
	if len(w.Ciphertext) < gcmOverhead {
		return nil, fmt.Errorf("crypto: unwrap recipient key: %w: ciphertext too short", ErrDecrypt)
	}
	key, err := e.aead.Open(nil, nil, w.Ciphertext, recipientKeyAD(recipientOrgID, disclosureID, w.KeyID))
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap recipient key with master key %q: %w", w.KeyID, ErrDecrypt)
	}
	if len(key) != KeySize {
		Wipe(key)
		return nil, fmt.Errorf("crypto: unwrap recipient key: %w: unexpected key length", ErrDecrypt)
	}
	return key, nil
}
