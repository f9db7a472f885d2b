package store

import (
	"koto/internal/apperr"
	"koto/internal/auth"
)

// InsertCoverage records that an employment area covers a municipality.
func (t *Tx) InsertCoverage(areaID, municipalityID string) error {
	_, err := t.exec(`INSERT INTO org_coverage (area_id, municipality_id) VALUES (?, ?)
		ON CONFLICT (area_id, municipality_id) DO NOTHING`, areaID, municipalityID)
	return apperr.Wrap(err, "insert coverage")
}

// CoveredOrgs lists the municipalities an employment area covers.
func (t *Tx) CoveredOrgs(areaID string) ([]auth.Org, error) {
	return t.orgs(`SELECT `+orgColumns+` FROM organisations WHERE id IN
		(SELECT municipality_id FROM org_coverage WHERE area_id = ?) ORDER BY code`, areaID)
}
