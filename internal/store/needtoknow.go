package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/crypto"
)

// ClientSummary loads the list row of one client of the organisation.
func (t *Tx) ClientSummary(orgID, id string) (client.Summary, error) {
	found, err := t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ? AND c.id = ?`, orgID, id)
	if err != nil {
		return client.Summary{}, err
	}
	if len(found) == 0 {
		return client.Summary{}, apperr.ErrNotFound()
	}
	return found[0], nil
}

// Relation tells whether userID is a responsible caseworker of the client,
// a member of its team, or holds an active stated reason (the one that
// lasts longest). A client the organisation does not hold is NotFound.
func (t *Tx) Relation(orgID, clientID, userID string, now time.Time) (access.Relation, error) {
	var assigned, team int
	var reason sql.NullString
	err := t.queryRow(`SELECT
		(SELECT COUNT(*) FROM client_assignments a WHERE a.client_id = c.id AND a.org_id = c.org_id AND a.user_id = ?),
		(SELECT COUNT(*) FROM team_members m WHERE m.team_id = c.team_id AND m.org_id = c.org_id AND m.user_id = ?),
		(SELECT r.id FROM access_reasons r WHERE r.org_id = c.org_id AND r.client_id = c.id AND r.user_id = ? AND r.expires_at > ?
			AND r.kind = 'reason' ORDER BY r.expires_at DESC LIMIT 1)
		FROM clients c WHERE c.id = ? AND c.org_id = ?`, userID, userID, userID, now, clientID, orgID).Scan(&assigned, &team, &reason)
	if err != nil {
		return access.Relation{}, notFound(err, "client relation")
	}
	return access.Relation{Assigned: assigned+team > 0, ReasonID: reason.String}, nil
}

// HoldsClient returns nil when the organisation holds the client and
// apperr.NotFound otherwise.
func (t *Tx) HoldsClient(orgID, clientID string) error {
	var one int
	return notFound(t.queryRow(`SELECT 1 FROM clients WHERE id = ? AND org_id = ?`, clientID, orgID).Scan(&one), "client held")
}

// IsColleague reports whether userID is an active caseworker or supervisor
// of the organisation: only they can be made responsible for its clients.
func (t *Tx) IsColleague(orgID, userID string) (bool, error) {
	var n int
	err := t.queryRow(`SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
		WHERE u.id = ? AND u.org_id = ? AND u.disabled_at IS NULL AND r.role IN ('caseworker', 'supervisor')`, userID, orgID).Scan(&n)
	return n > 0, apperr.Wrap(err, "colleague")
}

// Assign makes userID a responsible caseworker of the client. Assigning
// twice is harmless; ON CONFLICT keeps a PostgreSQL transaction usable
// where a failed insert would abort it.
func (t *Tx) Assign(orgID, clientID, userID, by string, at time.Time) error {
	_, err := t.exec(`INSERT INTO client_assignments (client_id, org_id, user_id, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (client_id, user_id) DO NOTHING`, clientID, orgID, userID, at, by)
	return apperr.Wrap(err, "assign")
}

// Unassign removes a responsible caseworker.
func (t *Tx) Unassign(orgID, clientID, userID string) error {
	_, err := t.exec(`DELETE FROM client_assignments WHERE org_id = ? AND client_id = ? AND user_id = ?`, orgID, clientID, userID)
	return apperr.Wrap(err, "unassign")
}

// Assignments lists a client's responsible caseworkers.
func (t *Tx) Assignments(orgID, clientID string) ([]client.Assignment, error) {
	return collect(t, "assignments", func(sc scanner) (client.Assignment, error) {
		var a client.Assignment
		err := sc.Scan(&a.UserID, &a.Username, &a.AssignedAt, &a.AssignedBy)
		a.AssignedAt = a.AssignedAt.UTC()
		return a, err
	}, `SELECT a.user_id, u.username, a.assigned_at, a.assigned_by FROM client_assignments a
		JOIN users u ON u.id = a.user_id WHERE a.org_id = ? AND a.client_id = ? ORDER BY u.username`, orgID, clientID)
}

// InsertAccessReason stores an item of the review queue: a stated reason
// for access or a self-assignment.
func (t *Tx) InsertAccessReason(orgID string, r *client.AccessReason) error {
	_, err := t.exec(`INSERT INTO access_reasons (id, org_id, kind, client_id, user_id, reason_code, reason_text, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.ID, orgID, r.Kind, r.ClientID, r.UserID, r.Code, r.Text, r.CreatedAt, r.ExpiresAt)
	return apperr.Wrap(err, "insert access reason")
}

// ReasonsGivenSince counts the stated reasons userID gave in the
// organisation since since.
func (t *Tx) ReasonsGivenSince(orgID, userID string, since time.Time) (int, error) {
	var n int
	err := t.queryRow(`SELECT COUNT(*) FROM access_reasons WHERE org_id = ? AND user_id = ? AND created_at >= ? AND kind = 'reason'`,
		orgID, userID, since).Scan(&n)
	return n, apperr.Wrap(err, "count reasons")
}

// reasonColumns are a review item's columns and its client's sealed
// summary, read FROM reasonTables.
const reasonColumns = `r.id, r.kind, r.client_id, r.user_id, u.username, r.reason_code, r.reason_text,
	r.created_at, r.expires_at, r.reviewed_at, COALESCE(r.reviewed_by, ''), ` + summaryColumns

const reasonTables = `access_reasons r JOIN users u ON u.id = r.user_id JOIN clients c ON c.id = r.client_id
	JOIN client_keys k ON k.client_id = c.id`

// sealedReason is a review item whose client name is still sealed.
type sealedReason struct {
	r    client.AccessReason
	name sealedSummary
}

func scanReason(sc scanner) (sealedReason, error) {
	var x sealedReason
	var reviewed sql.NullTime
	s := &x.name
	err := sc.Scan(&x.r.ID, &x.r.Kind, &x.r.ClientID, &x.r.UserID, &x.r.Username, &x.r.Code, &x.r.Text,
		&x.r.CreatedAt, &x.r.ExpiresAt, &reviewed, &x.r.ReviewedBy,
		&s.s.ID, &s.s.KotoID, &s.enc, &s.s.HomeMunicipality, &s.s.UpdatedAt, &s.key.keyID, &s.key.orgKeyID, &s.key.wrapped)
	x.r.CreatedAt, x.r.ExpiresAt, x.r.ReviewedAt = x.r.CreatedAt.UTC(), x.r.ExpiresAt.UTC(), timePtr(reviewed)
	return x, err
}

// openReasons opens the client names of review items (after the rows
// are closed: opening may read the organisation key).
func (t *Tx) openReasons(orgID string, sealed []sealedReason) ([]client.AccessReason, error) {
	out := make([]client.AccessReason, len(sealed))
	for i := range sealed {
		s, err := t.openSummary(orgID, &sealed[i].name)
		if err != nil {
			return nil, err
		}
		out[i] = sealed[i].r
		out[i].ClientName = s.FirstNames + " " + s.LastName
	}
	return out, nil
}

// AccessReason loads one review item of the organisation.
func (t *Tx) AccessReason(orgID, id string) (client.AccessReason, error) {
	x, err := scanReason(t.queryRow(`SELECT `+reasonColumns+` FROM `+reasonTables+` WHERE r.id = ? AND r.org_id = ?`, id, orgID))
	if err != nil {
		return client.AccessReason{}, notFound(err, "access reason")
	}
	out, err := t.openReasons(orgID, []sealedReason{x})
	if err != nil {
		return client.AccessReason{}, err
	}
	return out[0], nil
}

// AccessReasons lists the organisation's review items, unreviewed first,
// with the client's name opened from its sealed summary.
func (t *Tx) AccessReasons(orgID string, includeReviewed bool, limit int) ([]client.AccessReason, error) {
	q := `SELECT ` + reasonColumns + ` FROM ` + reasonTables + ` WHERE r.org_id = ?`
	if !includeReviewed {
		q += ` AND r.reviewed_at IS NULL`
	}
	sealed, err := collect(t, "access reasons", scanReason,
		q+` ORDER BY CASE WHEN r.reviewed_at IS NULL THEN 0 ELSE 1 END, r.created_at DESC LIMIT ?`, orgID, limit)
	if err != nil {
		return nil, err
	}
	return t.openReasons(orgID, sealed)
}

// MarkReasonReviewed marks one review item reviewed (once: marking it
// again changes nothing).
func (t *Tx) MarkReasonReviewed(orgID, reasonID, by string, at time.Time) error {
	_, err := t.exec(`UPDATE access_reasons SET reviewed_at = ?, reviewed_by = ? WHERE id = ? AND org_id = ? AND reviewed_at IS NULL`,
		at, by, reasonID, orgID)
	return apperr.Wrap(err, "review access reason")
}

func sensitiveAD(orgID, clientID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "client_sensitive", Column: "data_enc", RowID: clientID}
}

