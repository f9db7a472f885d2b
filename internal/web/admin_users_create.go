package web

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/auth"
)

// formRoles reads the checked roles of a form.
func formRoles(r *http.Request) []access.Role {
	_ = r.ParseForm()
	var out []access.Role
	for _, v := range r.PostForm["roles"] {
		out = append(out, access.Role(v))
	}
	return out
}

// adminUsersCreate adds an account to the admin's organisation with a
// one-time password, shown once, that must be changed at first login.
func (h *Handler) adminUsersCreate(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	roles := formRoles(r)
	pw := auth.GeneratePassword()
	u, err := h.Auth.AddUser(r.Context(), a, auth.NewUser{OrgCode: a.OrgCode, Username: r.PostFormValue("username"),
		DisplayName: r.PostFormValue("displayName"), Roles: roles, Password: pw, MustChangePassword: true})
	if ae, ok := apperr.As(err); ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.Conflict) {
		var errs formErrors
		errs.addAll(h.catalog.Printer(language(r)), ae.Fields, func(f string) string {
			if f == "roles" {
				return "new-role-" + firstRole(a)
			}
			return f
		})
		m, err := h.adminUsersModel(r, errs, roles)
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
	r.PostForm.Del("username")
	r.PostForm.Del("displayName")
	m, err := h.adminUsersModel(r, formErrors{}, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	m.Created = &createdUser{Username: u.Username, Password: pw}
	h.render(w, r, http.StatusOK, "admin_users", m)
}

// firstRole names the first role checkbox, where a roles error points.
func firstRole(a access.Actor) string {
	if rs := auth.GrantableRoles(a); len(rs) > 0 {
		return string(rs[0])
	}
	return ""
}
