package api

import (
	"net/http"
	"strconv"

	"koto/internal/access"
	"koto/internal/client"
)

// pageJSON is one page of the client list.
type pageJSON struct {
	Items    []summaryJSON `json:"items"`
	Page     int           `json:"page"`
	PageSize int           `json:"pageSize"`
	Total    int           `json:"total"`
}

// listClients pages through the organisation's clients:
// ?page=1&pageSize=50&sort=updated|created|name&order=desc|asc. Without
// sort the most recently updated come first; a name order opens every
// client's sealed names, so it costs more (ADR 13).
// A parameter out of range is 400 naming the parameter.
func (a *API) listClients(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	f, err := listFilter(r)
	if err != nil {
		return err
	}
	p, err := a.Clients.List(r.Context(), actor, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pageJSON{Items: summariesOut(p.Items), Page: p.Page, PageSize: p.PageSize, Total: p.Total})
	return nil
}

func listFilter(r *http.Request) (client.ListFilter, error) {
	q := r.URL.Query()
	f := client.ListFilter{Page: 1, PageSize: 50, Sort: client.SortUpdated}
	intParam := func(name string, dst *int, max int) error {
		s := q.Get(name)
		if s == "" {
			return nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > max {
			return badRequest("api.query_param", name)
		}
		*dst = n
		return nil
	}
	if err := intParam("page", &f.Page, 1_000_000); err != nil {
		return f, err
	}
	if err := intParam("pageSize", &f.PageSize, 200); err != nil {
		return f, err
	}
	switch s := q.Get("sort"); s {
	case "":
	case client.SortName, client.SortCreated, client.SortUpdated:
		f.Sort = s
	default:
		return f, badRequest("api.query_param", "sort")
	}
	switch q.Get("order") {
	case "":
		// Newest first by time; names from A.
		f.Desc = f.Sort != client.SortName
	case "asc":
	case "desc":
		f.Desc = true
	default:
		return f, badRequest("api.query_param", "order")
	}
	return f, nil
}
