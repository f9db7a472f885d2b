package web

import (
	"net/http"
	"strings"

	"koto/internal/auth"
)

// mfaEnrolPage is the model of the second-factor page: enrolment (secret,
// otpauth URI, confirmation code), the recovery codes right after it, or
// the status with the form to turn the factor off.
type mfaEnrolPage struct {
	page
	Errors        formErrors
	Status        auth.TOTPStatus
	SecretGroups  string // the secret in groups of four, easier to type
	EnabledAt     string
	Code          field
	Password      field
	RecoveryCodes []string // shown once, right after enrolment
	Done          string   // translated confirmation notice
}

func (h *Handler) mfaEnrolModel(r *http.Request, st auth.TOTPStatus, errs formErrors) mfaEnrolPage {
	pg := h.newPage(r, "web.mfa.title")
	pg.Nav, pg.Here = "totp", "/account/totp"
	b := builder{p: pg.p, errs: errs}
	m := mfaEnrolPage{page: pg, Errors: errs, Status: st, SecretGroups: groupsOf4(st.Secret),
		Code:     b.text("code", "web.mfa.enrol.code", "").autocomplete("one-time-code").required(),
		Password: b.input("password", "password", "web.mfa.disable.password", "").autocomplete("current-password").required()}
	if st.EnabledAt != nil {
		m.EnabledAt = pg.Time(*st.EnabledAt)
	}
	switch r.URL.Query().Get("done") {
	case "disabled":
		m.Done = pg.T("web.mfa.disabled")
	}
	return m
}

func groupsOf4(s string) string {
	var parts []string
	for len(s) > 4 {
		parts, s = append(parts, s[:4]), s[4:]
	}
	return strings.Join(append(parts, s), " ")
}

// mfaEnrolShow shows the actor's second factor, starting an enrolment when
// there is none.
func (h *Handler) mfaEnrolShow(w http.ResponseWriter, r *http.Request) {
	st, err := h.auth.TOTP(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "mfa_enrol", h.mfaEnrolModel(r, st, formErrors{}))
}
