package web

import (
	"html/template"
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
	SecretGroups  string        // the secret in groups of four, easier to type
	QR            template.HTML // the otpauth URI as an inline SVG QR code
	EnabledAt     string
	Code          field
	Password      field
	RecoveryCodes []string // shown once, right after enrolment
	Done          string   // translated confirmation notice
	Keys          []webAuthnKeyRow
	KeyName       field
	// TOTPOptional: another factor (a security key) satisfies the rule.
	TOTPOptional bool
}

// webAuthnKeyRow is a registered security key in the list, with the
// password field of its remove form (removing a key asks for the
// password).
type webAuthnKeyRow struct {
	ID, Name, Created, LastUsed string
	Password                    field
}

func (h *Handler) mfaEnrolModel(r *http.Request, st auth.TOTPStatus, errs formErrors) mfaEnrolPage {
	pg := h.newPage(r, "web.mfa.title")
	pg.Nav, pg.Here = "totp", "/account/totp"
	b := builder{p: pg.p, errs: errs}
	m := mfaEnrolPage{page: pg, Errors: errs, Status: st, SecretGroups: groupsOf4(st.Secret),
		Code:     b.text("code", "web.mfa.enrol.code", "").autocomplete("one-time-code").required(),
		Password: b.input("password", "password", "web.mfa.disable.password", "").autocomplete("current-password").required()}
	if st.URI != "" && st.EnabledAt == nil {
		qr, err := qrSVG(st.URI, pg.T("web.mfa.enrol.qr"))
		if err != nil {
			h.log.Error("TOTP QR code", "err", err) // the secret below still works
		}
		m.QR = qr
	}
	if st.EnabledAt != nil {
		m.EnabledAt = pg.Time(*st.EnabledAt)
	}
	m.KeyName = b.text("name", "web.webauthn.name", "").withHint(pg.T("web.webauthn.name_hint"))
	for _, k := range st.Keys {
		row := webAuthnKeyRow{ID: k.ID, Name: k.Name, Created: pg.Time(k.CreatedAt), LastUsed: pg.T("web.webauthn.never_used"),
			Password: b.input("password", removeKeyPasswordField(k.ID), "web.webauthn.remove_password", "").autocomplete("current-password").required()}
		row.Password.Name = "password"
		if row.Name == "" {
			row.Name = pg.T("web.webauthn.unnamed")
		}
		if k.LastUsedAt != nil {
			row.LastUsed = pg.Time(*k.LastUsedAt)
		}
		m.Keys = append(m.Keys, row)
	}
	m.TOTPOptional = !st.Required || len(st.Keys) > 0
	switch r.URL.Query().Get("done") {
	case "disabled":
		m.Done = pg.T("web.mfa.disabled")
	case "webauthn_added":
		m.Done = pg.T("web.webauthn.added")
	case "webauthn_removed":
		m.Done = pg.T("web.webauthn.removed")
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
	st, err := h.Auth.TOTP(r.Context(), actor(r))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "mfa_enrol", h.mfaEnrolModel(r, st, formErrors{}))
}
