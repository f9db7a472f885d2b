package store

import (
	"encoding/hex"
	"fmt"

	"koto/internal/client"
	"koto/internal/crypto"
)

// sealPersonalData is the Go step of migration 0010 (ADR 13): it seals the
// personal details of every client written before it with the client's
// key, indexes the birth date and the names as keyed digests, seals every
// value of the change history, and empties the plain columns, which 0011
// then drops. It runs in the migration's transaction, over all
// organisations, in batches of clients read by id, so a large register
// is never held in memory at once. A client whose key is already
// destroyed keeps nothing: its plain details are emptied, not sealed.
func sealPersonalData(t *Tx) error {
	if t.db.dialect == postgres {
		// The migration runs as the owner without a role switch; forced
		// row-level security would show an owner that is no superuser no
		// rows at all.
		if _, err := t.exec(`SELECT set_config('koto.scope', 'system', true)`); err != nil {
			return err
		}
	}
	after := ""
	for {
		batch, err := t.legacyClients(after, migrationBatch)
		if err != nil || len(batch) == 0 {
			return err
		}
		ciphers := map[string]*crypto.FieldCipher{}
		for _, c := range batch {
			if ciphers[c.ID], err = t.sealLegacyClient(c); err != nil {
				return fmt.Errorf("client %s: %w", c.ID, err)
			}
		}
		if err := t.sealLegacyChanges(batch, ciphers); err != nil {
			return err
		}
		after = batch[len(batch)-1].ID
	}
}

// migrationBatch is how many clients sealPersonalData reads at a time.
var migrationBatch = 500

// legacyClient is a client row as written before migration 0010.
type legacyClient struct {
	client.Client
	key wrappedKey
}

// legacyClients reads up to n clients with ids after after, in id order.
func (t *Tx) legacyClients(after string, n int) ([]legacyClient, error) {
	return collect(t, "legacy clients", scanLegacyClient, `SELECT c.id, c.org_id, c.birth_date, c.first_names, c.last_name, c.previous_names, c.birth_place,
		c.street_address, c.postal_code, c.post_office, c.phone, c.email, k.key_id, k.org_key_id, k.wrapped
		FROM clients c JOIN client_keys k ON k.client_id = c.id WHERE c.id > ? ORDER BY c.id LIMIT ?`, after, n)
}

func scanLegacyClient(sc scanner) (legacyClient, error) {
	var c legacyClient
	var prev string
	err := sc.Scan(&c.ID, &c.OrgID, &c.BirthDate, &c.FirstNames, &c.LastName, &prev, &c.BirthPlace,
		&c.Address.Street, &c.Address.PostalCode, &c.Address.PostOffice, &c.Phone, &c.Email,
		&c.key.keyID, &c.key.orgKeyID, &c.key.wrapped)
	if err != nil {
		return c, err
	}
	if c.PreviousNames, err = decodeList(prev); err != nil {
		return c, fmt.Errorf("previous names of %s: %w", c.ID, err)
	}
	return c, nil
}

// sealLegacyClient seals one client written before migration 0010 and
// returns its cipher (nil when its key is destroyed).
func (t *Tx) sealLegacyClient(c legacyClient) (*crypto.FieldCipher, error) {
	var summary, details []byte
	var birthIdx any
	var fc *crypto.FieldCipher
	if c.key.wrapped != nil {
		var err error
		if fc, err = t.unwrapClientKey(c.OrgID, c.ID, c.key.keyID, c.key.orgKeyID, c.key.wrapped); err != nil {
			return nil, err
		}
		if summary, details, err = sealPersonal(fc, c.OrgID, c.ID, &c.Details); err != nil {
			return nil, err
		}
		birthIdx = t.birthDateIndex(c.OrgID, c.BirthDate)
	}
	// An emptied birth date: SQLite's column is TEXT NOT NULL, PostgreSQL's
	// a DATE that 0010 made nullable.
	var noDate any = ""
	if t.db.dialect == postgres {
		noDate = nil
	}
	if _, err := t.exec(`UPDATE clients SET summary_enc = ?, details_enc = ?, birth_date_bidx = ?, birth_date = ?,
		first_names = '', last_name = '', previous_names = '[]', birth_place = '', street_address = '', postal_code = '',
		post_office = '', phone = '', email = '' WHERE id = ?`, summary, details, birthIdx, noDate, c.ID); err != nil {
		return nil, err
	}
	if fc == nil {
		return nil, nil
	}
	return fc, t.insertNameKeys(c.OrgID, c.ID, NameIndexKeys(t.db.ring, c.OrgID, c.FirstNames, c.LastName, c.PreviousNames))
}

// legacyChangeAD is how the HETU's values in the change history were bound
// before migration 0010: to the client, not to the change.
func legacyChangeAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_changes", Column: "hetu", RowID: clientID}
}

// sealLegacyChanges seals the values of the change history of a batch of
// clients: plain values as they are, the HETU's (hex of a blob sealed with
// legacyChangeAD) opened and sealed again for their row. Without the
// client's key (no cipher) the values are only emptied.
func (t *Tx) sealLegacyChanges(batch []legacyClient, ciphers map[string]*crypto.FieldCipher) error {
	ids := make([]string, len(batch))
	for i, c := range batch {
		ids[i] = c.ID
	}
	changes, err := collect(t, "legacy changes", scanLegacyChange, `SELECT id, client_id, org_id, field, old_value, new_value, encrypted FROM client_changes
		WHERE `+t.db.dialect.inList("client_id"), t.db.dialect.listArg(ids))
	if err != nil {
		return err
	}
	for _, ch := range changes {
		var oldEnc, newEnc []byte
		if fc := ciphers[ch.clientID]; fc != nil {
			if ch.encrypted {
				if ch.oldV, err = openLegacy(fc, ch.orgID, ch.clientID, ch.oldV); err != nil {
					return err
				}
				if ch.newV, err = openLegacy(fc, ch.orgID, ch.clientID, ch.newV); err != nil {
					return err
				}
			}
			if oldEnc, newEnc, err = sealChange(fc, ch.orgID, ch.id, ch.field, ch.oldV, ch.newV); err != nil {
				return err
			}
		}
		if _, err := t.exec(`UPDATE client_changes SET old_enc = ?, new_enc = ?, old_value = '', new_value = '' WHERE id = ?`,
			oldEnc, newEnc, ch.id); err != nil {
			return err
		}
	}
	return nil
}

// legacyChange is a row of the change history as written before
// migration 0010.
type legacyChange struct {
	id, clientID, orgID, field, oldV, newV string
	encrypted                              bool
}

func scanLegacyChange(sc scanner) (legacyChange, error) {
	var ch legacyChange
	err := sc.Scan(&ch.id, &ch.clientID, &ch.orgID, &ch.field, &ch.oldV, &ch.newV, &ch.encrypted)
	return ch, err
}

// openLegacy opens a HETU value of the change history as sealed before
// migration 0010 ("" stayed "").
func openLegacy(fc *crypto.FieldCipher, orgID, clientID, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	b, err := hex.DecodeString(v)
	if err != nil {
		return "", fmt.Errorf("sealed change value: %w", err)
	}
	plain, err := fc.Open(b, legacyChangeAD(orgID, clientID))
	return string(plain), err
}
