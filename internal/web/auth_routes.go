package web

import (
	"net/http"

	"koto/internal/access"
)

// authRoutes are the UI routes of second-factor authentication, single
// sign-on, session management and user administration. The second-factor
// and SSO login pages are public: they handle their half-logged-in session
// themselves. Own-account pages need access.SelfManage, user
// administration access.UserManage (org admins, own organisation only —
// the service checks the organisation).
func (h *Handler) authRoutes() []route {
	r := func(pattern string, action access.Action, public bool, fn http.HandlerFunc) route {
		return route{Route{Pattern: pattern, Action: action, Public: public}, fn}
	}
	return []route{
		r("GET /login/totp", "", true, h.mfaLoginShow),
		r("POST /login/totp", "", true, h.mfaLoginSubmit),
		r("POST /login/webauthn/begin", "", true, h.webAuthnLoginBegin),
		r("POST /login/webauthn/finish", "", true, h.webAuthnLoginFinish),
		r("GET /login/sso", "", true, h.ssoStart),
		r("GET /login/sso/callback", "", true, h.ssoCallback),
		r("GET /account/totp", access.SelfManage, false, h.mfaEnrolShow),
		r("POST /account/totp", access.SelfManage, false, h.mfaEnrolSubmit),
		r("POST /account/totp/disable", access.SelfManage, false, h.mfaDisableSubmit),
		r("POST /account/webauthn/begin", access.SelfManage, false, h.webAuthnRegisterBegin),
		r("POST /account/webauthn/finish", access.SelfManage, false, h.webAuthnRegisterFinish),
		r("POST /account/webauthn/{id}/remove", access.SelfManage, false, h.webAuthnRemove),
		r("GET /account/sessions", access.SelfManage, false, h.accountSessionsList),
		r("GET /account/organisation", access.SelfManage, false, h.organisationShow),
		r("POST /account/organisation", access.SelfManage, false, h.organisationSet),
		r("POST /account/sessions/{id}/end", access.SelfManage, false, h.accountSessionsEnd),
		r("GET /admin/users", access.UserManage, false, h.adminUsersList),
		r("POST /admin/users", access.UserManage, false, h.adminUsersCreate),
		r("POST /admin/users/{username}/roles", access.UserManage, false, h.adminUsersRoles),
		r("POST /admin/users/{username}/disable", access.UserManage, false, h.adminUsersDisable),
		r("POST /admin/users/{username}/enable", access.UserManage, false, h.adminUsersEnable),
		r("POST /admin/users/{username}/end-sessions", access.UserManage, false, h.adminUsersEndSessions),
		r("POST /admin/users/{username}/end-date", access.UserManage, false, h.adminUsersEndDate),
	}
}
