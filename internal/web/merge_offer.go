package web

import (
	"errors"
	"net/http"
	"net/url"

	"koto/internal/access"
	"koto/internal/client"
)

// mergeOffer is what the edit form offers when the HETU typed is another
// record's: supervisors the merge page of the two (the edited record
// merged into the holder, whose HETU comes from the register), others the
// advice to ask a supervisor.
func mergeOffer(a access.Actor, id string, err error) (mergeURL string, ask bool) {
	var taken *client.HETUTakenError
	if !errors.As(err, &taken) {
		return "", false
	}
	if !canMerge(a) {
		return "", true
	}
	return "/clients/" + url.PathEscape(taken.Holder) + "/merge?with=" + url.QueryEscape(id), false
}

// savedDuplicates shows, after a saved edit, the records that now look
// like the same person, with the way to merge them.
func (h *Handler) savedDuplicates(w http.ResponseWriter, r *http.Request, c client.Client, dups []client.Summary) {
	pg := h.newPage(r, "merge.saved.title")
	pg.Here = "/clients/" + c.ID
	m := mergePage{page: pg, ID: c.ID, Name: c.FullName(), KotoID: c.KotoID, Edited: true, CanMerge: canMerge(actor(r))}
	m.Candidates = dupRows(pg, dups)
	h.render(w, r, http.StatusOK, "merge", m)
}
