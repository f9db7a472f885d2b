package store

import (
	"database/sql"
	"encoding/json"
	"errors"
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

// InsertClient stores a new client with a fresh data key: the HETU and the
// personal details sealed under it, the HETU and birth date findable only
// through blind indexes and the names through the keyed name index. A
// HETU the organisation already has is Conflict (client.hetu_taken).
func (t *Tx) InsertClient(c *client.Client) error {
	ok, err := t.orgKey(c.OrgID, "")
	if err != nil {
		return err
	}
	r, err := t.clientRow(ok, c)
	if err != nil {
		return err
	}
	inserted, err := t.writeClient(c, r)
	if err != nil {
		return err
	}
	if !inserted {
		return apperr.OnField(apperr.Conflict, "client.hetu_taken", "hetu")
	}
	return nil
}

// InsertClients stores many new clients of one organisation as
// InsertClient stores one (the bulk path, ADR 28): every row is built by
// the same clientRow, sealed on every core, and written in order by this
// transaction with the same statements. A client whose HETU the
// organisation already has is skipped, not an error, so a repeated load
// adds nothing twice: inserted[i] says whether cs[i] was stored.
func (t *Tx) InsertClients(orgID string, cs []client.Client) (inserted []bool, err error) {
	ok, err := t.orgKey(orgID, "")
	if err != nil {
		return nil, err
	}
	rows := make([]clientRow, len(cs))
	err = sealRows(len(cs), func(i int) error {
		if cs[i].OrgID != orgID {
			return apperr.Wrap(errors.New("client of another organisation"), "insert clients")
		}
		var err error
		rows[i], err = t.clientRow(ok, &cs[i])
		return err
	})
	if err != nil {
		return nil, err
	}
	inserted = make([]bool, len(cs))
	for i := range cs {
		if inserted[i], err = t.writeClient(&cs[i], rows[i]); err != nil {
			return nil, err
		}
	}
	return inserted, nil
}

// clientRow is a new client sealed for storage: the arguments of
// insertClientSQL, its wrapped data key and its name-index keys.
type clientRow struct {
	args     []any
	key      clientKey
	nameKeys [][]byte
}

// insertClientSQL stores the row clientRow builds; a HETU the
// organisation already has inserts nothing (the unique index
// clients_org_hetu), which writeClient reports.
const insertClientSQL = `INSERT INTO clients (id, org_id, koto_id, hetu_enc, hetu_bidx, summary_enc, details_enc, birth_date_bidx, sex,
	mother_tongue, service_language, interpreter_needed, interpreter_language, citizenships, stateless, home_municipality,
	address_protected, arrival_date, municipality_registered_on, created_at, created_by, updated_at, updated_by, version, code_lists)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (org_id, hetu_bidx) DO NOTHING`

// clientRow makes c's data key, wrapped with the organisation key ok,
// and seals c with it: the CPU work of a client creation. It reads
// nothing from the database, so the bulk path runs it on every core; it
// sets c.KotoID.
func (t *Tx) clientRow(ok crypto.OrgKey, c *client.Client) (clientRow, error) {
	fc, key, err := newClientKey(ok, c.OrgID, c.ID)
	if err != nil {
		return clientRow{}, apperr.Wrap(err, "create client key")
	}
	hetuEnc, hetuIdx, err := t.sealHETU(fc, c.OrgID, c.ID, c.HETU)
	if err != nil {
		return clientRow{}, err
	}
	summary, details, err := sealPersonal(fc, c.OrgID, c.ID, &c.Details)
	if err != nil {
		return clientRow{}, err
	}
	c.KotoID = kotoID(c.ID)
	return clientRow{
		args: []any{c.ID, c.OrgID, c.KotoID, hetuEnc, hetuIdx, summary, details, t.birthDateIndex(c.OrgID, c.BirthDate), string(c.Sex),
			c.MotherTongue, c.ServiceLanguage, c.InterpreterNeeded, c.InterpreterLanguage, encodeList(c.Citizenships), c.Stateless,
			c.HomeMunicipality, c.AddressProtected, c.ArrivalDate, c.MunicipalityRegistered,
			c.CreatedAt, c.CreatedBy, c.UpdatedAt, c.UpdatedBy, c.Version, c.CodeLists},
		key:      key,
		nameKeys: NameIndexKeys(t.db.ring, c.OrgID, c.FirstNames, c.LastName, c.PreviousNames),
	}, nil
}

// writeClient writes the sealed client r of c: the client row, its key,
// its service end, permits and name keys. It reports false, having
// written nothing, when the organisation already has c's HETU.
func (t *Tx) writeClient(c *client.Client, r clientRow) (bool, error) {
	res, err := t.exec(insertClientSQL, r.args...)
	if err != nil {
		return false, apperr.Wrap(err, "insert client")
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, apperr.Wrap(err, "insert client")
	} else if n == 0 {
		return false, nil
	}
	if err := t.insertClientKey(r.key); err != nil {
		return false, err
	}
	if c.Ending != (client.Ending{}) {
		// Rare for a new client; the columns default to none (and
		// the tests of older migrations insert without them).
		if _, err := t.exec(`UPDATE clients SET service_end = ?, service_end_reason = ?, date_of_death = ? WHERE id = ? AND org_id = ?`,
			c.ServiceEnd, c.ServiceEndReason, c.DateOfDeath, c.ID, c.OrgID); err != nil {
			return false, apperr.Wrap(err, "store service end")
		}
	}
	if err := t.insertPermits(c.OrgID, c.ID, c.Permits); err != nil {
		return false, err
	}
	if err := t.markDue(c.OrgID, c.ID); err != nil {
		return false, err
	}
	return true, t.insertNameKeys(c.OrgID, c.ID, r.nameKeys)
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
		if _, err := t.exec(`INSERT INTO permits (id, client_id, org_id, kind, application_date, outcome, decision_date,
			permit_class, ground, family_tie_before_arrival, valid_from, valid_to, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, clientID, orgID, string(p.Kind), p.ApplicationDate, string(p.Outcome), p.DecisionDate,
			string(p.Class), string(p.Ground), p.FamilyTieBeforeArrival, p.ValidFrom, p.ValidTo, t.now); err != nil {
			return apperr.Wrap(err, "insert permit")
		}
	}
	return nil
}

const clientColumns = `c.id, c.org_id, c.koto_id, c.hetu_enc, c.summary_enc, c.details_enc, c.sex, c.mother_tongue,
	c.service_language, c.interpreter_needed, c.interpreter_language, c.citizenships, c.stateless, c.home_municipality,
	c.address_protected, c.arrival_date, c.municipality_registered_on, c.created_at, c.created_by, c.updated_at,
	c.updated_by, c.version, c.code_lists, c.service_end, c.service_end_reason, c.date_of_death, k.key_id, k.org_key_id, k.wrapped`

// CardStatement reads a client's card in one statement, parameters client
// id and organisation id: the client row with its key, and its permits
// joined — one row per permit, or one row with NULL permit columns. One
// statement instead of two saves a round trip on PostgreSQL and a
// statement on SQLite's one writer on every card open. The baseline tool
// runs it too.
const CardStatement = `SELECT ` + clientColumns + `, p.id, p.kind, p.application_date, p.outcome, p.decision_date,
	p.permit_class, p.ground, p.family_tie_before_arrival, p.valid_from, p.valid_to, p.created_at
	FROM clients c JOIN client_keys k ON k.client_id = c.id
	LEFT JOIN permits p ON p.client_id = c.id AND p.org_id = c.org_id
	WHERE c.id = ? AND c.org_id = ?`

// Client loads one client of the organisation with permits, the HETU and
// the personal details opened. Another organisation's client is NotFound;
// a client whose key is destroyed (erased) has no personal details left.
func (t *Tx) Client(orgID, id string) (client.Client, error) {
	var c client.Client
	var hetuEnc, summaryEnc, detailsEnc, wrapped []byte
	var sex, cits string
	var keyID, orgKeyID string
	var permits []permitRow
	found := false
	// The rows fold into one client, so they are read with each rather
	// than collected.
	err := each(t, "load client", func(sc scanner) error {
		found = true
		var p permitRow
		var pid, kind, outcome, class, ground sql.NullString
		var tie sql.NullBool
		var at sql.NullTime
		// The client's columns repeat on every permit's row; scanning them
		// again costs less than a second statement.
		if err := sc.Scan(
			&c.ID, &c.OrgID, &c.KotoID, &hetuEnc, &summaryEnc, &detailsEnc, &sex, &c.MotherTongue,
			&c.ServiceLanguage, &c.InterpreterNeeded, &c.InterpreterLanguage, &cits, &c.Stateless, &c.HomeMunicipality,
			&c.AddressProtected, &c.ArrivalDate, &c.MunicipalityRegistered, &c.CreatedAt, &c.CreatedBy, &c.UpdatedAt,
			&c.UpdatedBy, &c.Version, &c.CodeLists, &c.ServiceEnd, &c.ServiceEndReason, &c.DateOfDeath, &keyID, &orgKeyID, &wrapped,
			&pid, &kind, &p.p.ApplicationDate, &outcome, &p.p.DecisionDate, &class, &ground, &tie,
			&p.p.ValidFrom, &p.p.ValidTo, &at); err != nil {
			return apperr.Wrap(err, "scan client")
		}
		if pid.Valid {
			p.p.ID, p.p.Kind, p.p.Outcome = pid.String, client.ApplicationKind(kind.String), client.Outcome(outcome.String)
			p.p.Class, p.p.Ground, p.p.FamilyTieBeforeArrival = client.PermitClass(class.String), client.Ground(ground.String), tie.Bool
			p.at = at.Time
			permits = append(permits, p)
		}
		return nil
	}, CardStatement, id, orgID)
	if err != nil {
		return c, err
	}
	if !found {
		return c, apperr.ErrNotFound()
	}
	c.Sex = client.Sex(sex)
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	if c.Citizenships, err = decodeList(cits); err != nil {
		return c, apperr.Wrap(err, "decode citizenships")
	}
	if wrapped != nil {
		fc, err := t.unwrapClientKey(orgID, id, keyID, orgKeyID, wrapped)
		if err != nil {
			return c, err
		}
		if hetuEnc != nil {
			plain, err := fc.Open(hetuEnc, hetuAD(orgID, id))
			if err != nil {
				return c, apperr.Wrap(err, "open hetu")
			}
			c.HETU = string(plain)
		}
		if err := openPersonal(fc, orgID, id, summaryEnc, detailsEnc, &c.Details); err != nil {
			return c, err
		}
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

// UpdateClient stores changed details (the personal ones sealed again),
// replaces the permits, refreshes the name index and appends the change
// history, every value sealed with the client's key.
func (t *Tx) UpdateClient(c *client.Client, changes []client.Change) error {
	fc, err := t.clientCipher(c.OrgID, c.ID)
	if err != nil {
		return err
	}
	hetuEnc, hetuIdx, err := t.sealHETU(fc, c.OrgID, c.ID, c.HETU)
	if err != nil {
		return err
	}
	summary, details, err := sealPersonal(fc, c.OrgID, c.ID, &c.Details)
	if err != nil {
		return err
	}
	res, err := t.exec(`UPDATE clients SET hetu_enc = ?, hetu_bidx = ?, summary_enc = ?, details_enc = ?, birth_date_bidx = ?,
		sex = ?, mother_tongue = ?, service_language = ?, interpreter_needed = ?, interpreter_language = ?, citizenships = ?,
		stateless = ?, home_municipality = ?, address_protected = ?, arrival_date = ?, municipality_registered_on = ?,
		updated_at = ?, updated_by = ?, version = ?, code_lists = ?, service_end = ?, service_end_reason = ?, date_of_death = ?
		WHERE id = ? AND org_id = ? AND version = ?`,
		hetuEnc, hetuIdx, summary, details, t.birthDateIndex(c.OrgID, c.BirthDate),
		string(c.Sex), c.MotherTongue, c.ServiceLanguage, c.InterpreterNeeded, c.InterpreterLanguage, encodeList(c.Citizenships),
		c.Stateless, c.HomeMunicipality, c.AddressProtected, c.ArrivalDate, c.MunicipalityRegistered,
		c.UpdatedAt, c.UpdatedBy, c.Version, c.CodeLists, c.ServiceEnd, c.ServiceEndReason, c.DateOfDeath,
		c.ID, c.OrgID, c.Version-1)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "client.hetu_taken", "hetu")
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
	if err := t.markDue(c.OrgID, c.ID); err != nil {
		return err
	}
	if err := t.indexClientName(c); err != nil {
		return err
	}
	for _, ch := range changes {
		if err := t.insertChange(fc, c.OrgID, c.ID, ch); err != nil {
			return err
		}
	}
	return nil
}

// insertChange appends one entry to a client's change history, its values
// sealed with the client's key (fc).
func (t *Tx) insertChange(fc *crypto.FieldCipher, orgID, clientID string, ch client.Change) error {
	id := NewID()
	oldEnc, newEnc, err := sealChange(fc, orgID, id, ch.Field, ch.OldValue, ch.NewValue)
	if err != nil {
		return err
	}
	if _, err := t.exec(`INSERT INTO client_changes (id, client_id, org_id, at, user_id, username, field, old_enc, new_enc, encrypted)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, clientID, orgID, ch.At, ch.UserID, ch.Username, ch.Field, oldEnc, newEnc, ch.Encrypted); err != nil {
		return apperr.Wrap(err, "insert change")
	}
	return nil
}

// changeAD binds a sealed value of the change history to its row and to
// whether it is the old or the new value of field: a value moved to
// another row, field or side fails to open.
func changeAD(orgID, changeID, side, field string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_changes", Column: side + ":" + field, RowID: changeID}
}

// sealChange seals the old and new value of one change.
func sealChange(fc *crypto.FieldCipher, orgID, changeID, field, oldV, newV string) (oldEnc, newEnc []byte, err error) {
	if oldEnc, err = fc.Seal([]byte(oldV), changeAD(orgID, changeID, "old", field)); err != nil {
		return nil, nil, apperr.Wrap(err, "seal change")
	}
	if newEnc, err = fc.Seal([]byte(newV), changeAD(orgID, changeID, "new", field)); err != nil {
		return nil, nil, apperr.Wrap(err, "seal change")
	}
	return oldEnc, newEnc, nil
}

// sealedChange is a row of the change history before its values are
// opened.
type sealedChange struct {
	ch             client.Change
	id             string
	oldEnc, newEnc []byte
}

func scanSealedChange(sc scanner) (sealedChange, error) {
	var s sealedChange
	err := sc.Scan(&s.id, &s.ch.At, &s.ch.UserID, &s.ch.Username, &s.ch.Field, &s.oldEnc, &s.newEnc, &s.ch.Encrypted)
	s.ch.At = s.ch.At.UTC()
	return s, err
}

// clientChangesOf lists one record's change history, newest first, its values
// opened with the client's key. Values of hidden fields (Encrypted: the
// HETU) are returned empty, and so is every value once the client's key is
// destroyed.
func (t *Tx) clientChangesOf(orgID, clientID string) ([]client.Change, error) {
	var key wrappedKey
	err := t.queryRow(`SELECT key_id, org_key_id, wrapped FROM client_keys WHERE client_id = ? AND org_id = ?`, clientID, orgID).
		Scan(&key.keyID, &key.orgKeyID, &key.wrapped)
	if err != nil {
		return nil, notFound(err, "load client key")
	}
	sealed, err := collect(t, "client changes", scanSealedChange,
		`SELECT id, at, user_id, username, field, old_enc, new_enc, encrypted FROM client_changes
		WHERE client_id = ? AND org_id = ? ORDER BY at DESC, id`, clientID, orgID)
	if err != nil {
		return nil, err
	}
	var fc *crypto.FieldCipher
	if key.wrapped != nil && len(sealed) > 0 {
		if fc, err = t.unwrapClientKey(orgID, clientID, key.keyID, key.orgKeyID, key.wrapped); err != nil {
			return nil, err
		}
	}
	out := make([]client.Change, len(sealed))
	for i, s := range sealed {
		out[i] = s.ch
		if fc == nil || s.ch.Encrypted {
			continue
		}
		oldV, err := fc.Open(s.oldEnc, changeAD(orgID, s.id, "old", s.ch.Field))
		if err != nil {
			return nil, apperr.Wrap(err, "open change")
		}
		newV, err := fc.Open(s.newEnc, changeAD(orgID, s.id, "new", s.ch.Field))
		if err != nil {
			return nil, apperr.Wrap(err, "open change")
		}
		out[i].OldValue, out[i].NewValue = string(oldV), string(newV)
	}
	return out, nil
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