// sensitiveDoc is the sealed JSON document of special-category data.
type sensitiveDoc struct {
	Health            string `json:"health"`
	WorkAbility       string `json:"workAbility"`
	FunctionalAbility string `json:"functionalAbility"`
}

// sensitiveOf loads and decrypts the newest version of a client's
// special-category data. A client without any yet gives a zero value with
// Version 0.
func (t *Tx) sensitiveOf(orgID, clientID string) (client.Sensitive, error) {
	var out client.Sensitive
	var enc []byte
	err := t.queryRow(`SELECT data_enc, saved_at, saved_by, version FROM client_sensitive_versions WHERE client_id = ? AND org_id = ?
		ORDER BY version DESC LIMIT 1`, clientID, orgID).Scan(&enc, &out.UpdatedAt, &out.UpdatedBy, &out.Version)
	if err == sql.ErrNoRows {
		return client.Sensitive{}, nil
	}
	if err != nil {
		return out, apperr.Wrap(err, "load sensitive data")
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return out, err
	}
	plain, err := fc.Open(enc, sensitiveAD(orgID, clientID))
	if err != nil {
		return out, apperr.Wrap(err, "open sensitive data")
	}
	defer crypto.Wipe(plain)
	var doc sensitiveDoc
	if err := json.Unmarshal(plain, &doc); err != nil {
		return out, apperr.Wrap(err, "decode sensitive data")
	}
	out.Health, out.WorkAbility, out.FunctionalAbility = doc.Health, doc.WorkAbility, doc.FunctionalAbility
	out.UpdatedAt = out.UpdatedAt.UTC()
	return out, nil
}

