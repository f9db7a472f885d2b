package web

import (
	"net/http"
	"slices"

	"koto/internal/access"
	"koto/internal/auth"
)

// adminUsersPage is the model of user administration: the organisation's
// accounts, the form to add one and, for a chosen user, the forms to
// change roles, end date and state.
type adminUsersPage struct {
	page
	Errors   formErrors
	Users    []adminUserRow
	Selected *adminUserRow
	// New-user form.
	Username, DisplayName field
	Roles                 []roleChoice // for the new user
	Created               *createdUser // one-time password, shown once
	Done                  string       // translated notice
}

type adminUserRow struct {
	Username, DisplayName, Roles, Status, LastLogin, EndDate, EndDateValue string
	TOTP, Active                                                           bool
	RoleChoices                                                            []roleChoice
}

type roleChoice struct {
	ID, Value, Label string
	Checked          bool
}

type createdUser struct{ Username, Password string }

func (h *Handler) adminUsersModel(r *http.Request, errs formErrors, newRoles []access.Role) (adminUsersPage, error) {
	a := actor(r)
	users, err := h.Auth.Users(r.Context(), a)
	if err != nil {
		return adminUsersPage{}, err
	}
	pg := h.newPage(r, "web.admin_users.title")
	pg.Nav, pg.Here = "users", "/admin/users"
	b := builder{p: pg.p, errs: errs}
	m := adminUsersPage{page: pg, Errors: errs,
		Username:    b.text("username", "web.admin_users.username", r.PostFormValue("username")).required().autocomplete("off"),
		DisplayName: b.text("displayName", "web.admin_users.display_name", r.PostFormValue("displayName")).autocomplete("off"),
		Roles:       roleChoices(pg, a, "new", newRoles)}
	selected := r.URL.Query().Get("user")
	for _, u := range users {
		row := adminUserRow{Username: u.Username, DisplayName: u.DisplayName, Roles: roleNames(pg, u.Roles),
			Status: pg.T("web.admin_users.status.active"), Active: u.Active(), TOTP: u.TOTPEnabled(),
			EndDate: pg.Date(u.EndDate), EndDateValue: u.EndDate.String()}
		if u.EndDate.IsZero() {
			row.EndDateValue = ""
		}
		if !u.Active() {
			row.Status = pg.T("web.admin_users.status.disabled")
		}
		if u.LastLoginAt != nil {
			row.LastLogin = pg.Time(*u.LastLoginAt)
		}
		if u.Username == selected {
			row.RoleChoices = roleChoices(pg, a, "edit", u.Roles)
			sel := row
			m.Selected = &sel
		}
		m.Users = append(m.Users, row)
	}
	if key := r.URL.Query().Get("done"); key != "" && slices.Contains(adminDone, key) {
		m.Done = pg.T("web.admin_users.done." + key)
	}
	return m, nil
}

// adminDone are the notices after an action.
var adminDone = []string{"roles", "disabled", "enabled", "sessions", "end_date"}

func roleChoices(pg page, a access.Actor, prefix string, checked []access.Role) []roleChoice {
	var out []roleChoice
	for _, r := range auth.GrantableRoles(a) {
		out = append(out, roleChoice{ID: "f-" + prefix + "-role-" + string(r), Value: string(r), Label: pg.T("role." + string(r)),
			Checked: slices.Contains(checked, r)})
	}
	return out
}

func roleNames(pg page, rs []access.Role) string {
	s := ""
	for i, r := range rs {
		if i > 0 {
			s += ", "
		}
		s += pg.T("role." + string(r))
	}
	return s
}

// adminUsersList shows the organisation's accounts.
func (h *Handler) adminUsersList(w http.ResponseWriter, r *http.Request) {
	m, err := h.adminUsersModel(r, formErrors{}, nil)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "admin_users", m)
}
