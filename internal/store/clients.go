package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
)

// Clients returns the store as client.Store.
func (db *DB) Clients() client.Store { return clientStore{gated[client.Tx]{db}, db} }

// *Tx serves the client registry's transactions.
var _ client.Tx = (*Tx)(nil)

type clientStore struct {
	gated[client.Tx]
	db *DB
}

func hetuAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "clients", Column: "hetu", RowID: clientID}
}

func changeAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_changes", Column: "hetu", RowID: clientID}
}

// hetuIndex is the keyed blind index of a canonical HETU in an organisation.
func (t *Tx) hetuIndex(orgID, hetu string) string { return t.db.ring.BlindIndex(orgID, "hetu", hetu) }

// encodeList stores a string list as JSON text (portable across engines).
func encodeList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

func decodeList(s string) ([]string, error) {
	var xs []string
	if err := json.Unmarshal([]byte(s), &xs); err != nil {
		return nil, err
	}
	return xs, nil
}

// InsertClient stores a new client with a fresh data key: the HETU sealed
// under it and findable only through the blind index.
func (t *Tx) InsertClient(c *client.Client) error {
	fc, key, err := t.newClientKey(c.OrgID, c.ID)
	if err != nil {
		return apperr.Wrap(err, "create client key")
	}
	hetuEnc, hetuIdx, err := t.sealHETU(fc, c.OrgID, c.ID, c.HETU)
	if err != nil {
		return err
	}
	c.KotoID = kotoID(c.ID)
	_, err = t.exec(`INSERT INTO clients (id, org_id, koto_id, hetu_enc, hetu_bidx, birth_date, sex, first_names, last_name,
		previous_names, birth_place, mother_tongue, service_language, interpreter_needed, interpreter_language,
		citizenships, stateless, home_municipality, street_address, postal_code, post_office, phone, email,
		address_protected, arrival_date, municipality_registered_on, created_at, created_by, updated_at, updated_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.OrgID, c.KotoID, hetuEnc, hetuIdx, c.BirthDate, string(c.Sex), c.FirstNames, c.LastName,
		encodeList(c.PreviousNames), c.BirthPlace, c.MotherTongue, c.ServiceLanguage, c.InterpreterNeeded, c.InterpreterLanguage,
		encodeList(c.Citizenships), c.Stateless, c.HomeMunicipality, c.Address.Street, c.Address.PostalCode, c.Address.PostOffice,
		c.Phone, c.Email, c.AddressProtected, c.ArrivalDate, c.MunicipalityRegistered,
		c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, c.Version)
	if isUniqueViolation(err) {
		return &apperr.Error{Kind: apperr.Conflict, Key: "client.hetu_taken", Fields: []apperr.FieldError{{Field: "hetu", Key: "client.hetu_taken"}}}
	}
	if err != nil {
		return apperr.Wrap(err, "insert client")
	}
	if err := t.insertClientKey(key); err != nil {
		return err
	}
	if err := t.insertPermits(c.OrgID, c.ID, c.Permits); err != nil {
		return err
	}
	return t.indexClientName(c)
}

// kotoID derives the short Koto identifier shown to staff from the random
// internal id ("K-" and 10 characters): stable, meaningless, unique enough
// to read over the phone; uniqueness is enforced by the database.
func kotoID(id string) string { return "K-" + id[:5] + "-" + id[5:10] }

func (t *Tx) sealHETU(fc *crypto.FieldCipher, orgID, clientID, hetu string) (enc []byte, idx any, err error) {
	if hetu == "" {
		return nil, nil, nil
	}
	enc, err = fc.Seal([]byte(hetu), hetuAD(orgID, clientID))
	if err != nil {
		return nil, nil, apperr.Wrap(err, "seal hetu")
	}
	return enc, t.hetuIndex(orgID, hetu), nil
}

func (t *Tx) insertPermits(orgID, clientID string, ps []client.Permit) error {
	for _, p := range ps {
		if _, err := t.exec(`INSERT INTO permits (id, client_id, org_id, application_date, decision_date, permit_type, basis,
			valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, clientID, orgID, p.ApplicationDate, p.DecisionDate, string(p.Type), string(p.Basis), p.ValidFrom, p.ValidTo, t.now); err != nil {
			return apperr.Wrap(err, "insert permit")
		}
	}
	return nil
}

const clientColumns = `c.id, c.org_id, c.koto_id, c.hetu_enc, c.birth_date, c.sex, c.first_names, c.last_name, c.previous_names,
	c.birth_place, c.mother_tongue, c.service_language, c.interpreter_needed, c.interpreter_language, c.citizenships,
	c.stateless, c.home_municipality, c.street_address, c.postal_code, c.post_office, c.phone, c.email,
	c.address_protected, c.arrival_date, c.municipality_registered_on, c.created_at, c.created_by, c.updated_at,
	c.updated_by, c.version, k.key_id, k.org_key_id, k.wrapped`

