package store

import "koto/internal/client"

// FindByKotoID finds the client of the organisation with exactly this Koto
// id, not merged away: the data-protection officer's finder (ADR 38).
func (t *Tx) FindByKotoID(orgID, kotoID string) ([]client.Summary, error) {
	return t.summaries(orgID, `SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ? AND c.koto_id = ? AND c.merged_into IS NULL`,
		orgID, kotoID)
}
