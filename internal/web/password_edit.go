package web

import (
	"net/http"

	"koto/internal/auth"
	"koto/internal/httpx"
)

// passwordPage is the model of the change-password form.
type passwordPage struct {
	page
	Errors               formErrors
	Current, New, Repeat field
	Done                 bool
	// Required: the password is a one-time password that must be
	// changed before anything else opens.
	Required bool
}

func passwordForm(pg page, errs formErrors, required bool) passwordPage {
	b := builder{p: pg.p, errs: errs}
	current := "web.password.current"
	if required {
		current = "web.password.one_time"
	}
	return passwordPage{page: pg, Errors: errs, Required: required,
		Current: b.input("password", "currentPassword", current, "").autocomplete("current-password"),
		New:     b.input("password", "newPassword", "web.password.new", "").autocomplete("new-password").withHint(pg.T("web.password.hint")),
		Repeat:  b.input("password", "repeatPassword", "web.password.repeat", "").autocomplete("new-password")}
}

// passwordRequired reports whether the request's session may do nothing
// but change its one-time password.
func (h *Handler) passwordRequired(r *http.Request) bool {
	_, sess, err := h.Auth.Authenticate(r.Context(), h.sessionSecret(r), httpx.RequestID(r.Context()))
	return err == nil && sess.Pending == auth.StepPassword
}

// passwordEdit shows the form to change one's own password.
func (h *Handler) passwordEdit(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "web.password.title")
	pg.Nav = "password"
	m := passwordForm(pg, formErrors{}, h.passwordRequired(r))
	m.Done = r.URL.Query().Get("done") == "1"
	h.render(w, r, http.StatusOK, "password", m)
}
