package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"

	"koto/internal/apperr"
	"koto/internal/httpx"
)

// WebAuthn ceremonies run in the browser (static/webauthn.js): the page
// fetches the options from a …/begin endpoint, asks the authenticator
// (navigator.credentials.create or .get) and posts its answer to the
// …/finish endpoint. These endpoints speak JSON; the answer of a finish is
// {"redirect": "/…"} or, on failure, {"error": "translated message"}.

// maxWebAuthnBody bounds a posted authenticator answer.
const maxWebAuthnBody = 64 << 10

// webAuthnFinish is the body posted to a …/finish endpoint.
type webAuthnFinish struct {
	Name       string          `json:"name"` // registration: the key's name
	Next       string          `json:"next"` // login: where to go afterwards
	Credential json.RawMessage `json:"credential"`
}

func (h *Handler) readWebAuthnFinish(r *http.Request) (webAuthnFinish, error) {
	var f webAuthnFinish
	if !h.Auth.WebAuthnEnabled() {
		return f, apperr.New(apperr.NotFound, "error.not_found")
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxWebAuthnBody))
	if err == nil {
		err = json.Unmarshal(body, &f)
	}
	if err != nil {
		return f, apperr.New(apperr.Invalid, "webauthn.failed")
	}
	return f, nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	httpx.NoStore(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if raw, ok := v.([]byte); ok {
		_, _ = w.Write(raw)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// webAuthnFail answers a ceremony endpoint's error as JSON: the message of
// an expected failure, a generic one otherwise.
func (h *Handler) webAuthnFail(w http.ResponseWriter, r *http.Request, err error) {
	p := h.catalog.Printer(language(r))
	key := "webauthn.failed"
	if ae, ok := apperr.As(err); ok {
		switch ae.Kind {
		case apperr.Invalid, apperr.Conflict, apperr.TooMany, apperr.Unauthenticated, apperr.NotFound, apperr.Forbidden:
			if len(ae.Fields) > 0 {
				key = ae.Fields[0].Key
			} else if ae.Kind == apperr.Conflict || ae.Kind == apperr.TooMany {
				key = ae.Key
			}
		default:
			httpx.LogError(h.log, r, err)
		}
	} else {
		httpx.LogError(h.log, r, err)
	}
	status := httpx.Status(err)
	if status < 400 || status >= 500 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, map[string]string{"error": p.T(key)})
}

// webAuthnRegisterBegin starts adding a security key to the own account.
func (h *Handler) webAuthnRegisterBegin(w http.ResponseWriter, r *http.Request) {
	opts, err := h.Auth.BeginWebAuthnRegistration(r.Context(), actor(r))
	if err != nil {
		h.webAuthnFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, opts)
}

// webAuthnRegisterFinish stores the new key. The session counts as having
// passed the second factor (as after TOTP enrolment).
func (h *Handler) webAuthnRegisterFinish(w http.ResponseWriter, r *http.Request) {
	f, err := h.readWebAuthnFinish(r)
	if err == nil {
		err = h.Auth.FinishWebAuthnRegistration(r.Context(), actor(r), f.Name, f.Credential, h.sessionSecret(r))
	}
	if err != nil {
		h.webAuthnFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": "/account/totp?done=webauthn_added"})
}

// webAuthnRemove removes one of the own keys after checking the password
// given in the key's row.
func (h *Handler) webAuthnRemove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	err := h.Auth.RemoveWebAuthn(r.Context(), actor(r), id, r.PostFormValue("password"))
	h.afterFactorChange(w, r, err, "webauthn_removed", func(f string) string {
		if f == "password" {
			return removeKeyPasswordField(id)
		}
		return f
	})
}

// removeKeyPasswordField names the password field of a key's remove form.
func removeKeyPasswordField(id string) string { return "remove-password-" + id }

// webAuthnLoginBegin starts the second factor of a session waiting for it
// with a security key.
func (h *Handler) webAuthnLoginBegin(w http.ResponseWriter, r *http.Request) {
	opts, err := h.Auth.BeginWebAuthnLogin(r.Context(), h.sessionSecret(r), httpx.RequestID(r.Context()))
	if apperr.Is(err, apperr.Unauthenticated) {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"redirect": "/login"})
		return
	}
	if err != nil {
		h.webAuthnFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, opts)
}

// webAuthnLoginFinish checks the key's assertion. On success the session
// gets a new secret, as after a TOTP code.
func (h *Handler) webAuthnLoginFinish(w http.ResponseWriter, r *http.Request) {
	f, err := h.readWebAuthnFinish(r)
	if err != nil {
		h.webAuthnFail(w, r, err)
		return
	}
	secret, u, err := h.Auth.FinishWebAuthnLogin(r.Context(), h.sessionSecret(r), f.Credential, httpx.RequestID(r.Context()))
	if err != nil {
		if apperr.Is(err, apperr.Unauthenticated) {
			h.setSession(w, "")
			writeJSON(w, http.StatusUnauthorized, map[string]string{"redirect": "/login?next=" + url.QueryEscape(localPath(f.Next, "/clients"))})
			return
		}
		h.webAuthnFail(w, r, err)
		return
	}
	h.setSession(w, secret)
	target := localPath(f.Next, "/clients")
	if u.MustChangePassword {
		target = "/account/password"
	}
	writeJSON(w, http.StatusOK, map[string]string{"redirect": target})
}
