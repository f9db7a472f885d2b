package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

// WebAuthnCredential is a registered security key or platform
// authenticator: an optional second factor besides TOTP.
type WebAuthnCredential struct {
	ID         string // base64url (unpadded) credential id
	UserID     string
	OrgID      string
	PublicKey  []byte // COSE
	SignCount  uint32
	Flags      byte // authenticator flags (the backup-eligible flag must not change)
	Transports []string
	Name       string
	CreatedAt  time.Time
	LastUsedAt *time.Time
}

// WebAuthnTx is what WebAuthn needs inside a transaction.
type WebAuthnTx interface {
	WebAuthnCredentials(userID string) ([]WebAuthnCredential, error)
	// InsertWebAuthnCredential: apperr.Conflict for an id already known.
	InsertWebAuthnCredential(c *WebAuthnCredential) error
	UpdateWebAuthnUse(id, userID string, signCount uint32, flags byte, at time.Time) error
	DeleteWebAuthnCredential(id, userID string) (bool, error)
	// SetWebAuthnSession stores the user's ceremony in progress (JSON of
	// webauthn.SessionData); TakeWebAuthnSession returns and removes it
	// (apperr.NotFound when there is none).
	SetWebAuthnSession(userID, orgID, data string, at time.Time) error
	TakeWebAuthnSession(userID string) (string, time.Time, error)
}

// WebAuthnConfig is the relying party: RPID is the host name the
// credentials are bound to (e.g. koto.example.fi), Origins the origins the
// browser may report (e.g. https://koto.example.fi).
type WebAuthnConfig struct {
	RPID    string
	Origins []string
}

// webAuthnCeremony bounds how long a begun ceremony may be finished.
const webAuthnCeremony = 5 * time.Minute

// maxKeyName bounds the name a user gives a key.
const maxKeyName = 100

// EnableWebAuthn turns WebAuthn on. Without it every WebAuthn method
// answers apperr.NotFound.
func (s *Service) EnableWebAuthn(cfg WebAuthnConfig) error {
	w, err := webauthn.New(&webauthn.Config{
		RPID: cfg.RPID, RPDisplayName: "Koto", RPOrigins: cfg.Origins,
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Enforce: true, Timeout: webAuthnCeremony, TimeoutUVD: webAuthnCeremony},
			Registration: webauthn.TimeoutConfig{Enforce: true, Timeout: webAuthnCeremony, TimeoutUVD: webAuthnCeremony},
		},
	})
	if err != nil {
		return fmt.Errorf("webauthn: %w", err)
	}
	s.webauthn = w
	return nil
}

// WebAuthnEnabled reports whether WebAuthn is configured.
func (s *Service) WebAuthnEnabled() bool { return s.webauthn != nil }

func errWebAuthnOff() error { return apperr.New(apperr.NotFound, "error.not_found") }

// waUser adapts a user and its credentials to the library.
type waUser struct {
	u     User
	creds []WebAuthnCredential
}

func (w waUser) WebAuthnID() []byte   { return []byte(w.u.ID) }
func (w waUser) WebAuthnName() string { return w.u.Username }
func (w waUser) WebAuthnDisplayName() string {
	if w.u.DisplayName != "" {
		return w.u.DisplayName
	}
	return w.u.Username
}

func (w waUser) WebAuthnCredentials() []webauthn.Credential {
	out := make([]webauthn.Credential, 0, len(w.creds))
	for _, c := range w.creds {
		id, err := base64.RawURLEncoding.DecodeString(c.ID)
		if err != nil {
			continue
		}
		var tr []protocol.AuthenticatorTransport
		for _, t := range c.Transports {
			tr = append(tr, protocol.AuthenticatorTransport(t))
		}
		out = append(out, webauthn.Credential{ID: id, PublicKey: c.PublicKey, Transport: tr,
			Flags:         webauthn.NewCredentialFlags(protocol.AuthenticatorFlags(c.Flags)),
			Authenticator: webauthn.Authenticator{SignCount: c.SignCount}})
	}
	return out
}

func (s *Service) loadWAUser(tx Tx, u User) (waUser, error) {
	creds, err := tx.WebAuthnCredentials(u.ID)
	return waUser{u: u, creds: creds}, err
}

// saveCeremony stores a begun ceremony and returns the options for
// navigator.credentials.create/get as JSON.
func saveCeremony(tx Tx, u User, options any, sd *webauthn.SessionData) ([]byte, error) {
	data, err := json.Marshal(sd)
	if err != nil {
		return nil, apperr.Wrap(err, "encode webauthn session")
	}
	if err := tx.SetWebAuthnSession(u.ID, u.OrgID, string(data), tx.Now()); err != nil {
		return nil, err
	}
	out, err := json.Marshal(options)
	return out, apperr.Wrap(err, "encode webauthn options")
}

