package store

import (
	"context"
	"strings"

	"koto/internal/access"
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
		return apperr.OnField(apperr.Conflict, "org.code_taken", "code")
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

func scanOrg(sc scanner) (org.Org, error) {
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
	return collect(t, "list organisations", scanOrg, `SELECT `+orgColumns+` FROM organisations ORDER BY code`)
}

// SetCoverage records that an employment area covers a municipality with
// the given roles, replacing the roles of an existing coverage.
func (t *Tx) SetCoverage(areaID, municipalityID string, roles []access.Role) error {
	_, err := t.exec(`INSERT INTO org_coverage (area_id, municipality_id, roles) VALUES (?, ?, ?)
		ON CONFLICT (area_id, municipality_id) DO UPDATE SET roles = excluded.roles`, areaID, municipalityID, joinRoles(roles))
	return apperr.Wrap(err, "set coverage")
}

// Coverages lists the municipalities an employment area covers, by code,
// with the roles each coverage grants.
func (t *Tx) Coverages(areaID string) ([]org.Coverage, error) {
	return collect(t, "list coverage", scanCoverage, `SELECT o.id, o.code, o.name, o.kind, o.created_at, c.roles
		FROM org_coverage c JOIN organisations o ON o.id = c.municipality_id
		WHERE c.area_id = ? ORDER BY o.code`, areaID)
}

func scanCoverage(sc scanner) (org.Coverage, error) {
	var c org.Coverage
	var kind, roles string
	err := sc.Scan(&c.Org.ID, &c.Org.Code, &c.Org.Name, &kind, &c.Org.CreatedAt, &roles)
	c.Org.Kind, c.Roles = org.Kind(kind), splitRoles(roles)
	return c, err
}

// joinRoles is the stored form of a role list (comma-separated).
func joinRoles(roles []access.Role) string {
	parts := make([]string, len(roles))
	for i, r := range roles {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
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
