package store

import (
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/client"
	"koto/internal/crypto"
)

// Merging two records of one person (ADR 17). The merged record stays as
// a row pointing at the survivor (clients.merged_into); what undo needs is
// in client_merges, the survivor's earlier details sealed with its key.
// The merged record's change history, access log and special-category
// data are not moved: the survivor's reads include them.

func mergeBeforeAD(orgID, mergeID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_merges", Column: "before", RowID: mergeID}
}

// MergeStatus tells whether the client is merged away and which
// unconfirmed merge it survives. NotFound for a client the organisation
// does not hold.
func (t *Tx) MergeStatus(orgID, clientID string) (client.MergeStatus, error) {
	var st client.MergeStatus
	var into, id, mergedID, kotoID, state, by, byName, team, moved sql.NullString
	var at sql.NullTime
	var before []byte
	err := t.queryRow(`SELECT c.merged_into, m.id, m.merged_id, mc.koto_id, m.state, m.merged_at, m.merged_by, m.merged_by_name,
			m.before_enc, m.before_team_id, m.moved_assignments
		FROM clients c
		LEFT JOIN client_merges m ON m.survivor_id = c.id AND m.org_id = c.org_id AND m.state = 'unconfirmed'
		LEFT JOIN clients mc ON mc.id = m.merged_id AND mc.org_id = m.org_id
		WHERE c.id = ? AND c.org_id = ?`, clientID, orgID).
		Scan(&into, &id, &mergedID, &kotoID, &state, &at, &by, &byName, &before, &team, &moved)
	if err != nil {
		return st, notFound(err, "merge status")
	}
	st.MergedInto = into.String
	if !id.Valid {
		return st, nil
	}
	m := client.Merge{ID: id.String, SurvivorID: clientID, MergedID: mergedID.String, MergedKotoID: kotoID.String,
		State: client.MergeState(state.String), MergedAt: at.Time.UTC(), MergedBy: by.String, MergedByName: byName.String,
		BeforeTeamID: team.String}
	if m.MovedAssignees, err = decodeList(moved.String); err != nil {
		return st, apperr.Wrap(err, "decode moved assignments")
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return st, err
	}
	plain, err := fc.Open(before, mergeBeforeAD(orgID, m.ID))
	if err != nil {
		return st, apperr.Wrap(err, "open merge")
	}
	defer crypto.Wipe(plain)
	if err := json.Unmarshal(plain, &m.Before); err != nil {
		return st, apperr.Wrap(err, "decode merge")
	}
	st.Open = &m
	return st, nil
}

