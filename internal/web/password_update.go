package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// passwordUpdate changes the actor's password. The current session goes on;
// every other session of the user ends. After a one-time password the
// user goes on to what the session still lacks (enrolment) or home.
func (h *Handler) passwordUpdate(w http.ResponseWriter, r *http.Request) {
	pg := h.newPage(r, "web.password.title")
	pg.Nav, pg.Here = "password", "/account/password"
	required := h.passwordRequired(r)
	next := r.PostFormValue("newPassword")
	var errs formErrors
	if next != r.PostFormValue("repeatPassword") {
		errs.add("repeatPassword", pg.T("password.mismatch"))
		h.render(w, r, http.StatusUnprocessableEntity, "password", passwordForm(pg, errs, required))
		return
	}
	err := h.Auth.ChangePassword(r.Context(), actor(r), r.PostFormValue("currentPassword"), next, h.sessionSecret(r))
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.TooMany) {
		errs.addAll(pg.p, ae.Fields, nil)
		h.render(w, r, httpx.Status(err), "password", passwordForm(pg, errs, required))
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if required {
		h.flash(w, flashSaved)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account/password?done=1", http.StatusSeeOther)
}
