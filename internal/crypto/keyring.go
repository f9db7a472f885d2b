package crypto

import (
	"bytes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// ringFileVersion is the only ring file format this package reads and writes.
const ringFileVersion = 1

// MasterKey is one master key of the ring: a KeySize-byte AES-256 key and the
// id under which organisation keys wrapped by it are recorded.
type MasterKey struct {
	ID  string
	Key []byte
}

// GenerateMasterKey returns a new random master key with the given id.
func GenerateMasterKey(id string) (MasterKey, error) {
	if err := checkKeyID(id); err != nil {
		return MasterKey{}, err
	}
	key, err := randomKey()
	if err != nil {
		return MasterKey{}, err
	}
	return MasterKey{ID: id, Key: key}, nil
}

// Wrapped is an organisation key wrapped by a master key. KeyID names the
// master key used; Ciphertext is nonce || ciphertext || tag. The store keeps
// both; after a rotation, rows whose KeyID is not the ring's PrimaryID are
// the ones to re-wrap with RewrapOrgKey.
type Wrapped struct {
	KeyID      string
	Ciphertext []byte
}

// MasterRing is the ordered set of master keys, oldest first, plus the
// blind-index key. The newest (last) master key is the primary: it wraps all
// new organisation keys, while older keys remain to unwrap what they wrapped
// until everything has been re-wrapped.
//
// A MasterRing is safe for concurrent use. It holds key material in memory
// for the life of the process; it is loaded from the ring file with ParseRing.
type MasterRing struct {
	mu   sync.RWMutex
	keys []masterEntry // oldest first; the last one is primary

	// blindKey is immutable after construction and needs no lock. It is a
	// key of its own so that blind indexes never share a key with
	// encryption.
	blindKey []byte
}

type masterEntry struct {
	id   string
	key  []byte
	aead cipher.AEAD
}

// NewMasterRing returns a ring of the given master keys, ordered oldest first;
// the last key becomes the primary. blindIndexKey is the KeySize-byte key for
// BlindIndex. It rejects an empty list, invalid ids, duplicate ids, keys that
// are not KeySize bytes and key material used twice (including as the
// blind-index key), since each indicates a damaged or hand-edited ring. The
// ring keeps its own copies of all keys.
func NewMasterRing(keys []MasterKey, blindIndexKey []byte) (*MasterRing, error) {
	if len(keys) == 0 {
		return nil, errors.New("crypto: master ring has no keys")
	}
	if len(blindIndexKey) != KeySize {
		return nil, fmt.Errorf("crypto: blind-index key must be %d bytes, got %d", KeySize, len(blindIndexKey))
	}
	r := &MasterRing{blindKey: bytes.Clone(blindIndexKey)}
	for _, k := range keys {
		if err := r.add(k); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// add appends k as the new primary after validating it against the ring. The
// caller holds the write lock or owns r exclusively.
func (r *MasterRing) add(k MasterKey) error {
	if err := checkKeyID(k.ID); err != nil {
		return fmt.Errorf("crypto: master key: %w", err)
	}
	if len(k.Key) != KeySize {
		return fmt.Errorf("crypto: master key %q must be %d bytes, got %d", k.ID, KeySize, len(k.Key))
	}
	if subtle.ConstantTimeCompare(k.Key, r.blindKey) == 1 {
		return fmt.Errorf("crypto: master key %q equals the blind-index key", k.ID)
	}
	for _, e := range r.keys {
		if e.id == k.ID {
			return fmt.Errorf("crypto: duplicate master key id %q", k.ID)
		}
		if subtle.ConstantTimeCompare(e.key, k.Key) == 1 {
			return fmt.Errorf("crypto: master keys %q and %q have the same key material", e.id, k.ID)
		}
	}
	key := bytes.Clone(k.Key)
	aead, err := newAEAD(key)
	if err != nil {
		return err
	}
	r.keys = append(r.keys, masterEntry{id: k.ID, key: key, aead: aead})
	return nil
}

// NewRingFile generates a fresh ring with one master key "m1" and a new
// blind-index key. Persist it with Marshal. Losing the ring file makes every
// encrypted field unreadable, so it must be backed up.
func NewRingFile() (*MasterRing, error) {
	blind, err := randomKey()
	if err != nil {
		return nil, err
	}
	mk, err := GenerateMasterKey("m1")
	if err != nil {
		return nil, err
	}
	return NewMasterRing([]MasterKey{mk}, blind)
}

// Rotate generates a new master key and makes it the primary. Its id is "m"
// followed by the first number from len(keys)+1 upwards that is not already
// taken. Existing keys stay in the ring so that organisation keys wrapped
// under them still unwrap; re-wrap those with RewrapOrgKey, then persist the
// ring with Marshal. It returns the new key.
func (r *MasterRing) Rotate() (MasterKey, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var id string
	for n := len(r.keys) + 1; ; n++ {
		id = "m" + strconv.Itoa(n)
		if r.indexLocked(id) < 0 {
			break
		}
	}
	mk, err := GenerateMasterKey(id)
	if err != nil {
		return MasterKey{}, err
	}
	if err := r.add(mk); err != nil {
		return MasterKey{}, err
	}
	return mk, nil
}

// PrimaryID returns the id of the primary master key.
func (r *MasterRing) PrimaryID() string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.keys[len(r.keys)-1].id
}

// KeyIDs returns the ids of all master keys, oldest first.
func (r *MasterRing) KeyIDs() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	ids := make([]string, len(r.keys))
	for i, e := range r.keys {
		ids[i] = e.id
	}
	return ids
}

func (r *MasterRing) indexLocked(id string) int {
	for i, e := range r.keys {
		if e.id == id {
			return i
		}
	}
	return -1
}

// orgKeyAD binds a wrapped organisation key to its organisation and to the
// master key id recorded beside it.
func orgKeyAD(orgID, masterID string) []byte {
	ad := make([]byte, 0, lpLen(labelOrgKey)+lpLen(orgID)+lpLen(masterID))
	ad = appendLP(ad, labelOrgKey)
	ad = appendLP(ad, orgID)
	return appendLP(ad, masterID)
}

// WrapOrgKey encrypts the organisation key key (KeySize bytes) for
// organisation orgID under the primary master key. The result unwraps only
// with the same orgID.
func (r *MasterRing) WrapOrgKey(orgID string, key []byte) (Wrapped, error) {
	if orgID == "" {
		return Wrapped{}, errors.New("crypto: wrap org key: empty organisation id")
	}
	if len(key) != KeySize {
		return Wrapped{}, fmt.Errorf("crypto: wrap org key: key must be %d bytes, got %d", KeySize, len(key))
	}
	r.mu.RLock()
	primary := r.keys[len(r.keys)-1]
	r.mu.RUnlock()
	ct := primary.aead.Seal(nil, nil, key, orgKeyAD(orgID, primary.id))
	return Wrapped{KeyID: primary.id, Ciphertext: ct}, nil
}

// UnwrapOrgKey decrypts an organisation key wrapped by WrapOrgKey for orgID,
// using whichever master key w.KeyID names. It fails with ErrDecrypt if the
// key was wrapped for another organisation or has been altered, and with
// ErrDecrypt and ErrUnknownKey if the ring lacks w.KeyID. The caller should
// Wipe the result when it is no longer needed.
func (r *MasterRing) UnwrapOrgKey(orgID string, w Wrapped) ([]byte, error) {
	r.mu.RLock()
	i := r.indexLocked(w.KeyID)
	var e masterEntry
	if i >= 0 {
		e = r.keys[i]
	}
	r.mu.RUnlock()
	if i < 0 {
		return nil, fmt.Errorf("crypto: unwrap org key of %q: %w: %w: master key %q not in ring", orgID, ErrDecrypt, ErrUnknownKey, w.KeyID)
	}
	if len(w.Ciphertext) < gcmOverhead {
		return nil, fmt.Errorf("crypto: unwrap org key of %q: %w: ciphertext too short", orgID, ErrDecrypt)
	}
	key, err := e.aead.Open(nil, nil, w.Ciphertext, orgKeyAD(orgID, w.KeyID))
	if err != nil {
		return nil, fmt.Errorf("crypto: unwrap org key of %q with master key %q: %w", orgID, w.KeyID, ErrDecrypt)
	}
	if len(key) != KeySize {
		// Authenticated but the wrong size: written by something other
		// than WrapOrgKey.
		Wipe(key)
		return nil, fmt.Errorf("crypto: unwrap org key of %q: %w: unexpected key length", orgID, ErrDecrypt)
	}
	return key, nil
}

// RewrapOrgKey unwraps w and wraps the key again under the current primary
// master key, for use after Rotate. It always produces a fresh ciphertext,
// even if w.KeyID is already the primary; callers select the rows to process
// by comparing KeyID with PrimaryID.
func (r *MasterRing) RewrapOrgKey(orgID string, w Wrapped) (Wrapped, error) {
	key, err := r.UnwrapOrgKey(orgID, w)
	if err != nil {
		return Wrapped{}, err
	}
	defer Wipe(key)
	return r.WrapOrgKey(orgID, key)
}

// ringFile is the JSON form of a ring:
//
//	{"version":1,"primary":"m2","keys":[{"id":"m1","key":"base64"},...],"blindIndexKey":"base64"}
//
// Keys are listed oldest first and primary must name the last one; the field
// is redundant on purpose, to catch a reordered or truncated list.
type ringFile struct {
	Version       int           `json:"version"`
	Primary       string        `json:"primary"`
	Keys          []ringFileKey `json:"keys"`
	BlindIndexKey []byte        `json:"blindIndexKey"` // standard base64 in JSON
}

type ringFileKey struct {
	ID  string `json:"id"`
	Key []byte `json:"key"` // standard base64 in JSON
}

// Marshal returns the ring file (indented JSON, see ParseRing). The result
// holds every key in plaintext: write it with mode 0600, keep it out of the
// database and its backups, and Wipe the slice after writing.
func (r *MasterRing) Marshal() ([]byte, error) {
	r.mu.RLock()
	f := ringFile{
		Version:       ringFileVersion,
		Primary:       r.keys[len(r.keys)-1].id,
		Keys:          make([]ringFileKey, len(r.keys)),
		BlindIndexKey: r.blindKey,
	}
	for i, e := range r.keys {
		f.Keys[i] = ringFileKey{ID: e.id, Key: e.key}
	}
	data, err := json.MarshalIndent(f, "", "  ")
	r.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("crypto: marshal ring: %w", err)
	}
	return append(data, '\n'), nil
}

