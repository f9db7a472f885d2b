package web

import "net/http"

// passwordPage is the model of the change-password form.
type passwordPage struct {
	page
	Errors               formErrors
	Current, New, Repeat field
	Done                 bool
}

func passwordForm(pg page, errs formErrors) passwordPage {
	b := builder{p: pg.p, errs: errs}
	return passwordPage{page: pg, Errors: errs,
		Current: b.input("password", "currentPassword", "web.password.current", "").autocomplete("current-password"),
		New:     b.input("password", "newPassword", "web.password.new", "").autocomplete("new-password").withHint(pg.T("web.password.hint")),
		Repeat:  b.input("password", "repeatPassword", "web.password.repeat", "").autocomplete("new-password")}
}

// passwordEdit shows the form to change one's own password.
func (h *Handler) passwordEdit(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "web.password.title")
	pg.Nav = "password"
	m := passwordForm(pg, formErrors{})
	m.Done = r.URL.Query().Get("done") == "1"
	h.render(w, r, http.StatusOK, "password", m)
}