// InsertSensitiveVersion seals data and stores it as version
// data.Version with the purpose it was saved for; earlier versions stay.
// Two saves of the same version collide on the primary key: Conflict.
func (t *Tx) InsertSensitiveVersion(orgID, clientID, purpose string, data client.Sensitive) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(sensitiveDoc{data.Health, data.WorkAbility, data.FunctionalAbility})
	if err != nil {
		return err
	}
	enc, err := fc.Seal(plain, sensitiveAD(orgID, clientID))
	crypto.Wipe(plain)
	if err != nil {
		return apperr.Wrap(err, "seal sensitive data")
	}
	_, err = t.exec(`INSERT INTO client_sensitive_versions (client_id, org_id, version, data_enc, purpose, saved_at, saved_by)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, clientID, orgID, data.Version, enc, purpose, data.UpdatedAt, data.UpdatedBy)
	if isUniqueViolation(err) {
		return apperr.New(apperr.Conflict, "client.version_conflict")
	}
	return apperr.Wrap(err, "save sensitive data")
}

// Colleagues lists active caseworkers and supervisors of the organisation.
func (t *Tx) Colleagues(orgID string) ([]client.Colleague, error) {
	return collect(t, "colleagues", scanColleague, `SELECT DISTINCT u.id, u.username, u.display_name FROM users u
		JOIN user_roles r ON r.user_id = u.id
		WHERE u.org_id = ? AND u.disabled_at IS NULL AND r.role IN ('caseworker', 'supervisor') ORDER BY u.username`, orgID)
}

// UserDisplayNames maps user ids to their display names (users without
// one are left out). Any organisation's users: an access log names users
// of other organisations too.
func (t *Tx) UserDisplayNames(ids []string) (map[string]string, error) {
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	type pair struct{ id, name string }
	rows, err := collect(t, "user display names", func(sc scanner) (pair, error) {
		var p pair
		return p, sc.Scan(&p.id, &p.name)
	}, `SELECT id, display_name FROM users WHERE display_name <> '' AND `+t.db.dialect.inList("id"), t.db.dialect.listArg(ids))
	for _, p := range rows {
		names[p.id] = p.name
	}
	return names, err
}

func scanColleague(sc scanner) (client.Colleague, error) {
	var c client.Colleague
	return c, sc.Scan(&c.UserID, &c.Username, &c.DisplayName)
}

// InsertTeam adds a team.
func (t *Tx) InsertTeam(orgID, id, name string, at time.Time) error {
	_, err := t.exec(`INSERT INTO teams (id, org_id, name, created_at) VALUES (?, ?, ?, ?)`, id, orgID, name, at)
	return apperr.Wrap(err, "insert team")
}

// TeamExists is nil when the organisation has the team, else NotFound.
func (t *Tx) TeamExists(orgID, teamID string) error {
	var n int
	if err := t.queryRow(`SELECT COUNT(*) FROM teams WHERE id = ? AND org_id = ?`, teamID, orgID).Scan(&n); err != nil {
		return apperr.Wrap(err, "team")
	}
	if n == 0 {
		return apperr.ErrNotFound()
	}
	return nil
}

// SetTeamMember adds or removes a team member (idempotent).
func (t *Tx) SetTeamMember(orgID, teamID, userID string, member bool) error {
	var err error
	if member {
		_, err = t.exec(`INSERT INTO team_members (team_id, org_id, user_id) VALUES (?, ?, ?)
			ON CONFLICT (team_id, user_id) DO NOTHING`, teamID, orgID, userID)
	} else {
		_, err = t.exec(`DELETE FROM team_members WHERE team_id = ? AND org_id = ? AND user_id = ?`, teamID, orgID, userID)
	}
	return apperr.Wrap(err, "team member")
}

// SetClientTeam sets or ("") clears a client's team.
func (t *Tx) SetClientTeam(orgID, clientID, teamID string) error {
	var team any
	if teamID != "" {
		team = teamID
	}
	_, err := t.exec(`UPDATE clients SET team_id = ? WHERE id = ? AND org_id = ?`, team, clientID, orgID)
	return apperr.Wrap(err, "client team")
}

// ClientTeam is the id of the client's team, "" when it has none.
func (t *Tx) ClientTeam(orgID, clientID string) (string, error) {
	var team sql.NullString
	err := t.queryRow(`SELECT team_id FROM clients WHERE id = ? AND org_id = ?`, clientID, orgID).Scan(&team)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound()
	}
	return team.String, apperr.Wrap(err, "client team")
}

// Teams lists the organisation's teams with members.
func (t *Tx) Teams(orgID string) ([]client.Team, error) {
	type row struct {
		id, name string
		member   client.Colleague
	}
	rows, err := collect(t, "teams", func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.id, &r.name, &r.member.UserID, &r.member.Username, &r.member.DisplayName)
	}, `SELECT tm.id, tm.name, COALESCE(u.id, ''), COALESCE(u.username, ''), COALESCE(u.display_name, '')
		FROM teams tm LEFT JOIN team_members m ON m.team_id = tm.id LEFT JOIN users u ON u.id = m.user_id
		WHERE tm.org_id = ? ORDER BY tm.name, tm.id, u.username`, orgID)
	var out []client.Team
	for _, r := range rows {
		if len(out) == 0 || out[len(out)-1].ID != r.id {
			out = append(out, client.Team{ID: r.id, Name: r.name})
		}
		if r.member.UserID != "" {
			out[len(out)-1].Members = append(out[len(out)-1].Members, r.member)
		}
	}
	return out, err
}
