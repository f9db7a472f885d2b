package store

import (
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/crypto"
	"koto/internal/plan"
)

// Plans returns the store as the integration plans' store.
func (db *DB) Plans() plan.Store { return gated[plan.Tx]{db} }

// *Tx serves the plans' transactions.
var _ plan.Tx = (*Tx)(nil)

func planAD(orgID, planID string, version int) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "plan_versions", Column: "content_enc", RowID: planID + "/" + strconv.Itoa(version)}
}

func followUpAD(orgID, id string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: "plan_follow_ups", Column: "data_enc", RowID: id}
}

// sealedVersion is a row of plan_versions before it is opened.
type sealedVersion struct {
	planID, clientID string
	version          int
	enc              []byte
	warnings         string
	savedAt          time.Time
	savedBy, byName  string
}

func scanSealedVersion(sc scanner) (sealedVersion, error) {
	var r sealedVersion
	return r, sc.Scan(&r.planID, &r.clientID, &r.version, &r.enc, &r.warnings, &r.savedAt, &r.savedBy, &r.byName)
}

var planVersionCols = `v.plan_id, v.client_id, v.version, v.content_enc, v.warnings, v.saved_at, v.saved_by, ` + userName("v.saved_by")

// userName is the SQL for the display name (else username) of the user
// whose id column names.
func userName(column string) string {
	return `COALESCE((SELECT COALESCE(NULLIF(u.display_name, ''), u.username) FROM users u WHERE u.id = ` + column + `), '')`
}

// warningDoc is a stored warning (no personal data).
type warningDoc struct {
	Code   string `json:"code"`
	Law    string `json:"law"`
	Months int    `json:"months"`
}

func (t *Tx) openVersion(orgID string, fc *crypto.FieldCipher, r sealedVersion) (plan.Version, error) {
	v := plan.Version{PlanID: r.planID, ClientID: r.clientID, Number: r.version, SavedAt: r.savedAt.UTC(), SavedBy: r.savedBy, SavedByName: r.byName}
	plain, err := fc.Open(r.enc, planAD(orgID, r.planID, r.version))
	if err != nil {
		return v, apperr.Wrap(err, "open plan %s", r.planID)
	}
	defer crypto.Wipe(plain)
	if err := json.Unmarshal(plain, &v.Content); err != nil {
		return v, apperr.Wrap(err, "decode plan %s", r.planID)
	}
	var ws []warningDoc
	if err := json.Unmarshal([]byte(r.warnings), &ws); err != nil {
		return v, apperr.Wrap(err, "decode plan warnings %s", r.planID)
	}
	for _, w := range ws {
		v.Warnings = append(v.Warnings, plan.Warning{Code: w.Code, Law: w.Law, Months: w.Months})
	}
	return v, nil
}

// PlansStatement reads the current version of each plan of a client
// (org, client); exported for kotobaseline.
var PlansStatement = `SELECT ` + planVersionCols + ` FROM plans p
		JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.version AND v.org_id = p.org_id
		WHERE p.org_id = ? AND p.client_id = ?`