// CardStatement reads a client's card in one statement, parameters client
// id and organisation id: the client row with its key, and its permits
// joined — one row per permit, or one row with NULL permit columns. One
// statement instead of two saves a round trip on PostgreSQL and a
// statement on SQLite's one writer on every card open. The baseline tool
// runs it too.
const CardStatement = `SELECT ` + clientColumns + `, p.id, p.application_date, p.decision_date, p.permit_type, p.basis,
	p.valid_from, p.valid_to, p.created_at
	FROM clients c JOIN client_keys k ON k.client_id = c.id
	LEFT JOIN permits p ON p.client_id = c.id AND p.org_id = c.org_id
	WHERE c.id = ? AND c.org_id = ?`

// Client loads one client of the organisation with permits and the HETU
// decrypted. Another organisation's client is NotFound.
func (t *Tx) Client(orgID, id string) (client.Client, error) {
	var c client.Client
	var hetuEnc, wrapped []byte
	var sex, prev, cits string
	var keyID, orgKeyID string
	rows, err := t.query(CardStatement, id, orgID)
	if err != nil {
		return c, apperr.Wrap(err, "load client")
	}
	defer rows.Close()
	var permits []permitRow
	found := false
	for rows.Next() {
		found = true
		var p permitRow
		var pid, typ, basis sql.NullString
		var at sql.NullTime
		// The client's columns repeat on every permit's row; scanning them
		// again costs less than a second statement.
		if err := rows.Scan(
			&c.ID, &c.OrgID, &c.KotoID, &hetuEnc, &c.BirthDate, &sex, &c.FirstNames, &c.LastName, &prev,
			&c.BirthPlace, &c.MotherTongue, &c.ServiceLanguage, &c.InterpreterNeeded, &c.InterpreterLanguage, &cits,
			&c.Stateless, &c.HomeMunicipality, &c.Address.Street, &c.Address.PostalCode, &c.Address.PostOffice, &c.Phone, &c.Email,
			&c.AddressProtected, &c.ArrivalDate, &c.MunicipalityRegistered, &c.CreatedAt, &c.CreatedBy, &c.UpdatedAt,
			&c.UpdatedBy, &c.Version, &keyID, &orgKeyID, &wrapped,
			&pid, &p.p.ApplicationDate, &p.p.DecisionDate, &typ, &basis, &p.p.ValidFrom, &p.p.ValidTo, &at); err != nil {
			return c, apperr.Wrap(err, "scan client")
		}
		if pid.Valid {
			p.p.ID, p.p.Type, p.p.Basis, p.at = pid.String, client.PermitType(typ.String), client.PermitBasis(basis.String), at.Time
			permits = append(permits, p)
		}
	}
	if err := rows.Err(); err != nil {
		return c, apperr.Wrap(err, "load client")
	}
	if !found {
		return c, apperr.ErrNotFound()
	}
	c.Sex = client.Sex(sex)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if c.PreviousNames, err = decodeList(prev); err != nil {
		return c, apperr.Wrap(err, "decode previous names")
	}
	if c.Citizenships, err = decodeList(cits); err != nil {
		return c, apperr.Wrap(err, "decode citizenships")
	}
	if hetuEnc != nil && wrapped != nil {
		fc, err := t.unwrapClientKey(orgID, id, keyID, orgKeyID, wrapped)
		if err != nil {
			return c, err
		}
		plain, err := fc.Open(hetuEnc, hetuAD(orgID, id))
		if err != nil {
			return c, apperr.Wrap(err, "open hetu")
		}
		c.HETU = string(plain)
	}
	c.Permits = sortPermits(permits)
	return c, nil
}

// permitRow is a permit with the time it was recorded.
type permitRow struct {
	p  client.Permit
	at time.Time
}

// sortPermits orders a client's permits newest validity first (unknown
// validity last), then newest recorded first. The order is made here, not
// by ORDER BY: sorting one or two rows in SQLite builds a temporary b-tree
// on every card open, and the engines disagree on where NULL dates sort.
func sortPermits(rs []permitRow) []client.Permit {
	slices.SortFunc(rs, func(a, b permitRow) int {
		switch {
		case a.p.ValidFrom.IsZero() != b.p.ValidFrom.IsZero():
			return boolCmp(a.p.ValidFrom.IsZero(), b.p.ValidFrom.IsZero())
		case a.p.ValidFrom != b.p.ValidFrom:
			return b.p.ValidFrom.Compare(a.p.ValidFrom)
		case !a.at.Equal(b.at):
			return b.at.Compare(a.at)
		}
		return strings.Compare(a.p.ID, b.p.ID)
	})
	out := make([]client.Permit, len(rs))
	for i, r := range rs {
		out[i] = r.p
	}
	return out
}

