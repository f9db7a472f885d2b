package store

import (
	"sync"

	"koto/internal/apperr"
	"koto/internal/crypto"
)

// keyCache keeps unwrapped organisation keys in memory so that opening a
// client card costs one unwrap of the client key, not two. Organisation keys
// never change once written (rotation adds a new one), so entries never go
// stale.
type keyCache struct {
	mu   sync.RWMutex
	orgs map[string]crypto.OrgKey // orgID + "/" + keyID
}

func newKeyCache() *keyCache { return &keyCache{orgs: map[string]crypto.OrgKey{}} }

// createOrgKey generates, wraps and stores a new organisation key.
func (t *Tx) createOrgKey(orgID string) error {
	keyID := "o1"
	k, err := crypto.NewOrgKey(orgID, keyID)
	if err != nil {
		return err
	}
	w, err := t.db.ring.WrapOrgKey(orgID, k.Bytes())
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO org_keys (org_id, key_id, master_key_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?)`,
		orgID, keyID, w.KeyID, w.Ciphertext, t.now)
	return err
}

// orgKey returns the organisation's key with keyID ("" = newest).
func (t *Tx) orgKey(orgID, keyID string) (crypto.OrgKey, error) {
	if keyID != "" {
		t.db.keys.mu.RLock()
		k, ok := t.db.keys.orgs[orgID+"/"+keyID]
		t.db.keys.mu.RUnlock()
		if ok {
			return k, nil
		}
	}
	var masterID string
	var wrapped []byte
	q := `SELECT key_id, master_key_id, wrapped FROM org_keys WHERE org_id = ? AND key_id = ?`
	args := []any{orgID, keyID}
	if keyID == "" {
		q = `SELECT key_id, master_key_id, wrapped FROM org_keys WHERE org_id = ? ORDER BY created_at DESC, key_id DESC LIMIT 1`
		args = args[:1]
	}
	if err := t.queryRow(q, args...).Scan(&keyID, &masterID, &wrapped); err != nil {
		return crypto.OrgKey{}, notFound(err, "load organisation key")
	}
	raw, err := t.db.ring.UnwrapOrgKey(orgID, crypto.Wrapped{KeyID: masterID, Ciphertext: wrapped})
	if err != nil {
		return crypto.OrgKey{}, apperr.Wrap(err, "unwrap organisation key %s/%s", orgID, keyID)
	}
	k := crypto.OpenOrgKey(orgID, keyID, raw)
	t.db.keys.mu.Lock()
	t.db.keys.orgs[orgID+"/"+keyID] = k
	t.db.keys.mu.Unlock()
	return k, nil
}

// newClientKey generates a client's data key and wraps it with the
// organisation key ok (the newest: orgKey(orgID, "")). The caller stores
// it with insertClientKey after the client row exists.
func newClientKey(ok crypto.OrgKey, orgID, clientID string) (*crypto.FieldCipher, clientKey, error) {
	dek, err := crypto.NewDataKey()
	if err != nil {
		return nil, clientKey{}, err
	}
	defer crypto.Wipe(dek)
	wrapped, err := ok.WrapClientKey(clientID, dek)
	if err != nil {
		return nil, clientKey{}, err
	}
	const keyID = "c1"
	fc, err := crypto.NewFieldCipher(dek, keyID)
	return fc, clientKey{orgID: orgID, clientID: clientID, keyID: keyID, orgKeyID: ok.ID, wrapped: wrapped}, err
}

// clientKey is a wrapped client data key ready to store.
type clientKey struct {
	orgID, clientID, keyID, orgKeyID string
	wrapped                          []byte
}

func (t *Tx) insertClientKey(k clientKey) error {
	_, err := t.exec(`INSERT INTO client_keys (client_id, org_id, key_id, org_key_id, wrapped, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		k.clientID, k.orgID, k.keyID, k.orgKeyID, k.wrapped, t.now)
	return apperr.Wrap(err, "store client key")
}

// clientCipher opens the client's data key. A destroyed key (erasure by
// crypto-shredding) yields apperr.NotFound for the encrypted content.
func (t *Tx) clientCipher(orgID, clientID string) (*crypto.FieldCipher, error) {
	var keyID, orgKeyID string
	var wrapped []byte
	err := t.queryRow(`SELECT key_id, org_key_id, wrapped FROM client_keys WHERE client_id = ? AND org_id = ?`, clientID, orgID).
		Scan(&keyID, &orgKeyID, &wrapped)
	if err != nil {
		return nil, notFound(err, "load client key")
	}
	if wrapped == nil {
		return nil, apperr.ErrNotFound()
	}
	return t.unwrapClientKey(orgID, clientID, keyID, orgKeyID, wrapped)
}

func (t *Tx) unwrapClientKey(orgID, clientID, keyID, orgKeyID string, wrapped []byte) (*crypto.FieldCipher, error) {
	ok, err := t.orgKey(orgID, orgKeyID)
	if err != nil {
		return nil, err
	}
	dek, err := ok.UnwrapClientKey(clientID, wrapped)
	if err != nil {
		return nil, apperr.Wrap(err, "unwrap client key")
	}
	defer crypto.Wipe(dek)
	return crypto.NewFieldCipher(dek, keyID)
}
