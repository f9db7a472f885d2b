package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/client"
)

// The data-protection officer's client finder and client page (ADR 38):
// client.identify, enough identity to handle a data-subject request.

// Criteria of the DPO's finder.
const searchByKotoID = "kotoId"

// dpoClientsPage is the model of the finder: the search box and, after a
// search, the results, each linking to the DPO's client page.
type dpoClientsPage struct {
	page
	Errors   formErrors
	Search   searchForm
	Searched bool
	Rows     []clientRow
	Total    int
}

func newDPOSearchForm(pg page, q, by string, errs formErrors) searchForm {
	b := builder{p: pg.p, errs: errs}
	s := searchForm{Q: b.text("q", "web.search.q", q).autocomplete("off"), Legend: pg.T("web.search.by")}
	for _, c := range []string{searchByName, searchByHETU, searchByKotoID} {
		s.Criteria = append(s.Criteria, option{Value: c, Label: pg.T("dpo.search.by." + c), Selected: c == by})
	}
	return s
}

// dpoClients shows the finder's empty form.
func (h *Handler) dpoClients(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "dpo.clients.title")
	pg.Nav, pg.Here = "dpo", "/dpo/clients"
	h.render(w, r, http.StatusOK, "dpo_clients", dpoClientsPage{page: pg, Search: newDPOSearchForm(pg, "", searchByName, formErrors{})})
}

// dpoClientsSearch finds clients by name, HETU or Koto id. The criterion is
// posted and the results rendered in the response, so no name or HETU
// lands in a URL; the search's entry lists the clients shown.
func (h *Handler) dpoClientsSearch(w http.ResponseWriter, r *http.Request) {
	q, by := r.PostFormValue("q"), r.PostFormValue("by")
	pg := h.newPage(r, "dpo.clients.title")
	pg.Nav, pg.Here = "dpo", "/dpo/clients"
	var sq client.SearchQuery
	switch by {
	case searchByHETU:
		sq.HETU = q
	case searchByKotoID:
		sq.KotoID = q
	default:
		by, sq.Name = searchByName, q
	}
	status := http.StatusOK
	var errs formErrors
	found, err := h.Clients.Find(r.Context(), actor(r), sq)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		errs.addAll(pg.p, ae.Fields, func(string) string { return "q" })
		status, err = http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m := dpoClientsPage{page: pg, Errors: errs, Searched: !errs.Any(), Rows: rows(pg, found), Total: len(found)}
	m.Search = newDPOSearchForm(pg, q, by, errs)
	h.render(w, r, status, "dpo_clients", m)
}

// dpoClientPage is the model of the DPO's client page: the identity
// summary and the links to the client's logs, reports and requests.
type dpoClientPage struct {
	page
	ID, Name, KotoID, BirthDate, HETU   string
	ServiceStart, ServiceEnd, EndReason string
	DateOfDeath                         string
	Caseworkers                         []string
}

// dpoClientShow shows the identity summary of a client (client.identify),
// read through the gate and logged. Anyone else, and any client not of the
// organisation, gets 404.
func (h *Handler) dpoClientShow(w http.ResponseWriter, r *http.Request) {
	c, err := h.Clients.Identity(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "dpo.client.title")
	pg.Nav = "dpo"
	m := dpoClientPage{page: pg, ID: c.ID, Name: c.FullName(), KotoID: c.KotoID, BirthDate: pg.Date(c.BirthDate), HETU: c.HETU,
		ServiceStart: pg.Date(client.Today(c.Registered))}
	if c.Ended() {
		m.ServiceEnd = pg.Date(c.ServiceEnd)
		m.EndReason = translated(pg, client.ReasonKey(c.ServiceEndReason), c.ServiceEndReason)
	}
	if !c.DateOfDeath.IsZero() {
		m.DateOfDeath = pg.Date(c.DateOfDeath)
	}
	for _, a := range c.Assignments {
		m.Caseworkers = append(m.Caseworkers, displayName(a.DisplayName, a.Username))
	}
	h.render(w, r, http.StatusOK, "dpo_client", m)
}
