package web

import (
	"net/http"

	"koto/internal/client"
)

// Search criteria of the search form.
const (
	searchByName      = "name"
	searchByHETU      = "hetu"
	searchByBirthDate = "birthDate"
)

// searchForm is the search box: one text field and a criterion.
type searchForm struct {
	Q        field
	Criteria []option
	Legend   string
}

func newSearchForm(pg page, q, by string, errs formErrors) searchForm {
	b := builder{p: pg.p, errs: errs}
	s := searchForm{Q: b.text("q", "web.search.q", q).autocomplete("off"), Legend: pg.T("web.search.by")}
	for _, c := range []string{searchByName, searchByHETU, searchByBirthDate} {
		s.Criteria = append(s.Criteria, option{Value: c, Label: pg.T("web.search.by." + c), Selected: c == by})
	}
	return s
}

// clientsSearch finds clients by name, HETU or birth date. The criterion is
// posted and the results are rendered in the response, so no name or HETU
// ever appears in a URL, a browser history or a proxy log.
func (h *Handler) clientsSearch(w http.ResponseWriter, r *http.Request) {
	q, by := r.PostFormValue("q"), r.PostFormValue("by")
	pg := h.newPage(r, "web.search.title")
	pg.Nav, pg.Here = "clients", "/clients"
	var sq client.SearchQuery
	var errs formErrors
	switch by {
	case searchByHETU:
		sq.HETU = q
	case searchByBirthDate:
		d, err := parseDate(q)
		if err != nil && q != "" {
			errs.add("q", pg.T("validation.date"))
		}
		sq.BirthDate = d
	default:
		by, sq.Name = searchByName, q
	}
	status := http.StatusOK
	var found []client.Summary
	if !errs.Any() {
		var err error
		found, err = h.Clients.Search(r.Context(), actor(r), sq)
		if err != nil {
			var ok bool
			if status, errs, _, _, ok = formFailure(pg, err, func(string) string { return "q" }); !ok {
				h.fail(w, r, err)
				return
			}
		}
	} else {
		status = http.StatusUnprocessableEntity
	}
	m := clientsPage{page: pg, Searched: !errs.Any(), Rows: rows(pg, found), Errors: errs, Total: len(found)}
	m.Search = newSearchForm(pg, q, by, errs)
	h.render(w, r, status, "clients", m)
}
