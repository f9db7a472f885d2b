package web

import (
	"net/http"

	"koto/internal/access"
)

// homeRedirect sends the front page to the first page the user's roles
// open: the data-protection officer's workspace (ADR 39), a caseworker's own clients and what is due for them (ADR 26), the
// client list for other casework, a provider's received packages,
// user administration for org admins,
// otherwise the user's own sessions.
func (h *Handler) homeRedirect(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, homePath(actor(r)), http.StatusSeeOther)
}

func homePath(a access.Actor) string {
	switch {
	case a.Can(access.SubjectRequestRead):
		return "/dpo"
	case a.Has(access.Caseworker) && a.Can(access.TimelineDue):
		return "/me"
	case a.Can(access.ClientList):
		return "/clients"
	case a.Can(access.DisclosureReceive):
		return "/disclosures"
	case a.Can(access.UserManage):
		return "/admin/users"
	}
	return "/account/sessions"
}
