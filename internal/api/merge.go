package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/client"
)

// Merging two records of one person (ADR 17): POST …/merge merges the
// record named by "with" into {id}, which keeps its id; the merge is
// unconfirmed until another supervisor POSTs …/merge/confirm, and
// …/merge/undo restores both records until then. A merged-away id answers
// 404 of problem type client-merged naming the survivor (survivorId).

// mergeInput is the body of POST /clients/{id}/merge (schema MergeInput):
// the record to merge into {id} and, per conflicting field, which side's
// value to keep ("survivor" or "merged"; default: the record with the HETU,
// else the newer one).
type mergeInput struct {
	With    string                 `json:"with"`
	Choices map[string]client.Side `json:"choices"`
}

// mergeJSON is a merge (schema Merge).
type mergeJSON struct {
	ID         string    `json:"id"`
	SurvivorID string    `json:"survivorId"`
	MergedID   string    `json:"mergedId"`
	State      string    `json:"state"`
	MergedAt   time.Time `json:"mergedAt"`
	MergedBy   string    `json:"mergedBy"`
}

// mergeClients merges: 200 with the merge, 404 for a record the caller may
// not see, 409 for records that cannot be merged, 422 for bad choices.
func (a *API) mergeClients(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in mergeInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	m, err := a.Clients.MergeClients(r.Context(), actor, r.PathValue("id"), in.With, in.Choices)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, mergeJSON{ID: m.ID, SurvivorID: m.SurvivorID, MergedID: m.MergedID, State: string(m.State),
		MergedAt: m.MergedAt.UTC(), MergedBy: m.MergedByName})
	return nil
}