// takeCeremony returns the user's begun ceremony, once; ok false when
// there is none or it is too old.
func takeCeremony(tx Tx, userID string, now time.Time) (webauthn.SessionData, bool, error) {
	var sd webauthn.SessionData
	data, at, err := tx.TakeWebAuthnSession(userID)
	if apperr.Is(err, apperr.NotFound) {
		return sd, false, nil
	}
	if err != nil {
		return sd, false, err
	}
	if now.Sub(at) > webAuthnCeremony {
		return sd, false, nil
	}
	if err := json.Unmarshal([]byte(data), &sd); err != nil {
		return sd, false, apperr.Wrap(err, "decode webauthn session")
	}
	return sd, true, nil
}

// WebAuthnKeys lists the actor's own keys.
func (s *Service) WebAuthnKeys(ctx context.Context, actor access.Actor) ([]WebAuthnCredential, error) {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return nil, forbidden()
	}
	var out []WebAuthnCredential
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.WebAuthnCredentials(actor.UserID)
		return err
	})
	return out, err
}

// BeginWebAuthnRegistration starts adding a key to the actor's account and
// returns the PublicKeyCredentialCreationOptions (as {"publicKey": …}).
func (s *Service) BeginWebAuthnRegistration(ctx context.Context, actor access.Actor) ([]byte, error) {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return nil, forbidden()
	}
	if s.webauthn == nil {
		return nil, errWebAuthnOff()
	}
	var out []byte
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(actor.UserID)
		if err != nil {
			return err
		}
		wu, err := s.loadWAUser(tx, u)
		if err != nil {
			return err
		}
		creation, sd, err := s.webauthn.BeginRegistration(wu,
			webauthn.WithExclusions(webauthn.Credentials(wu.WebAuthnCredentials()).CredentialDescriptors()),
			webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementDiscouraged),
			webauthn.WithConveyancePreference(protocol.PreferNoAttestation))
		if err != nil {
			return apperr.Wrap(err, "begin webauthn registration")
		}
		out, err = saveCeremony(tx, u, creation, sd)
		return err
	})
	return out, err
}

// FinishWebAuthnRegistration checks the authenticator's answer (the
// PublicKeyCredential as JSON) and stores the key under name. The session
// with keepSecret counts as having passed the second factor, as after TOTP
// enrolment. Errors: Invalid (no ceremony, a bad answer), Conflict (key
// already registered).
func (s *Service) FinishWebAuthnRegistration(ctx context.Context, actor access.Actor, name string, response []byte, keepSecret string) error {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return forbidden()
	}
	if s.webauthn == nil {
		return errWebAuthnOff()
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > maxKeyName {
		return invalid("name", "webauthn.name_too_long")
	}
	parsed, perr := protocol.ParseCredentialCreationResponseBytes(response)
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(actor.UserID)
		if err != nil {
			return err
		}
		now := tx.Now()
		sd, ok, err := takeCeremony(tx, u.ID, now)
		if err != nil {
			return err
		}
		deny := func(reason string) error {
			outcome = invalid("webauthn", "webauthn.failed")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_register", "user:"+u.ID+","+reason, audit.Denied, now))
		}
		if !ok {
			return deny("no_ceremony")
		}
		if perr != nil {
			return deny("bad_response")
		}
		wu, err := s.loadWAUser(tx, u)
		if err != nil {
			return err
		}
		cred, err := s.webauthn.CreateCredential(wu, sd, parsed)
		if err != nil {
			return deny("rejected")
		}
		c := WebAuthnCredential{ID: base64.RawURLEncoding.EncodeToString(cred.ID), UserID: u.ID, OrgID: u.OrgID,
			PublicKey: cred.PublicKey, SignCount: cred.Authenticator.SignCount, Flags: byte(cred.Flags.ProtocolValue()),
			Name: name, CreatedAt: now}
		for _, t := range cred.Transport {
			c.Transports = append(c.Transports, string(t))
		}
		if err := tx.InsertWebAuthnCredential(&c); err != nil {
			if apperr.Is(err, apperr.Conflict) {
				outcome = err
				return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_register", "user:"+u.ID+",duplicate", audit.Denied, now))
			}
			return err
		}
		if keepSecret != "" {
			if err := tx.SetSessionMFA(HashSecret(keepSecret)); err != nil {
				return err
			}
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_register", "user:"+u.ID+",key:"+c.ID, audit.Allowed, now))
	})
	if err != nil {
		return err
	}
	return outcome
}

