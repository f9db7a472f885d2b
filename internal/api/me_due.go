package api

import (
	"net/http"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/due"
)

// dueItemJSON is one thing due for one of the caller's clients.
type dueItemJSON struct {
	ClientID string `json:"clientId"`
	Kind     string `json:"kind"`
	Due      string `json:"due"`
}

// myDue lists what is due for the caller's own clients (those assigned to
// them), by due date: 200 with {"items": [...]}. ?within=DAYS lists what
// falls due within DAYS days (overdue included); without it, what is in
// its warning window today. Logged as timeline.due with the clients shown.
func (a *API) myDue(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	var f due.Filter
	if s := r.URL.Query().Get("within"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > due.MaxWithin {
			return apperr.InvalidField("within", "due.validation.within")
		}
		f.Within = &n
	}
	v, err := a.Due.Mine(r.Context(), actor, f)
	if err != nil {
		return err
	}
	items := make([]dueItemJSON, 0, len(v.Items))
	for _, it := range v.Items {
		items = append(items, dueItemJSON{ClientID: it.ClientID, Kind: string(it.Kind), Due: it.Due.String()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}
