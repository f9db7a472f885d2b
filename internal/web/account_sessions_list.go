package web

import "net/http"

// sessionsPage is the model of the own-sessions page.
type sessionsPage struct {
	page
	Sessions []sessionRow
	Done     bool
}

type sessionRow struct {
	ID, Created, LastSeen string
	Current               bool
}

// accountSessionsList lists the actor's sessions, marking the current one.
func (h *Handler) accountSessionsList(w http.ResponseWriter, r *http.Request) {
	list, err := h.Auth.MySessions(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "web.sessions.title")
	pg.Nav = "sessions"
	_, cur, _ := h.Auth.Authenticate(r.Context(), h.sessionSecret(r), "")
	m := sessionsPage{page: pg, Done: r.URL.Query().Get("done") == "1"}
	for _, s := range list {
		m.Sessions = append(m.Sessions, sessionRow{ID: s.ID, Created: pg.Time(s.CreatedAt), LastSeen: pg.Time(s.LastSeenAt),
			Current: cur != nil && cur.ID == s.ID})
	}
	h.render(w, r, http.StatusOK, "account_sessions", m)
}
