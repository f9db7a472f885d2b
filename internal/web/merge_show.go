package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/httpx"
)

// mergeShow is the merge page of a record (supervisors): without ?with the
// records that look like the same person, to choose from; with ?with the
// two records side by side and a choice for every field in which they
// differ. The record of the page survives and keeps its id.
func (h *Handler) mergeShow(w http.ResponseWriter, r *http.Request) {
	id, with := r.PathValue("id"), strings.TrimSpace(r.URL.Query().Get("with"))
	pg := h.newPage(r, "merge.title")
	pg.Here = r.URL.RequestURI()
	m := mergePage{page: pg, CanMerge: true}
	if with == "" {
		c, dups, err := h.Clients.MergeCandidates(r.Context(), actor(r), id)
		if err != nil {
			h.failOrReason(w, r, err, "/clients/"+id)
			return
		}
		m.ID, m.Name, m.KotoID = c.ID, c.FullName(), c.KotoID
		m.Candidates = dupRows(pg, dups)
		h.render(w, r, http.StatusOK, "merge", m)
		return
	}
	p, err := h.Clients.PreviewMerge(r.Context(), actor(r), id, with)
	if err != nil {
		h.mergeFailed(w, r, m, err)
		return
	}
	m.comparison(p, nil)
	h.render(w, r, http.StatusOK, "merge", m)
}

// dupRows are the list rows of possible duplicates.
func dupRows(pg page, dups []client.Summary) []dupRow {
	var out []dupRow
	for _, s := range dups {
		out = append(out, dupRow{ID: s.ID, Name: s.FullName(), BirthDate: pg.Date(s.BirthDate)})
	}
	return out
}

// mergeFailed shows why two records cannot be merged (409, 422), or the
// error page for anything else.
func (h *Handler) mergeFailed(w http.ResponseWriter, r *http.Request, m mergePage, err error) {
	ae, ok := apperr.As(err)
	if !ok || gate.IsReasonRequired(err) || (ae.Kind != apperr.Conflict && ae.Kind != apperr.Invalid && ae.Kind != apperr.Forbidden) {
		h.failOrReason(w, r, err, "/clients/"+r.PathValue("id"))
		return
	}
	m.ID = r.PathValue("id")
	m.Message = m.T(ae.Key)
	if len(ae.Fields) > 0 {
		m.Message = m.T(ae.Fields[0].Key, ae.Fields[0].Args...)
	}
	h.render(w, r, httpx.Status(err), "merge", m)
}