// Plans loads the current version of each plan of the client.
func (t *Tx) Plans(orgID, clientID string) ([]plan.Version, error) {
	rows, err := collect(t, "plans", scanSealedVersion, PlansStatement, orgID, clientID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]plan.Version, 0, len(rows))
	for _, r := range rows {
		v, err := t.openVersion(orgID, fc, r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	// Newest start first; ties by id for a stable order.
	sortVersions(out)
	return out, nil
}

func sortVersions(vs []plan.Version) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && later(vs[j], vs[j-1]); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

func later(a, b plan.Version) bool {
	if c := a.StartDate.Compare(b.StartDate); c != 0 {
		return c > 0
	}
	return a.PlanID < b.PlanID
}

// PlanVersion loads version n of a plan of the client (0: the current).
func (t *Tx) PlanVersion(orgID, clientID, planID string, n int) (plan.Version, error) {
	q := `SELECT ` + planVersionCols + ` FROM plans p JOIN plan_versions v ON v.plan_id = p.id AND v.org_id = p.org_id
		WHERE p.org_id = ? AND p.client_id = ? AND p.id = ? AND `
	args := []any{orgID, clientID, planID}
	if n == 0 {
		q += `v.version = p.version`
	} else {
		q += `v.version = ?`
		args = append(args, n)
	}
	r, err := scanSealedVersion(t.queryRow(q, args...))
	if err == sql.ErrNoRows {
		return plan.Version{}, apperr.ErrNotFound()
	}
	if err != nil {
		return plan.Version{}, apperr.Wrap(err, "load plan %s", planID)
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return plan.Version{}, err
	}
	v, err := t.openVersion(orgID, fc, r)
	if err != nil {
		return v, err
	}
	type ack struct {
		code, by, name string
		at             time.Time
	}
	acks, err := collect(t, "plan acknowledgements", func(sc scanner) (ack, error) {
		var a ack
		return a, sc.Scan(&a.code, &a.by, &a.name, &a.at)
	}, `SELECT code, acked_by, `+userName("acked_by")+`, acked_at FROM plan_warning_acks WHERE org_id = ? AND plan_id = ? AND version = ?`, orgID, planID, v.Number)
	for _, a := range acks {
		for i := range v.Warnings {
			if v.Warnings[i].Code == a.code {
				at := a.at.UTC()
				v.Warnings[i].AckedBy, v.Warnings[i].AckedByName, v.Warnings[i].AckedAt = a.by, a.name, &at
			}
		}
	}
	return v, err
}

// PlanVersions lists a plan's versions, oldest first.
func (t *Tx) PlanVersions(orgID, clientID, planID string) ([]plan.VersionInfo, error) {
	return collect(t, "plan versions", func(sc scanner) (plan.VersionInfo, error) {
		var v plan.VersionInfo
		err := sc.Scan(&v.Number, &v.SavedAt, &v.SavedBy, &v.SavedByName)
		v.SavedAt = v.SavedAt.UTC()
		return v, err
	}, `SELECT version, saved_at, saved_by, `+userName("saved_by")+` FROM plan_versions WHERE org_id = ? AND client_id = ? AND plan_id = ? ORDER BY version`,
		orgID, clientID, planID)
}

// followUpDoc is the sealed part of a follow-up entry.
type followUpDoc struct {
	Date civil.Date `json:"date"`
	Text string     `json:"text"`
}

// PlanFollowUps lists a plan's follow-up entries, oldest first.
func (t *Tx) PlanFollowUps(orgID, clientID, planID string) ([]plan.FollowUp, error) {
	type row struct {
		f   plan.FollowUp
		enc []byte
	}
	rows, err := collect(t, "plan follow-ups", func(sc scanner) (row, error) {
		var r row
		return r, sc.Scan(&r.f.ID, &r.enc, &r.f.CreatedAt, &r.f.CreatedBy, &r.f.CreatedByName)
	}, `SELECT id, data_enc, created_at, created_by, `+userName("created_by")+` FROM plan_follow_ups WHERE org_id = ? AND client_id = ? AND plan_id = ?
		ORDER BY created_at, id`, orgID, clientID, planID)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]plan.FollowUp, 0, len(rows))
	for _, r := range rows {
		plain, err := fc.Open(r.enc, followUpAD(orgID, r.f.ID))
		if err != nil {
			return nil, apperr.Wrap(err, "open follow-up %s", r.f.ID)
		}
		var doc followUpDoc
		err = json.Unmarshal(plain, &doc)
		crypto.Wipe(plain)
		if err != nil {
			return nil, apperr.Wrap(err, "decode follow-up %s", r.f.ID)
		}
		r.f.Date, r.f.Text, r.f.CreatedAt = doc.Date, doc.Text, r.f.CreatedAt.UTC()
		out = append(out, r.f)
	}
	return out, nil
}