// ParseRing reads a ring file written by Marshal:
//
//	{"version":1,"primary":"m2","keys":[{"id":"m1","key":"base64"},{"id":"m2","key":"base64"}],"blindIndexKey":"base64"}
//
// It rejects unknown versions and fields, trailing data, a primary that is not
// the last key, and everything NewMasterRing rejects (no keys, invalid or
// duplicate ids, keys that are not KeySize bytes, reused key material).
// Error messages name key ids but never contain key material.
func ParseRing(data []byte) (*MasterRing, error) {
	var f ringFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		// A syntax error message quotes the offending character, which
		// could be part of a key; report only its position.
		var serr *json.SyntaxError
		if errors.As(err, &serr) {
			return nil, fmt.Errorf("crypto: parse ring: invalid JSON at offset %d", serr.Offset)
		}
		return nil, fmt.Errorf("crypto: parse ring: %w", err)
	}
	// The decoded copies are wiped whatever the outcome; the ring keeps its
	// own.
	defer func() {
		Wipe(f.BlindIndexKey)
		for _, k := range f.Keys {
			Wipe(k.Key)
		}
	}()
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("crypto: parse ring: trailing data after JSON object")
	}
	if f.Version != ringFileVersion {
		return nil, fmt.Errorf("crypto: parse ring: unsupported version %d", f.Version)
	}
	if len(f.Keys) == 0 {
		return nil, errors.New("crypto: parse ring: no keys")
	}
	if last := f.Keys[len(f.Keys)-1].ID; f.Primary != last {
		return nil, fmt.Errorf("crypto: parse ring: primary %q is not the newest (last) key %q", f.Primary, last)
	}
	keys := make([]MasterKey, len(f.Keys))
	for i, k := range f.Keys {
		keys[i] = MasterKey{ID: k.ID, Key: k.Key}
	}
	return NewMasterRing(keys, f.BlindIndexKey)
}