// boolCmp orders false before true.
func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// UpdateClient stores changed details, replaces the permits, refreshes the
// name index and appends the change history (HETU values sealed).
func (t *Tx) UpdateClient(c *client.Client, changes []client.Change) error {
	fc, err := t.clientCipher(c.OrgID, c.ID)
	if err != nil {
		return err
	}
	hetuEnc, hetuIdx, err := t.sealHETU(fc, c.OrgID, c.ID, c.HETU)
	if err != nil {
		return err
	}
	res, err := t.exec(`UPDATE clients SET hetu_enc = ?, hetu_bidx = ?, birth_date = ?, sex = ?, first_names = ?, last_name = ?,
		previous_names = ?, birth_place = ?, mother_tongue = ?, service_language = ?, interpreter_needed = ?,
		interpreter_language = ?, citizenships = ?, stateless = ?, home_municipality = ?, street_address = ?,
		postal_code = ?, post_office = ?, phone = ?, email = ?, address_protected = ?, arrival_date = ?,
		municipality_registered_on = ?, updated_at = ?, updated_by = ?, version = ?
		WHERE id = ? AND org_id = ? AND version = ?`,
		hetuEnc, hetuIdx, c.BirthDate, string(c.Sex), c.FirstNames, c.LastName,
		encodeList(c.PreviousNames), c.BirthPlace, c.MotherTongue, c.ServiceLanguage, c.InterpreterNeeded,
		c.InterpreterLanguage, encodeList(c.Citizenships), c.Stateless, c.HomeMunicipality, c.Address.Street,
		c.Address.PostalCode, c.Address.PostOffice, c.Phone, c.Email, c.AddressProtected, c.ArrivalDate,
		c.MunicipalityRegistered, c.UpdatedAt, c.UpdatedBy, c.Version,
		c.ID, c.OrgID, c.Version-1)
	if isUniqueViolation(err) {
		return &apperr.Error{Kind: apperr.Conflict, Key: "client.hetu_taken", Fields: []apperr.FieldError{{Field: "hetu", Key: "client.hetu_taken"}}}
	}
	if err != nil {
		return apperr.Wrap(err, "update client")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "client.version_conflict")
	}
	if _, err := t.exec(`DELETE FROM permits WHERE client_id = ? AND org_id = ?`, c.ID, c.OrgID); err != nil {
		return apperr.Wrap(err, "replace permits")
	}
	if err := t.insertPermits(c.OrgID, c.ID, c.Permits); err != nil {
		return err
	}
	if err := t.indexClientName(c); err != nil {
		return err
	}
	for _, ch := range changes {
		oldV, newV := ch.OldValue, ch.NewValue
		if ch.Encrypted {
			if oldV, err = t.sealChange(fc, c.OrgID, c.ID, oldV); err != nil {
				return err
			}
			if newV, err = t.sealChange(fc, c.OrgID, c.ID, newV); err != nil {
				return err
			}
		}
		if _, err := t.exec(`INSERT INTO client_changes (id, client_id, org_id, at, user_id, username, field, old_value, new_value, encrypted)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, NewID(), c.ID, c.OrgID, ch.At, ch.UserID, ch.Username, ch.Field, oldV, newV, ch.Encrypted); err != nil {
			return apperr.Wrap(err, "insert change")
		}
	}
	return nil
}

func (t *Tx) sealChange(fc *crypto.FieldCipher, orgID, clientID, v string) (string, error) {
	if v == "" {
		return "", nil
	}
	b, err := fc.Seal([]byte(v), changeAD(orgID, clientID))
	if err != nil {
		return "", apperr.Wrap(err, "seal change")
	}
	return fmt.Sprintf("%x", b), nil
}

// ClientChanges lists a client's change history, newest first. Values of
// encrypted fields are returned masked.
func (t *Tx) ClientChanges(orgID, clientID string) ([]client.Change, error) {
	rows, err := t.query(`SELECT at, user_id, username, field, old_value, new_value, encrypted FROM client_changes
		WHERE client_id = ? AND org_id = ? ORDER BY at DESC, id`, clientID, orgID)
	if err != nil {
		return nil, apperr.Wrap(err, "client changes")
	}
	defer rows.Close()
	var out []client.Change
	for rows.Next() {
		var ch client.Change
		if err := rows.Scan(&ch.At, &ch.UserID, &ch.Username, &ch.Field, &ch.OldValue, &ch.NewValue, &ch.Encrypted); err != nil {
			return nil, apperr.Wrap(err, "scan change")
		}
		ch.At = ch.At.UTC()
		if ch.Encrypted {
			ch.OldValue, ch.NewValue = "", ""
		}
		out = append(out, ch)
	}
	return out, rows.Err()
}

// ClientWithHETU returns the id of the client of the organisation other
// than exceptID that has hetu, "" when there is none.
func (t *Tx) ClientWithHETU(orgID, hetu, exceptID string) (string, error) {
	var id string
	err := t.queryRow(`SELECT id FROM clients WHERE org_id = ? AND hetu_bidx = ? AND id <> ?`,
		orgID, t.hetuIndex(orgID, hetu), exceptID).Scan(&id)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return id, apperr.Wrap(err, "client with hetu")
}
