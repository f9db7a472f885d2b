package store

import (
	"database/sql"
	"time"

	"koto/internal/apperr"
	"koto/internal/assessment"
	"koto/internal/civil"
	"koto/internal/crypto"
)

// Assessments returns the store as assessment.Store.
func (db *DB) Assessments() assessment.Store { return gated[assessment.Tx]{db} }

// *Tx serves the assessment capability's transactions.
var _ assessment.Tx = (*Tx)(nil)

// docAD binds a sealed document to its table, organisation and row.
func docAD(orgID, table, rowID string) crypto.FieldAD {
	return crypto.FieldAD{OrgID: orgID, Table: table, Column: "doc_enc", RowID: rowID}
}

// sealDoc seals v with the client's key for table's row.
func (t *Tx) sealDoc(orgID, clientID, table, rowID string, v any) ([]byte, error) {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return nil, err
	}
	return sealJSON(fc, docAD(orgID, table, rowID), v)
}

// openDoc opens a document sealed by sealDoc into v.
func (t *Tx) openDoc(orgID, clientID, table, rowID string, sealed []byte, v any) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	return openJSON(fc, docAD(orgID, table, rowID), sealed, v)
}

// AssessmentWindowBasis reads what the assessment window starts from: the
// earliest granted permit's validity start (else its decision date), the
// municipality registration and whether any permit rests on the
// trafficking-victim ground.
func (t *Tx) AssessmentWindowBasis(orgID, clientID string) (assessment.WindowBasis, error) {
	var b assessment.WindowBasis
	err := t.queryRow(`SELECT municipality_registered_on FROM clients WHERE id = ? AND org_id = ?`, clientID, orgID).Scan(&b.Registered)
	if err == sql.ErrNoRows {
		return b, apperr.ErrNotFound()
	}
	if err != nil {
		return b, apperr.Wrap(err, "window registration")
	}
	var first civil.Date
	var trafficking int
	err = t.queryRow(`SELECT MIN(COALESCE(valid_from, decision_date)),
		SUM(CASE WHEN ground = 'trafficking_victim' THEN 1 ELSE 0 END)
		FROM permits WHERE client_id = ? AND org_id = ? AND outcome = 'granted'`, clientID, orgID).Scan(&first, nullInt{&trafficking})
	if err != nil {
		return b, apperr.Wrap(err, "window permits")
	}
	b.FirstPermit, b.TraffickingVictim = first, trafficking > 0
	return b, nil
}

// nullInt scans an integer that may be NULL (an aggregate over no rows)
// as 0.
type nullInt struct{ p *int }

func (n nullInt) Scan(src any) error {
	var v sql.NullInt64
	if err := v.Scan(src); err != nil {
		return err
	}
	*n.p = int(v.Int64)
	return nil
}

// assessmentDoc is the sealed content of an assessment.
type assessmentDoc struct {
	Topics                 assessment.Topics `json:"topics"`
	FurtherMeasures        string            `json:"furtherMeasures,omitempty"`
	TrainingRecommendation string            `json:"trainingRecommendation,omitempty"`
	PlanNeeded             string            `json:"planNeeded,omitempty"`
	PlannedPlanDate        civil.Date        `json:"plannedPlanDate"`
	Referral               string            `json:"referral,omitempty"`
	Authors                string            `json:"authors,omitempty"`
	DataSource             string            `json:"dataSource,omitempty"`
}

type sealedAssessment struct {
	a   assessment.Assessment
	enc []byte
}

const assessmentColumns = `id, client_id, kind, assessed_on, status, version, doc_enc, created_at, created_by, updated_at, updated_by, completed_at`

func scanAssessment(sc scanner) (sealedAssessment, error) {
	var r sealedAssessment
	var completed sql.NullTime
	err := sc.Scan(&r.a.ID, &r.a.ClientID, &r.a.Kind, &r.a.Date, &r.a.Status, &r.a.Version, &r.enc, &r.a.CreatedAt, &r.a.CreatedBy,
		&r.a.UpdatedAt, &r.a.UpdatedBy, &completed)
	if completed.Valid {
		r.a.CompletedAt = completed.Time.UTC()
	}
	r.a.CreatedAt, r.a.UpdatedAt = r.a.CreatedAt.UTC(), r.a.UpdatedAt.UTC()
	return r, err
}

