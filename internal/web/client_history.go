package web

import (
	"net/http"

	"koto/internal/client"
)

// historyPage is the model of a client's change history.
type historyPage struct {
	page
	ID   string
	Rows []historyRow
}

type historyRow struct {
	At, User, Field, Old, New string
}

// hiddenValue stands for values the user may not see (the HETU, an
// address under protection).
const hiddenValue = "••••"

// clientHistory lists the changes of a client, newest first.
func (h *Handler) clientHistory(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	changes, err := h.clients.History(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/history")
		return
	}
	pg := h.newPage(r, "web.history.title")
	m := historyPage{page: pg, ID: id}
	for _, c := range changes {
		m.Rows = append(m.Rows, historyRow{At: pg.Time(c.At), User: displayName(c.DisplayName, c.Username), Field: pg.T("field." + c.Field),
			Old: changeValue(pg, c, c.OldValue), New: changeValue(pg, c, c.NewValue)})
	}
	h.render(w, r, http.StatusOK, "client_history", m)
}

// changeValue shows a history value: hidden for encrypted fields, yes/no
// for flags, translated for the sex.
func changeValue(pg page, c client.Change, v string) string {
	switch {
	case c.Hidden:
		return hiddenValue
	case c.Field == "sex":
		return pg.T("sex." + v)
	case v == "true":
		return pg.T("web.yes")
	case v == "false":
		return pg.T("web.no")
	}
	return v
}
