package web

import (
	"net/http"
	"net/url"
	"strings"

	"koto/internal/apperr"
	"koto/internal/civil"
)

// The per-user actions of user administration. Each calls one service
// method (which checks the right and writes the access log) and returns to
// the user's panel with a notice; invalid input shows the panel with the
// error.

func (h *Handler) adminUsersRoles(w http.ResponseWriter, r *http.Request) {
	h.adminUserAction(w, r, "roles", h.Auth.SetRoles(r.Context(), actor(r), r.PathValue("username"), formRoles(r)))
}

func (h *Handler) adminUsersDisable(w http.ResponseWriter, r *http.Request) {
	h.adminUserAction(w, r, "disabled", h.Auth.SetDisabled(r.Context(), actor(r), r.PathValue("username"), true))
}

func (h *Handler) adminUsersEnable(w http.ResponseWriter, r *http.Request) {
	h.adminUserAction(w, r, "enabled", h.Auth.SetDisabled(r.Context(), actor(r), r.PathValue("username"), false))
}

func (h *Handler) adminUsersEndSessions(w http.ResponseWriter, r *http.Request) {
	h.adminUserAction(w, r, "sessions", h.Auth.EndUserSessions(r.Context(), actor(r), r.PathValue("username")))
}

func (h *Handler) adminUsersEndDate(w http.ResponseWriter, r *http.Request) {
	var end civil.Date
	if v := strings.TrimSpace(r.PostFormValue("endDate")); v != "" {
		d, err := civil.ParseDate(v)
		if err != nil {
			h.adminUserAction(w, r, "end_date", invalidField("endDate", "validation.date"))
			return
		}
		end = d
	}
	h.adminUserAction(w, r, "end_date", h.Auth.SetEndDate(r.Context(), actor(r), r.PathValue("username"), end))
}

func invalidField(field, key string) error {
	return apperr.InvalidField(field, key)
}

// adminUserAction answers an action's outcome.
func (h *Handler) adminUserAction(w http.ResponseWriter, r *http.Request, done string, err error) {
	username := r.PathValue("username")
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		r.URL.RawQuery = url.Values{"user": {username}}.Encode()
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, func(f string) string {
			if f == "roles" {
				return "edit-role-" + firstRole(actor(r))
			}
			return f
		})
		m, err := h.adminUsersModel(r, errs, nil)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "admin_users", m)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/users?"+url.Values{"user": {username}, "done": {done}}.Encode()+"#manage", http.StatusSeeOther)
}