func (t *Tx) openAssessment(orgID string, r sealedAssessment) (assessment.Assessment, error) {
	var doc assessmentDoc
	if err := t.openDoc(orgID, r.a.ClientID, "assessments", r.a.ID, r.enc, &doc); err != nil {
		return assessment.Assessment{}, err
	}
	a := r.a
	a.Topics, a.FurtherMeasures, a.TrainingRecommendation = doc.Topics, doc.FurtherMeasures, doc.TrainingRecommendation
	a.PlanNeeded, a.PlannedPlanDate, a.Referral = assessment.PlanNeed(doc.PlanNeeded), doc.PlannedPlanDate, doc.Referral
	a.Authors, a.DataSource = doc.Authors, doc.DataSource
	return a, nil
}

func docOf(a *assessment.Assessment) assessmentDoc {
	return assessmentDoc{Topics: a.Topics, FurtherMeasures: a.FurtherMeasures, TrainingRecommendation: a.TrainingRecommendation,
		PlanNeeded: string(a.PlanNeeded), PlannedPlanDate: a.PlannedPlanDate, Referral: a.Referral, Authors: a.Authors, DataSource: a.DataSource}
}

// Assessments lists a client's assessments, newest first.
func (t *Tx) Assessments(orgID, clientID string) ([]assessment.Assessment, error) {
	rows, err := collect(t, "assessments", scanAssessment, `SELECT `+assessmentColumns+` FROM assessments
		WHERE org_id = ? AND client_id = ? ORDER BY assessed_on DESC, created_at DESC`, orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]assessment.Assessment, 0, len(rows))
	for _, r := range rows {
		a, err := t.openAssessment(orgID, r)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// Assessment loads one assessment of the client; NotFound when the client
// has none with id.
func (t *Tx) Assessment(orgID, clientID, id string) (assessment.Assessment, error) {
	r, err := scanAssessment(t.queryRow(`SELECT `+assessmentColumns+` FROM assessments WHERE id = ? AND org_id = ? AND client_id = ?`, id, orgID, clientID))
	if err == sql.ErrNoRows {
		return assessment.Assessment{}, apperr.ErrNotFound()
	}
	if err != nil {
		return assessment.Assessment{}, apperr.Wrap(err, "load assessment")
	}
	return t.openAssessment(orgID, r)
}

// The statements of a new assessment, first background and language
// test, whose rows assessmentRow, backgroundRow and languageTestRow build
// for the single and the bulk path alike.
const (
	insertAssessmentSQL = `INSERT INTO assessments (id, org_id, client_id, kind, assessed_on, status, version, doc_enc, created_at, created_by,
		updated_at, updated_by, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insertBackgroundSQL   = `INSERT INTO client_backgrounds (client_id, org_id, version, doc_enc, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)`
	insertLanguageTestSQL = `INSERT INTO language_tests (id, org_id, client_id, kind, test_date, doc_enc, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
)

func assessmentRow(fc *crypto.FieldCipher, orgID string, a *assessment.Assessment) ([]any, error) {
	enc, err := sealJSON(fc, docAD(orgID, "assessments", a.ID), docOf(a))
	if err != nil {
		return nil, err
	}
	return []any{a.ID, orgID, a.ClientID, string(a.Kind), a.Date, string(a.Status), a.Version, enc, a.CreatedAt, a.CreatedBy,
		a.UpdatedAt, a.UpdatedBy, zeroNull(a.CompletedAt)}, nil
}

func backgroundRow(fc *crypto.FieldCipher, orgID, clientID string, b *assessment.Background) ([]any, error) {
	enc, err := sealJSON(fc, docAD(orgID, "client_backgrounds", clientID), backgroundDocOf(b))
	if err != nil {
		return nil, err
	}
	return []any{clientID, orgID, b.Version, enc, b.UpdatedAt, b.UpdatedBy}, nil
}

func backgroundDocOf(b *assessment.Background) backgroundDoc {
	return backgroundDoc{Education: b.Education, Work: b.Work, Literacy: string(b.Literacy), OtherCompetences: b.OtherCompetences,
		TargetOccupation: b.TargetOccupation, UnemployedMonths: b.UnemployedMonths}
}

func languageTestRow(fc *crypto.FieldCipher, orgID string, lt *assessment.LanguageTest) ([]any, error) {
	enc, err := sealJSON(fc, docAD(orgID, "language_tests", lt.ID), languageTestDoc{Language: lt.Language, Listening: string(lt.Listening),
		Reading: string(lt.Reading), Speaking: string(lt.Speaking), Writing: string(lt.Writing), Provider: lt.Provider})
	if err != nil {
		return nil, err
	}
	return []any{lt.ID, orgID, lt.ClientID, string(lt.Kind), lt.Date, enc, lt.CreatedAt, lt.CreatedBy}, nil
}

// InsertAssessment stores a new assessment.
func (t *Tx) InsertAssessment(orgID string, a *assessment.Assessment) error {
	fc, err := t.clientCipher(orgID, a.ClientID)
	if err != nil {
		return err
	}
	row, err := assessmentRow(fc, orgID, a)
	if err != nil {
		return err
	}
	if _, err = t.exec(insertAssessmentSQL, row...); err != nil {
		return apperr.Wrap(err, "insert assessment")
	}
	return t.markDue(orgID, a.ClientID)
}

// InsertRecords stores many clients' first backgrounds, assessments and
// language tests (the bulk path, ADR 28): the rows built by the single
// path's builders, sealed with each client's key on every core, and
// written in order by this transaction.
func (t *Tx) InsertRecords(orgID string, rs []assessment.Records) error {
	ciphers := make([]*crypto.FieldCipher, len(rs))
	for i, r := range rs {
		fc, err := t.clientCipher(orgID, r.ClientID)
		if err != nil {
			return err
		}
		ciphers[i] = fc
	}
	type sealed struct{ background, assessments, tests [][]any }
	rows := make([]sealed, len(rs))
	err := sealRows(len(rs), func(i int) error {
		r, fc := &rs[i], ciphers[i]
		if r.Background != nil {
			row, err := backgroundRow(fc, orgID, r.ClientID, r.Background)
			if err != nil {
				return err
			}
			rows[i].background = [][]any{row}
		}
		for j := range r.Assessments {
			row, err := assessmentRow(fc, orgID, &r.Assessments[j])
			if err != nil {
				return err
			}
			rows[i].assessments = append(rows[i].assessments, row)
		}
		for j := range r.Tests {
			row, err := languageTestRow(fc, orgID, &r.Tests[j])
			if err != nil {
				return err
			}
			rows[i].tests = append(rows[i].tests, row)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, r := range rows {
		for _, row := range r.background {
			_, err := t.exec(insertBackgroundSQL, row...)
			if isUniqueViolation(err) {
				return apperr.New(apperr.Conflict, "client.version_conflict")
			}
			if err != nil {
				return apperr.Wrap(err, "insert background")
			}
		}
		for _, row := range r.assessments {
			if _, err := t.exec(insertAssessmentSQL, row...); err != nil {
				return apperr.Wrap(err, "insert assessment")
			}
		}
		for _, row := range r.tests {
			if _, err := t.exec(insertLanguageTestSQL, row...); err != nil {
				return apperr.Wrap(err, "insert language test")
			}
		}
	}
	return nil
}

// UpdateAssessment stores a as version a.Version over a draft of version
// a.Version-1; Conflict when another save came first.
func (t *Tx) UpdateAssessment(orgID string, a *assessment.Assessment) error {
	enc, err := t.sealDoc(orgID, a.ClientID, "assessments", a.ID, docOf(a))
	if err != nil {
		return err
	}
	res, err := t.exec(`UPDATE assessments SET kind = ?, assessed_on = ?, status = ?, version = ?, doc_enc = ?, updated_at = ?, updated_by = ?,
		completed_at = ? WHERE id = ? AND org_id = ? AND client_id = ? AND version = ? AND status = 'draft'`,
		string(a.Kind), a.Date, string(a.Status), a.Version, enc, a.UpdatedAt, a.UpdatedBy, zeroNull(a.CompletedAt), a.ID, orgID, a.ClientID, a.Version-1)
	if err != nil {
		return apperr.Wrap(err, "update assessment")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, "client.version_conflict")
	}
	return nil
}

// zeroNull is NULL for the zero time.
func zeroNull(at time.Time) any {
	if at.IsZero() {
		return nil
	}
	return at
}

// backgroundDoc is the sealed content of a background.
type backgroundDoc struct {
	Education        []assessment.Education `json:"education"`
	Work             []assessment.Work      `json:"work"`
	Literacy         string                 `json:"literacy,omitempty"`
	OtherCompetences string                 `json:"otherCompetences,omitempty"`
	TargetOccupation string                 `json:"targetOccupation,omitempty"`
	UnemployedMonths *int                   `json:"unemployedMonths,omitempty"`
	CodeLists        string                 `json:"codeLists,omitempty"`
}

// Background loads a client's background; Version 0 when none.
func (t *Tx) Background(orgID, clientID string) (assessment.Background, error) {
	var b assessment.Background
	var enc []byte
	err := t.queryRow(`SELECT version, doc_enc, updated_at, updated_by FROM client_backgrounds WHERE client_id = ? AND org_id = ?`,
		clientID, orgID).Scan(&b.Version, &enc, &b.UpdatedAt, &b.UpdatedBy)
	if err == sql.ErrNoRows {
		return assessment.Background{}, nil
	}
	if err != nil {
		return b, apperr.Wrap(err, "load background")
	}
	var doc backgroundDoc
	if err := t.openDoc(orgID, clientID, "client_backgrounds", clientID, enc, &doc); err != nil {
		return assessment.Background{}, err
	}
	b.Education, b.Work, b.Literacy = doc.Education, doc.Work, assessment.Literacy(doc.Literacy)
	b.OtherCompetences, b.TargetOccupation, b.UnemployedMonths = doc.OtherCompetences, doc.TargetOccupation, doc.UnemployedMonths
	b.UpdatedAt = b.UpdatedAt.UTC()
	return b, nil
}

// SaveBackground stores b as version b.Version: an insert for the first,
// an update of version b.Version-1 after; Conflict when another save came
// first.
func (t *Tx) SaveBackground(orgID, clientID string, b *assessment.Background) error {
	fc, err := t.clientCipher(orgID, clientID)
	if err != nil {
		return err
	}
	row, err := backgroundRow(fc, orgID, clientID, b)
	if err != nil {
		return err
	}
	enc := row[3]
	if b.Version == 1 {
		_, err = t.exec(insertBackgroundSQL, row...)
		if isUniqueViolation(err) {
			return apperr.New(apperr.Conflict, "client.version_conflict")
		}
		return apperr.Wrap(err, "insert background")
	}
	res, err := t.exec(`UPDATE client_backgrounds SET version = ?, doc_enc = ?, updated_at = ?, updated_by = ?
		WHERE client_id = ? AND org_id = ? AND version = ?`, b.Version, enc, b.UpdatedAt, b.UpdatedBy, clientID, orgID, b.Version-1)
	if err != nil {
		return apperr.Wrap(err, "update background")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return apperr.New(apperr.Conflict, "client.version_conflict")
	}
	return nil
}

// languageTestDoc is the sealed content of a language test.
type languageTestDoc struct {
	Language  string `json:"language"`
	Listening string `json:"listening,omitempty"`
	Reading   string `json:"reading,omitempty"`
	Speaking  string `json:"speaking,omitempty"`
	Writing   string `json:"writing,omitempty"`
	Provider  string `json:"provider,omitempty"`
}

type sealedTest struct {
	t   assessment.LanguageTest
	enc []byte
}

func scanTest(sc scanner) (sealedTest, error) {
	var r sealedTest
	err := sc.Scan(&r.t.ID, &r.t.ClientID, &r.t.Kind, &r.t.Date, &r.enc, &r.t.CreatedAt, &r.t.CreatedBy)
	r.t.CreatedAt = r.t.CreatedAt.UTC()
	return r, err
}

// LanguageTests lists a client's language tests, newest first.
func (t *Tx) LanguageTests(orgID, clientID string) ([]assessment.LanguageTest, error) {
	rows, err := collect(t, "language tests", scanTest, `SELECT id, client_id, kind, test_date, doc_enc, created_at, created_by
		FROM language_tests WHERE org_id = ? AND client_id = ? ORDER BY test_date DESC, created_at DESC`, orgID, clientID)
	if err != nil {
		return nil, err
	}
	out := make([]assessment.LanguageTest, 0, len(rows))
	for _, r := range rows {
		var doc languageTestDoc
		if err := t.openDoc(orgID, clientID, "language_tests", r.t.ID, r.enc, &doc); err != nil {
			return nil, err
		}
		lt := r.t
		lt.Language, lt.Provider = doc.Language, doc.Provider
		lt.Listening, lt.Reading, lt.Speaking, lt.Writing = assessment.Level(doc.Listening), assessment.Level(doc.Reading),
			assessment.Level(doc.Speaking), assessment.Level(doc.Writing)
		out = append(out, lt)
	}
	return out, nil
}

// InsertLanguageTest stores a test result.
func (t *Tx) InsertLanguageTest(orgID string, lt *assessment.LanguageTest) error {
	fc, err := t.clientCipher(orgID, lt.ClientID)
	if err != nil {
		return err
	}
	row, err := languageTestRow(fc, orgID, lt)
	if err != nil {
		return err
	}
	_, err = t.exec(insertLanguageTestSQL, row...)
	return apperr.Wrap(err, "insert language test")
}