// insertPlanSQL and insertPlanVersionSQL store the rows of a plan and
// of its versions (planVersionRow), for the single and the bulk path
// alike.
const (
	insertPlanSQL        = `INSERT INTO plans (id, org_id, client_id, version, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)`
	insertPlanVersionSQL = `INSERT INTO plan_versions (plan_id, org_id, client_id, version, content_enc, warnings, saved_at, saved_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

// InsertPlan stores a new plan with v as version 1.
func (t *Tx) InsertPlan(orgID string, v plan.Version) error {
	if _, err := t.exec(insertPlanSQL, v.PlanID, orgID, v.ClientID, 0, v.SavedAt, v.SavedBy); err != nil {
		return apperr.Wrap(err, "insert plan")
	}
	return t.InsertPlanVersion(orgID, v)
}

// InsertPlans stores many new plans with all their versions (the bulk
// path, ADR 28): the versions sealed by planVersionRow like the single
// path's, on every core, and written in order by this transaction; a
// plan's current version is its last.
func (t *Tx) InsertPlans(orgID string, plans [][]plan.Version) error {
	ciphers := map[string]*crypto.FieldCipher{}
	for _, vs := range plans {
		id := vs[0].ClientID
		if ciphers[id] != nil {
			continue
		}
		fc, err := t.clientCipher(orgID, id)
		if err != nil {
			return err
		}
		ciphers[id] = fc
	}
	rows := make([][][]any, len(plans))
	err := sealRows(len(plans), func(i int) error {
		for _, v := range plans[i] {
			row, err := planVersionRow(ciphers[v.ClientID], orgID, v)
			if err != nil {
				return err
			}
			rows[i] = append(rows[i], row)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, vs := range plans {
		first, last := vs[0], vs[len(vs)-1]
		if _, err := t.exec(insertPlanSQL, first.PlanID, orgID, first.ClientID, last.Number, first.SavedAt, first.SavedBy); err != nil {
			return apperr.Wrap(err, "insert plan")
		}
		for _, row := range rows[i] {
			if _, err := t.exec(insertPlanVersionSQL, row...); err != nil {
				return apperr.Wrap(err, "insert plan version")
			}
		}
	}
	return nil
}

// planVersionRow seals v's content with fc, its client's cipher, and
// returns the arguments of insertPlanVersionSQL.
func planVersionRow(fc *crypto.FieldCipher, orgID string, v plan.Version) ([]any, error) {
	plain, err := json.Marshal(v.Content)
	if err != nil {
		return nil, err
	}
	enc, err := fc.Seal(plain, planAD(orgID, v.PlanID, v.Number))
	crypto.Wipe(plain)
	if err != nil {
		return nil, apperr.Wrap(err, "seal plan")
	}
	ws := make([]warningDoc, 0, len(v.Warnings))
	for _, w := range v.Warnings {
		ws = append(ws, warningDoc{w.Code, w.Law, w.Months})
	}
	wj, _ := json.Marshal(ws)
	return []any{v.PlanID, orgID, v.ClientID, v.Number, enc, string(wj), v.SavedAt, v.SavedBy}, nil
}

// InsertPlanVersion seals v and stores it as the plan's current version;
// a second save of the same version is Conflict.
func (t *Tx) InsertPlanVersion(orgID string, v plan.Version) error {
	fc, err := t.clientCipher(orgID, v.ClientID)
	if err != nil {
		return err
	}
	row, err := planVersionRow(fc, orgID, v)
	if err != nil {
		return err
	}
	_, err = t.exec(insertPlanVersionSQL, row...)
	if isUniqueViolation(err) {
		return plan.ErrStale()
	}
	if err != nil {
		return apperr.Wrap(err, "insert plan version")
	}
	res, err := t.exec(`UPDATE plans SET version = ? WHERE org_id = ? AND client_id = ? AND id = ? AND version = ?`,
		v.Number, orgID, v.ClientID, v.PlanID, v.Number-1)
	if err != nil {
		return apperr.Wrap(err, "update plan version")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return plan.ErrStale()
	}
	return t.markDue(orgID, v.ClientID)
}

// InsertPlanFollowUp seals and stores a follow-up entry.
func (t *Tx) InsertPlanFollowUp(orgID, clientID, planID string, f plan.FollowUp) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	plain, err := json.Marshal(followUpDoc{f.Date, f.Text})
	if err != nil {
		return err
	}
	enc, err := fc.Seal(plain, followUpAD(orgID, f.ID))
	crypto.Wipe(plain)
	if err != nil {
		return apperr.Wrap(err, "seal follow-up")
	}
	_, err = t.exec(`INSERT INTO plan_follow_ups (id, plan_id, org_id, client_id, data_enc, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		f.ID, planID, orgID, clientID, enc, f.CreatedAt, f.CreatedBy)
	if err != nil {
		return apperr.Wrap(err, "insert follow-up")
	}
	return t.markDue(orgID, clientID)
}

// AcknowledgePlanWarning records an acknowledgement; a second one of the
// same warning and version keeps the first.
func (t *Tx) AcknowledgePlanWarning(orgID, clientID, planID string, n int, code, by string, at time.Time) error {
	var exists int
	err := t.queryRow(`SELECT COUNT(*) FROM plan_warning_acks a JOIN plans p ON p.id = a.plan_id AND p.org_id = a.org_id
		WHERE a.org_id = ? AND p.client_id = ? AND a.plan_id = ? AND a.version = ? AND a.code = ?`, orgID, clientID, planID, n, code).Scan(&exists)
	if err != nil || exists > 0 {
		return apperr.Wrap(err, "plan acknowledgement")
	}
	_, err = t.exec(`INSERT INTO plan_warning_acks (plan_id, org_id, version, code, acked_at, acked_by) VALUES (?, ?, ?, ?, ?, ?)`,
		planID, orgID, n, code, at, by)
	return apperr.Wrap(err, "insert plan acknowledgement")
}

// PlanClient is the client's name and service language.
func (t *Tx) PlanClient(orgID, clientID string) (string, string, error) {
	c, err := t.Client(orgID, clientID)
	if err != nil {
		return "", "", err
	}
	return strings.TrimSpace(c.FirstNames + " " + c.LastName), c.ServiceLanguage, nil
}
