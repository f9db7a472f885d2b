package store

import (
	"database/sql"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/gate"
	"koto/internal/placement"
)

// Placements returns the store as the placement service's store.
func (db *DB) Placements() gate.Store[placement.Tx] { return gated[placement.Tx]{db} }

// *Tx serves placement's transactions.
var _ placement.Tx = (*Tx)(nil)

func placementAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_placements", Column: "details_enc", RowID: clientID}
}

// placementDoc is the sealed part of a placement.
type placementDoc struct {
	ReceptionCentre    string `json:"receptionCentre,omitempty"`
	UNHCRNumber        string `json:"unhcrNumber,omitempty"`
	PlacedFrom         string `json:"placedFrom,omitempty"`
	AssigningAuthority string `json:"assigningAuthority,omitempty"`
}

// Placement loads a client's placement with its sealed part opened;
// Version 0 when none is recorded. The sealed part of a client whose key
// is destroyed stays empty.
func (t *Tx) Placement(orgID, clientID string) (placement.Placement, error) {
	var p placement.Placement
	var enc []byte
	err := t.queryRow(`SELECT details_enc, quota_refugee, municipality, decision_date, arrival_date, updated_at, updated_by, version
		FROM client_placements WHERE client_id = ? AND org_id = ?`, clientID, orgID).
		Scan(&enc, &p.QuotaRefugee, &p.Municipality, &p.DecisionDate, &p.ArrivalDate, &p.UpdatedAt, &p.UpdatedBy, &p.Version)
	if err == sql.ErrNoRows {
		return placement.Placement{}, nil
	}
	if err != nil {
		return p, apperr.Wrap(err, "load placement")
	}
	p.UpdatedAt = p.UpdatedAt.UTC()
	fc, err := t.clientCipher(orgID, clientID)
	if apperr.Is(err, apperr.NotFound) {
		return p, nil
	}
	if err != nil {
		return p, err
	}
	var doc placementDoc
	if err := openJSON(fc, placementAD(orgID, clientID), enc, &doc); err != nil {
		return p, err
	}
	p.ReceptionCentre, p.UNHCRNumber, p.PlacedFrom, p.AssigningAuthority = doc.ReceptionCentre, doc.UNHCRNumber, doc.PlacedFrom, doc.AssigningAuthority
	return p, nil
}

