package store

import (
	"context"

	"koto/internal/apperr"
	"koto/internal/org"
)

// Orgs returns the store as org.Store.
func (db *DB) Orgs() org.Store { return orgStore{db} }

type orgStore struct{ db *DB }

func (s orgStore) WithTx(ctx context.Context, fn func(org.Tx) error) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return fn(tx) })
}

// InsertOrg stores an organisation, its first encryption key and the head
// of its access-log chain.
func (t *Tx) InsertOrg(o *org.Org) error {
	_, err := t.exec(`INSERT INTO organisations (id, code, name, kind, created_at) VALUES (?, ?, ?, ?, ?)`,
		o.ID, o.Code, o.Name, string(o.Kind), o.CreatedAt)
	if isUniqueViolation(err) {
		return &apperr.Error{Kind: apperr.Conflict, Key: "org.code_taken", Fields: []apperr.FieldError{{Field: "code", Key: "org.code_taken"}}}
	}
	if err != nil {
		return apperr.Wrap(err, "insert organisation")
	}
	if err := t.createOrgKey(o.ID); err != nil {
		return apperr.Wrap(err, "create organisation key")
	}
	return t.ensureChain(o.ID)
}

const orgColumns = `id, code, name, kind, created_at`

func scanOrg(sc interface{ Scan(...any) error }) (org.Org, error) {
	var o org.Org
	var kind string
	err := sc.Scan(&o.ID, &o.Code, &o.Name, &kind, &o.CreatedAt)
	o.Kind = org.Kind(kind)
	return o, err
}

// OrgByCode finds an organisation by its code.
func (t *Tx) OrgByCode(code string) (org.Org, error) {
	o, err := scanOrg(t.queryRow(`SELECT `+orgColumns+` FROM organisations WHERE code = ?`, code))
	return o, notFound(err, "organisation by code")
}

// Orgs lists all organisations by code.
func (t *Tx) Orgs() ([]org.Org, error) {
	return t.orgs(`SELECT ` + orgColumns + ` FROM organisations ORDER BY code`)
}

func (t *Tx) orgs(query string, args ...any) ([]org.Org, error) {
	rows, err := t.query(query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list organisations")
	}
	defer rows.Close()
	var out []org.Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "scan organisation")
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// InsertCoverage records that an employment area covers a municipality.
func (t *Tx) InsertCoverage(areaID, municipalityID string) error {
	_, err := t.exec(`INSERT INTO org_coverage (area_id, municipality_id) VALUES (?, ?)
		ON CONFLICT (area_id, municipality_id) DO NOTHING`, areaID, municipalityID)
	return apperr.Wrap(err, "insert coverage")
}

// CoveredOrgs lists the municipalities an employment area covers.
func (t *Tx) CoveredOrgs(areaID string) ([]org.Org, error) {
	return t.orgs(`SELECT `+orgColumns+` FROM organisations WHERE id IN
		(SELECT municipality_id FROM org_coverage WHERE area_id = ?) ORDER BY code`, areaID)
}

// OrganisationNames maps the ids of organisations to their names.
func (t *Tx) OrganisationNames(ids []string) (map[string]string, error) {
	names := map[string]string{}
	if len(ids) == 0 {
		return names, nil
	}
	type pair struct{ id, name string }
	rows, err := collect(t, "organisation names", func(sc scanner) (pair, error) {
		var p pair
		return p, sc.Scan(&p.id, &p.name)
	}, `SELECT id, name FROM organisations WHERE `+t.db.dialect.inList("id"), t.db.dialect.listArg(ids))
	for _, p := range rows {
		names[p.id] = p.name
	}
	return names, err
}
