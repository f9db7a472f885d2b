package store

import (
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
	"koto/internal/org"
)

// IdentityUser returns the user linked to an SSO identity.
func (t *Tx) IdentityUser(issuer, subject string) (string, error) {
	var id string
	err := t.queryRow(`SELECT user_id FROM user_identities WHERE issuer = ? AND subject = ?`, issuer, subject).Scan(&id)
	return id, notFound(err, "identity")
}

// InsertIdentity links an SSO identity to a user.
func (t *Tx) InsertIdentity(issuer, subject, userID, orgID string, at time.Time) error {
	_, err := t.exec(`INSERT INTO user_identities (issuer, subject, user_id, org_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		issuer, subject, userID, orgID, at)
	return apperr.Wrap(err, "insert identity")
}

// GroupRoles returns the mappings of some groups of an issuer.
func (t *Tx) GroupRoles(issuer string, groups []string) ([]auth.GroupRole, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	q := `SELECT g.issuer, g.group_name, g.org_id, o.code, g.role FROM idp_group_roles g JOIN organisations o ON o.id = g.org_id
		WHERE g.issuer = ? AND g.group_name IN (?` + strings.Repeat(", ?", len(groups)-1) + `) ORDER BY g.group_name, g.role`
	args := []any{issuer}
	for _, g := range groups {
		args = append(args, g)
	}
	return t.groupRoles(q, args...)
}

// AllGroupRoles lists every group mapping.
func (t *Tx) AllGroupRoles() ([]auth.GroupRole, error) {
	return t.groupRoles(`SELECT g.issuer, g.group_name, g.org_id, o.code, g.role FROM idp_group_roles g
		JOIN organisations o ON o.id = g.org_id ORDER BY g.issuer, g.group_name, g.role`)
}

func (t *Tx) groupRoles(q string, args ...any) ([]auth.GroupRole, error) {
	return collect(t, "group roles", scanGroupRole, q, args...)
}

func scanGroupRole(sc scanner) (auth.GroupRole, error) {
	var g auth.GroupRole
	var role string
	err := sc.Scan(&g.Issuer, &g.Group, &g.OrgID, &g.OrgCode, &role)
	g.Role = access.Role(role)
	return g, err
}

// InsertGroupRole adds a group mapping; an existing one is kept.
func (t *Tx) InsertGroupRole(g auth.GroupRole) error {
	_, err := t.exec(`INSERT INTO idp_group_roles (issuer, group_name, org_id, role) VALUES (?, ?, ?, ?)
		ON CONFLICT (issuer, group_name, role) DO UPDATE SET org_id = excluded.org_id`, g.Issuer, g.Group, g.OrgID, string(g.Role))
	return apperr.Wrap(err, "insert group role")
}

// OrgByID finds an organisation by id.
func (t *Tx) OrgByID(id string) (org.Org, error) {
	o, err := scanOrg(t.queryRow(`SELECT `+orgColumns+` FROM organisations WHERE id = ?`, id))
	return o, notFound(err, "organisation by id")
}
