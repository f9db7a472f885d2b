package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"koto/internal/client"
	"koto/internal/codes"
)

// clientsPage is the model of the client list and of search results.
type clientsPage struct {
	page
	Search   searchForm
	Searched bool // the rows are search results, not a list page
	Rows     []clientRow
	Errors   formErrors
	// List paging and sorting.
	Sort, Dir        field
	Size             field
	Total, PageNo    int
	Pages            int
	PrevURL, NextURL string
}

type clientRow struct {
	ID, Name, BirthDate, KotoID, HomeMunicipality, Updated string
}

func rows(pg page, items []client.Summary) []clientRow {
	out := make([]clientRow, len(items))
	for i, s := range items {
		out[i] = clientRow{ID: s.ID, Name: s.FullName(), BirthDate: pg.Date(s.BirthDate), KotoID: s.KotoID,
			HomeMunicipality: pg.CodeName(codes.MunicipalityList, s.HomeMunicipality), Updated: pg.Time(s.UpdatedAt)}
	}
	return out
}

// clientsList shows one page of the organisation's clients. Paging and
// sorting are query parameters (page, size, sort, dir); they carry no
// personal data.
func (h *Handler) clientsList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	sort, dir := q.Get("sort"), q.Get("dir")
	if sort != client.SortName && sort != client.SortCreated {
		sort = client.SortUpdated // the default: most recently updated first
	}
	if dir != "asc" && dir != "desc" {
		dir = "desc" // newest first by time; names from A
		if sort == client.SortName {
			dir = "asc"
		}
	}
	f := client.ListFilter{Sort: sort, Desc: dir == "desc"}
	f.Page, _ = strconv.Atoi(q.Get("page"))
	f.PageSize, _ = strconv.Atoi(q.Get("size"))
	p, err := h.Clients.List(r.Context(), actor(r), f)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "web.clients.title")
	pg.Nav = "clients"
	m := clientsPage{page: pg, Rows: rows(pg, p.Items), Total: p.Total, PageNo: p.Page}
	m.Search = newSearchForm(pg, "", searchByName, formErrors{})
	b := builder{p: pg.p}
	m.Sort = b.choice("sort", "web.list.sort", sort, "web.list.sort.", []string{client.SortUpdated, client.SortCreated, client.SortName})
	m.Dir = b.choice("dir", "web.list.dir", dir, "web.list.dir.", []string{"asc", "desc"})
	m.Size = b.choice("size", "web.list.size", strconv.Itoa(p.PageSize), "", []string{"10", "25", "50", "100", "200"})
	m.Sort.Options, m.Dir.Options, m.Size.Options = m.Sort.Options[1:], m.Dir.Options[1:], m.Size.Options[1:]
	if p.PageSize > 0 {
		m.Pages = max(1, (p.Total+p.PageSize-1)/p.PageSize)
	}
	link := func(n int) string {
		v := url.Values{"page": {strconv.Itoa(n)}, "size": {strconv.Itoa(p.PageSize)}, "sort": {sort}, "dir": {dir}}
		return fmt.Sprintf("/clients?%s", v.Encode())
	}
	if p.Page > 1 {
		m.PrevURL = link(p.Page - 1)
	}
	if p.Page < m.Pages {
		m.NextURL = link(p.Page + 1)
	}
	h.render(w, r, http.StatusOK, "clients", m)
}
