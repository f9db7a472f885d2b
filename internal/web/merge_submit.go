package web

import (
	"net/http"
	"strings"

	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/httpx"
)

// mergeSubmit merges the record "with" into the page's record with the
// posted choices ("choice.<field>" = survivor or merged) and returns to the
// card, which shows the unconfirmed merge. Invalid choices, or combined
// details that do not validate, come back on the comparison.
func (h *Handler) mergeSubmit(w http.ResponseWriter, r *http.Request) {
	id, with := r.PathValue("id"), strings.TrimSpace(r.PostFormValue("with"))
	choices := map[string]client.Side{}
	for _, f := range client.MergeFieldNames() {
		if v := r.PostFormValue("choice." + f); v != "" {
			choices[f] = client.Side(v)
		}
	}
	_, err := h.Clients.MergeClients(r.Context(), actor(r), id, with, choices)
	if err == nil {
		http.Redirect(w, r, "/clients/"+id, http.StatusSeeOther)
		return
	}
	pg := h.newPage(r, "merge.title")
	pg.Here = "/clients/" + id + "/merge?with=" + with
	m := mergePage{page: pg, CanMerge: true}
	ae, ok := apperr.As(err)
	if !ok || ae.Kind != apperr.Invalid || len(ae.Fields) == 0 {
		h.mergeFailed(w, r, m, err)
		return
	}
	p, perr := h.Clients.PreviewMerge(r.Context(), actor(r), id, with)
	if perr != nil {
		h.mergeFailed(w, r, m, perr)
		return
	}
	m.Errors.addAll(pg.p, ae.Fields, mergeErrorField)
	m.comparison(p, choices)
	h.render(w, r, httpx.Status(err), "merge", m)
}

// mergeErrorField names the choice a domain field error belongs to, so
// the error summary links to it.
func mergeErrorField(field string) string {
	switch {
	case strings.HasPrefix(field, "choices."):
		return field
	case field == "firstNames" || field == "lastName":
		return "choices.name"
	case strings.HasPrefix(field, "address."):
		return "choices.address"
	case field == "interpreterLanguage":
		return "choices.interpreter"
	case field == "hetu":
		return "with"
	}
	return "choices." + field
}