// InsertMerge records m and hides the merged record behind the survivor:
// it points at the survivor, leaves the HETU index (the survivor may take
// the HETU) and the name index, its responsible caseworkers move to the
// survivor unless already there (m.MovedAssignees), and its team becomes
// the survivor's when the survivor has none (m.BeforeTeamID keeps the
// survivor's). A record already merged is a Conflict.
func (t *Tx) InsertMerge(orgID string, m *client.Merge) error {
	res, err := t.exec(`UPDATE clients SET merged_into = ?, hetu_bidx = NULL WHERE id = ? AND org_id = ? AND merged_into IS NULL`,
		m.SurvivorID, m.MergedID, orgID)
	if err != nil {
		return apperr.Wrap(err, "mark merged")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "merge.already_merged")
	}
	if _, err := t.exec(`DELETE FROM client_search_keys WHERE client_id = ? AND org_id = ?`, m.MergedID, orgID); err != nil {
		return apperr.Wrap(err, "clear name index")
	}
	if err := t.markDue(orgID, m.MergedID); err != nil {
		return err
	}
	var team sql.NullString
	if err := t.queryRow(`SELECT team_id FROM clients WHERE id = ? AND org_id = ?`, m.SurvivorID, orgID).Scan(&team); err != nil {
		return notFound(err, "survivor team")
	}
	m.BeforeTeamID = team.String
	if !team.Valid {
		if _, err := t.exec(`UPDATE clients SET team_id = (SELECT team_id FROM clients WHERE id = ? AND org_id = ?) WHERE id = ? AND org_id = ?`,
			m.MergedID, orgID, m.SurvivorID, orgID); err != nil {
			return apperr.Wrap(err, "take over team")
		}
	}
	if m.MovedAssignees, err = collect(t, "assignments to move", scanString, `SELECT user_id FROM client_assignments
		WHERE client_id = ? AND org_id = ? AND user_id NOT IN (SELECT user_id FROM client_assignments WHERE client_id = ? AND org_id = ?)
		ORDER BY user_id`, m.MergedID, orgID, m.SurvivorID, orgID); err != nil {
		return err
	}
	if err := t.moveAssignments(orgID, m.MergedID, m.SurvivorID, m.MovedAssignees); err != nil {
		return err
	}
	fc, err := t.clientCipher(orgID, m.SurvivorID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(m.Before)
	if err != nil {
		return apperr.Wrap(err, "encode merge")
	}
	before, err := fc.Seal(plain, mergeBeforeAD(orgID, m.ID))
	crypto.Wipe(plain)
	if err != nil {
		return apperr.Wrap(err, "seal merge")
	}
	_, err = t.exec(`INSERT INTO client_merges (id, org_id, survivor_id, merged_id, state, merged_at, merged_by, merged_by_name,
		before_enc, before_team_id, moved_assignments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, orgID, m.SurvivorID, m.MergedID, string(m.State), m.MergedAt, m.MergedBy, m.MergedByName,
		before, nullable(m.BeforeTeamID), encodeList(m.MovedAssignees))
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "merge.open")
	}
	return apperr.Wrap(err, "insert merge")
}

// moveAssignments makes users responsible for to instead of from.
func (t *Tx) moveAssignments(orgID, from, to string, users []string) error {
	for _, u := range users {
		if _, err := t.exec(`UPDATE client_assignments SET client_id = ? WHERE client_id = ? AND org_id = ? AND user_id = ?`,
			to, from, orgID, u); err != nil {
			return apperr.Wrap(err, "move assignment")
		}
	}
	return nil
}

// ConfirmMerge makes the unconfirmed merge id final; Conflict when it is
// not unconfirmed (any more).
func (t *Tx) ConfirmMerge(orgID, id, by string, at time.Time) error {
	return t.closeMerge(orgID, id, `state = 'confirmed', confirmed_at = ?, confirmed_by = ?`, at, by)
}

func (t *Tx) closeMerge(orgID, id, set string, at time.Time, by string) error {
	res, err := t.exec(`UPDATE client_merges SET `+set+` WHERE id = ? AND org_id = ? AND state = 'unconfirmed'`, at, by, id, orgID)
	if err != nil {
		return apperr.Wrap(err, "close merge")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "merge.none_open")
	}
	return nil
}

// UndoMerge brings the merged record of m back: it points at nobody,
// holds its HETU again in the index and is in the name index; the
// assignments that moved go back (those still on the survivor), the
// survivor's team is what it was, and m is undone. The survivor must have
// given the HETU back first (a unique index holds it).
func (t *Tx) UndoMerge(orgID string, m client.Merge, by string, at time.Time) error {
	res, err := t.exec(`UPDATE clients SET merged_into = NULL WHERE id = ? AND org_id = ? AND merged_into = ?`, m.MergedID, orgID, m.SurvivorID)
	if err != nil {
		return apperr.Wrap(err, "unmark merged")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "merge.none_open")
	}
	mg, err := t.Client(orgID, m.MergedID)
	if err != nil {
		return err
	}
	var idx any
	if mg.HETU != "" {
		idx = t.hetuIndex(orgID, mg.HETU)
	}
	_, err = t.exec(`UPDATE clients SET hetu_bidx = ? WHERE id = ? AND org_id = ?`, idx, m.MergedID, orgID)
	if isUniqueViolation(err) {
		return apperr.OnField(apperr.Conflict, "client.hetu_taken", "hetu")
	}
	if err != nil {
		return apperr.Wrap(err, "restore hetu index")
	}
	if err := t.indexClientName(&mg); err != nil {
		return err
	}
	if err := t.markDue(orgID, m.MergedID); err != nil {
		return err
	}
	if err := t.moveAssignments(orgID, m.SurvivorID, m.MergedID, m.MovedAssignees); err != nil {
		return err
	}
	if _, err := t.exec(`UPDATE clients SET team_id = ? WHERE id = ? AND org_id = ?`, nullable(m.BeforeTeamID), m.SurvivorID, orgID); err != nil {
		return apperr.Wrap(err, "restore team")
	}
	return t.closeMerge(orgID, m.ID, `state = 'undone', undone_at = ?, undone_by = ?`, at, by)
}

// MergedFrom lists the records merged into clientID, also those merged
// into them, nearest first.
func (t *Tx) MergedFrom(orgID, clientID string) ([]string, error) {
	var out []string
	next := []string{clientID}
	for len(next) > 0 && len(out) < 100 {
		found, err := collect(t, "merged records", scanString,
			`SELECT id FROM clients WHERE org_id = ? AND `+t.db.dialect.inList("merged_into")+` ORDER BY id`, orgID, t.db.dialect.listArg(next))
		if err != nil {
			return nil, err
		}
		out = append(out, found...)
		next = found
	}
	return out, nil
}

// nullable is s, or NULL for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// ClientChanges lists a client's change history with that of the records
// merged into it, newest first (clientChangesOf for each).
func (t *Tx) ClientChanges(orgID, clientID string) ([]client.Change, error) {
	out, err := t.clientChangesOf(orgID, clientID)
	if err != nil {
		return nil, err
	}
	merged, err := t.MergedFrom(orgID, clientID)
	if err != nil || len(merged) == 0 {
		return out, err
	}
	for _, id := range merged {
		more, err := t.clientChangesOf(orgID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	slices.SortStableFunc(out, func(a, b client.Change) int { return b.At.Compare(a.At) })
	return out, nil
}

// ClientAccessLog lists the access-log entries about a client and the
// records merged into it, newest first, at most limit
// (clientAccessLogOf for each). The entries stay as they were written:
// the log is append-only and chained.
func (t *Tx) ClientAccessLog(orgID, clientID string, limit int) ([]audit.Entry, error) {
	out, err := t.clientAccessLogOf(orgID, clientID, limit)
	if err != nil {
		return nil, err
	}
	merged, err := t.MergedFrom(orgID, clientID)
	if err != nil || len(merged) == 0 {
		return out, err
	}
	seen := map[string]bool{}
	for _, e := range out {
		seen[e.ID] = true
	}
	for _, id := range merged {
		more, err := t.clientAccessLogOf(orgID, id, limit)
		if err != nil {
			return nil, err
		}
		for _, e := range more {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b audit.Entry) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return strings.Compare(b.ID, a.ID)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Sensitive loads the newest version of a client's special-category data;
// when the client has none, that of a record merged into it, so what was
// recorded under either record stays readable from the survivor. Saving
// then continues the version count under the survivor's own key.
func (t *Tx) Sensitive(orgID, clientID string) (client.Sensitive, error) {
	out, err := t.sensitiveOf(orgID, clientID)
	if err != nil || out.Version > 0 {
		return out, err
	}
	merged, err := t.MergedFrom(orgID, clientID)
	if err != nil {
		return out, err
	}
	for _, id := range merged {
		s, err := t.sensitiveOf(orgID, id)
		if err != nil {
			return out, err
		}
		if s.Version > out.Version {
			out = s
		}
	}
	return out, nil
}