// insertPlacementSQL stores a first placement, the row placementRow
// builds for the single and the bulk path alike.
const insertPlacementSQL = `INSERT INTO client_placements (client_id, org_id, details_enc, quota_refugee, municipality, decision_date,
	arrival_date, updated_at, updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// placementRow seals p's personal part with fc, the client's cipher, and
// returns the arguments of insertPlacementSQL.
func placementRow(fc *crypto.FieldCipher, orgID, clientID string, p *placement.Placement) ([]any, error) {
	enc, err := sealJSON(fc, placementAD(orgID, clientID), placementDoc{p.ReceptionCentre, p.UNHCRNumber, p.PlacedFrom, p.AssigningAuthority})
	if err != nil {
		return nil, err
	}
	return []any{clientID, orgID, enc, p.QuotaRefugee, p.Municipality, p.DecisionDate, p.ArrivalDate, p.UpdatedAt, p.UpdatedBy, p.Version}, nil
}

// SavePlacement stores p as version p.Version, its personal part sealed
// with the client's key; a concurrent save is Conflict.
func (t *Tx) SavePlacement(orgID, clientID string, p placement.Placement) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	row, err := placementRow(fc, orgID, clientID, &p)
	if err != nil {
		return err
	}
	if p.Version == 1 {
		_, err = t.exec(insertPlacementSQL, row...)
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "client.version_conflict")
		}
		return apperr.Wrap(err, "insert placement")
	}
	res, err := t.exec(`UPDATE client_placements SET details_enc = ?, quota_refugee = ?, municipality = ?, decision_date = ?,
		arrival_date = ?, updated_at = ?, updated_by = ?, version = ? WHERE client_id = ? AND org_id = ? AND version = ?`,
		row[2], p.QuotaRefugee, p.Municipality, p.DecisionDate, p.ArrivalDate, p.UpdatedAt, p.UpdatedBy, p.Version,
		clientID, orgID, p.Version-1)
	if err != nil {
		return apperr.Wrap(err, "update placement")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "client.version_conflict")
	}
	return nil
}

// InsertPlacements stores many clients' first placements (the bulk path,
// ADR 28): the rows built by placementRow, sealed with each client's key
// on every core, and written in order by this transaction.
func (t *Tx) InsertPlacements(orgID string, ps []placement.Loaded) error {
	ciphers := make([]*crypto.FieldCipher, len(ps))
	for i, l := range ps {
		fc, err := t.clientCipher(orgID, l.ClientID)
		if err != nil {
			return err
		}
		ciphers[i] = fc
	}
	rows := make([][]any, len(ps))
	err := sealRows(len(ps), func(i int) error {
		var err error
		rows[i], err = placementRow(ciphers[i], orgID, ps[i].ClientID, &ps[i].Placement)
		return err
	})
	if err != nil {
		return err
	}
	for _, row := range rows {
		_, err := t.exec(insertPlacementSQL, row...)
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "client.version_conflict")
		}
		if err != nil {
			return apperr.Wrap(err, "insert placement")
		}
	}
	return nil
}

func scanStoredLink(sc scanner) (placement.StoredLink, error) {
	var l placement.StoredLink
	err := sc.Scan(&l.ID, &l.OrgID, &l.ClientID, &l.OtherID, &l.Kind, &l.CreatedAt, &l.CreatedBy)
	l.CreatedAt = l.CreatedAt.UTC()
	return l, err
}

const linkColumns = `id, org_id, client_id, other_id, kind, created_at, created_by`

// HouseholdLinks lists a client's links from its side, the other
// client's name opened, in the other clients' name order.
func (t *Tx) HouseholdLinks(orgID, clientID string) ([]placement.Link, error) {
	stored, err := collect(t, "household links", scanStoredLink, `SELECT `+linkColumns+` FROM household_links
		WHERE org_id = ? AND client_id = ? UNION ALL SELECT `+linkColumns+` FROM household_links
		WHERE org_id = ? AND other_id = ?`, orgID, clientID, orgID, clientID)
	if err != nil || len(stored) == 0 {
		return nil, err
	}
	byOther := map[string]placement.StoredLink{}
	var ids []string
	for _, l := range stored {
		if l.ClientID != clientID { // stored from the other side
			l.ClientID, l.OtherID, l.Kind = clientID, l.ClientID, placement.Inverse(l.Kind)
		}
		byOther[l.OtherID] = l
		ids = append(ids, l.OtherID)
	}
	sums, err := t.ClientSummaries(orgID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]placement.Link, 0, len(sums))
	for _, s := range sums {
		l := byOther[s.ID]
		name := s.FirstNames + " " + s.LastName
		if s.FirstNames == "" && s.LastName == "" {
			name = ""
		}
		out = append(out, placement.Link{ID: l.ID, ClientID: clientID, OtherID: l.OtherID, Kind: l.Kind, OtherName: name,
			OtherKoto: s.KotoID, OtherBorn: s.BirthDate, CreatedAt: l.CreatedAt, CreatedBy: l.CreatedBy})
	}
	return out, nil
}

// HouseholdLink loads one stored link of the organisation.
func (t *Tx) HouseholdLink(orgID, linkID string) (placement.StoredLink, error) {
	l, err := scanStoredLink(t.queryRow(`SELECT `+linkColumns+` FROM household_links WHERE id = ? AND org_id = ?`, linkID, orgID))
	return l, notFound(err, "load household link")
}

// LinkedTo reports whether the two clients are linked either way round.
func (t *Tx) LinkedTo(orgID, clientID, otherID string) (bool, error) {
	var n int
	err := t.queryRow(`SELECT COUNT(*) FROM household_links WHERE org_id = ? AND
		((client_id = ? AND other_id = ?) OR (client_id = ? AND other_id = ?))`, orgID, clientID, otherID, otherID, clientID).Scan(&n)
	return n > 0, apperr.Wrap(err, "household link exists")
}

// InsertHouseholdLink stores a link; the same pair again is Conflict.
func (t *Tx) InsertHouseholdLink(l placement.StoredLink) error {
	_, err := t.exec(`INSERT INTO household_links (`+linkColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		l.ID, l.OrgID, l.ClientID, l.OtherID, l.Kind, l.CreatedAt, l.CreatedBy)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "household.link_exists", "otherId")
	}
	return apperr.Wrap(err, "insert household link")
}

// DeleteHouseholdLink removes a link of the organisation.
func (t *Tx) DeleteHouseholdLink(orgID, linkID string) error {
	res, err := t.exec(`DELETE FROM household_links WHERE id = ? AND org_id = ?`, linkID, orgID)
	if err != nil {
		return apperr.Wrap(err, "delete household link")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.ErrNotFound()
	}
	return nil
}

// ClientIDByKoto returns the id of the organisation's client with a Koto
// id; NotFound when there is none.
func (t *Tx) ClientIDByKoto(orgID, kotoID string) (string, error) {
	var id string
	err := t.queryRow(`SELECT id FROM clients WHERE org_id = ? AND koto_id = ?`, orgID, kotoID).Scan(&id)
	return id, notFound(err, "client by koto id")
}

// InsertPlacementChanges appends reception, placement and household
// changes to the client's change history, sealed like the client's own.
func (t *Tx) InsertPlacementChanges(orgID, clientID string, changes []placement.Change) error {
	if len(changes) == 0 {
		return nil
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	for _, ch := range changes {
		err := t.insertChange(fc, orgID, clientID, client.Change{At: ch.At, UserID: ch.UserID, Username: ch.Username,
			Field: ch.Field, OldValue: ch.Old, NewValue: ch.New})
		if err != nil {
			return err
		}
	}
	return nil
}