// RemoveWebAuthn removes one of the actor's keys after checking the
// password (re-authentication: throttled and logged, see reauthenticate),
// so a stolen session cannot take the owner's second factor away. A user
// whose roles require a second factor may not remove the last one.
// Errors: Forbidden, Invalid (field password), TooMany (account locked),
// NotFound (not one of the actor's keys).
func (s *Service) RemoveWebAuthn(ctx context.Context, actor access.Actor, id, password string) error {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return forbidden()
	}
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(actor.UserID)
		if err != nil {
			return err
		}
		now := tx.Now()
		touched := "user:" + u.ID + ",key:" + id
		if s.MFARequiredFor(u.Roles) && !u.TOTPEnabled() && u.WebAuthnKeys <= 1 {
			outcome = invalid("password", "mfa.required_for_role")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_remove", touched+",required_for_role", audit.Denied, now))
		}
		if outcome, err = s.reauthenticate(tx, actor, &u, password, "auth.webauthn_remove", touched, "password", now); outcome != nil || err != nil {
			return err
		}
		ok, err := tx.DeleteWebAuthnCredential(id, u.ID)
		if err != nil {
			return err
		}
		if !ok {
			outcome = apperr.New(apperr.NotFound, "error.not_found")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_remove", touched+",not_found", audit.Denied, now))
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.webauthn_remove", touched, audit.Allowed, now))
	})
	if err != nil {
		return err
	}
	return outcome
}

// Factors are the second factors open to a session waiting for one.
type Factors struct {
	TOTP     bool
	WebAuthn bool
}

// PendingFactors tells the second-factor page which forms to offer.
func (s *Service) PendingFactors(ctx context.Context, secret string) (Factors, error) {
	if secret == "" {
		return Factors{}, errNoSession()
	}
	p, err := s.store.PrincipalBySession(ctx, HashSecret(secret))
	if err != nil {
		return Factors{}, unauthenticated(err)
	}
	return Factors{TOTP: p.User.TOTPEnabled(), WebAuthn: s.webauthn != nil && p.User.WebAuthnKeys > 0}, nil
}

// BeginWebAuthnLogin starts the second factor of a password login waiting
// for it with one of the user's keys and returns the
// PublicKeyCredentialRequestOptions (as {"publicKey": …}).
func (s *Service) BeginWebAuthnLogin(ctx context.Context, secret, requestID string) ([]byte, error) {
	if s.webauthn == nil {
		return nil, errWebAuthnOff()
	}
	var out []byte
	err := s.store.WithTx(ctx, func(tx Tx) error {
		_, u, err := s.pendingSession(tx, secret)
		if err != nil {
			return err
		}
		wu, err := s.loadWAUser(tx, u)
		if err != nil {
			return err
		}
		if len(wu.creds) == 0 {
			return invalid("webauthn", "webauthn.none")
		}
		assertion, sd, err := s.webauthn.BeginLogin(wu, webauthn.WithUserVerification(protocol.VerificationDiscouraged))
		if err != nil {
			return apperr.Wrap(err, "begin webauthn login")
		}
		out, err = saveCeremony(tx, u, assertion, sd)
		return err
	})
	return out, err
}

// FinishWebAuthnLogin completes the second factor with the
// authenticator's assertion (the PublicKeyCredential as JSON), exactly as
// VerifySecondFactor does with a code: a new session secret on success;
// failures count towards the lockout. A signature counter that did not
// grow (a cloned key) is refused.
func (s *Service) FinishWebAuthnLogin(ctx context.Context, secret string, response []byte, requestID string) (string, User, error) {
	if s.webauthn == nil {
		return "", User{}, errWebAuthnOff()
	}
	parsed, perr := protocol.ParseCredentialRequestResponseBytes(response)
	return s.secondFactor(ctx, secret, requestID, "webauthn,", invalid("webauthn", "webauthn.failed"), func(tx Tx, u User, now time.Time) (string, bool, error) {
		sd, ok, err := takeCeremony(tx, u.ID, now)
		if err != nil {
			return "", false, err
		}
		refuse := func(reason string) (string, bool, error) { return reason, false, nil }
		switch {
		case !ok:
			return refuse("webauthn_no_ceremony")
		case perr != nil:
			return refuse("webauthn_bad_response")
		}
		wu, err := s.loadWAUser(tx, u)
		if err != nil {
			return "", false, err
		}
		cred, err := s.webauthn.ValidateLogin(wu, sd, parsed)
		if err != nil {
			return refuse("webauthn_rejected")
		}
		if cred.Authenticator.CloneWarning {
			return refuse("webauthn_sign_count")
		}
		id := base64.RawURLEncoding.EncodeToString(cred.ID)
		if err := tx.UpdateWebAuthnUse(id, u.ID, cred.Authenticator.SignCount, byte(cred.Flags.ProtocolValue()), now); err != nil {
			return "", false, err
		}
		return "webauthn,key:" + id, true, nil
	})
}
