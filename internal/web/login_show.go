package web

import (
	"net/http"
	"net/url"

	"koto/internal/httpx"
)

// loginPage is the model of the login form.
type loginPage struct {
	page
	Next               string
	Username, Password field
	Message            string // the one generic failure message
	SSO                bool   // offer single sign-on (configured)
	Kept               bool   // a form posted after the session expired is kept (ADR 18)
}

func (h *Handler) loginForm(pg page, username, next, message string) loginPage {
	b := builder{p: pg.p}
	return loginPage{page: pg, Next: localPath(next, "/"), Message: message, SSO: h.sso != nil,
		Username: b.text("username", "web.login.username", username).autocomplete("username"),
		Password: b.input("password", "password", "web.login.password", "").autocomplete("current-password")}
}

// loginShow shows the login form; next is where to go after login.
func (h *Handler) loginShow(w http.ResponseWriter, r *http.Request) {
	httpx.NoStore(w)
	pg := h.newPage(r, "web.login.title")
	m := h.loginForm(pg, "", r.URL.Query().Get("next"), ssoMessage(pg, r.URL.Query().Get("sso")))
	m.Here = "/login?next=" + url.QueryEscape(m.Next)
	m.Kept = h.hasKeptForm(r)
	h.render(w, r, http.StatusOK, "login", m)
}
