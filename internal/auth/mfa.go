package auth

import (
	"context"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
)

// MFATx is what the second factor needs inside a transaction. The store
// encrypts the TOTP key at rest with the organisation's key.
type MFATx interface {
	// SetTOTPKey stores a new, not yet confirmed key (replacing any).
	SetTOTPKey(userID, orgID string, key []byte) error
	// TOTPKey returns the user's key and the last step accepted;
	// apperr.NotFound when the user has none.
	TOTPKey(userID, orgID string) (key []byte, lastStep int64, err error)
	EnableTOTP(userID string, at time.Time) error
	SetTOTPLastStep(userID string, step int64) error
	// ClearTOTP removes the key and every recovery code.
	ClearTOTP(userID string) error
	ReplaceRecoveryCodes(userID, orgID string, hashes []string) error
	// UseRecoveryCode marks an unused code used; false if there is none.
	UseRecoveryCode(userID, hash string, at time.Time) (bool, error)
	RecoveryCodesLeft(userID string) (int, error)
	// SessionByHash finds a session (not its user's state).
	SessionByHash(tokenHash string) (Session, error)
	// SetSessionMFA marks a session's second factor done.
	SetSessionMFA(tokenHash string) error
}

// TOTPStatus is what the enrolment page shows.
type TOTPStatus struct {
	Enabled       bool
	EnabledAt     *time.Time
	RecoveryLeft  int
	Required      bool   // the user's roles require a second factor
	Secret        string // base32, only while enrolling
	URI           string // otpauth:// URI, only while enrolling
	RecoveryCodes []string
	// WebAuthn is true when security keys can be used; Keys are the
	// user's registered ones.
	WebAuthn bool
	Keys     []WebAuthnCredential
}

// TOTP returns the actor's second-factor status. When none is enabled it
// starts (or continues) an enrolment: a key is stored unconfirmed and its
// secret returned for the authenticator app.
func (s *Service) TOTP(ctx context.Context, actor access.Actor) (TOTPStatus, error) {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return TOTPStatus{}, forbidden()
	}
	st := TOTPStatus{Required: s.MFARequiredFor(actor.Roles), WebAuthn: s.webauthn != nil}
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(actor.UserID)
		if err != nil {
			return err
		}
		if st.Keys, err = tx.WebAuthnCredentials(u.ID); err != nil {
			return err
		}
		if u.TOTPEnabled() {
			st.Enabled, st.EnabledAt = true, u.TOTPEnabledAt
			st.RecoveryLeft, err = tx.RecoveryCodesLeft(u.ID)
			return err
		}
		key, _, err := tx.TOTPKey(u.ID, u.OrgID)
		if apperr.Is(err, apperr.NotFound) {
			key = newTOTPKey()
			err = tx.SetTOTPKey(u.ID, u.OrgID, key)
		}
		if err != nil {
			return err
		}
		st.Secret = b32.EncodeToString(key)
		st.URI = TOTPURI(st.Secret, u.Username)
		return nil
	})
	return st, err
}

// ConfirmTOTP finishes enrolment with a code from the app, turns the second
// factor on and returns the recovery codes (shown once). The session with
// keepSecret counts as having passed the second factor.
func (s *Service) ConfirmTOTP(ctx context.Context, actor access.Actor, code, keepSecret string) ([]string, error) {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return nil, forbidden()
	}
	var codes []string
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := tx.UserByID(actor.UserID)
		if err != nil {
			return err
		}
		if u.TOTPEnabled() {
			return apperr.New(apperr.Conflict, "mfa.already_enabled")
		}
		key, last, err := tx.TOTPKey(u.ID, u.OrgID)
		if apperr.Is(err, apperr.NotFound) {
			return invalid("code", "mfa.code_wrong")
		}
		if err != nil {
			return err
		}
		now := tx.Now()
		step := matchTOTP(key, code, now, last)
		if step == 0 {
			outcome = invalid("code", "mfa.code_wrong")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.totp_enable", "user:"+u.ID+",wrong_code", audit.Denied, now))
		}
		if err := tx.SetTOTPLastStep(u.ID, step); err != nil {
			return err
		}
		if err := tx.EnableTOTP(u.ID, now); err != nil {
			return err
		}
		codes, err = s.replaceRecoveryCodes(tx, u)
		if err != nil {
			return err
		}
		if keepSecret != "" {
			if err := tx.SetSessionMFA(HashSecret(keepSecret)); err != nil {
				return err
			}
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.totp_enable", "user:"+u.ID, audit.Allowed, now))
	})
	if err != nil {
		return nil, err
	}
	return codes, outcome
}

func (s *Service) replaceRecoveryCodes(tx Tx, u User) ([]string, error) {
	codes := newRecoveryCodes()
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = hashRecoveryCode(u.ID, c)
	}
	return codes, tx.ReplaceRecoveryCodes(u.ID, u.OrgID, hashes)
}

// DisableTOTP turns the actor's second factor off after checking the
// password (re-authentication: throttled and logged, see reauthenticate).
// A user whose roles require a second factor may not remove the last one.
// Errors: Forbidden, Invalid (field password), TooMany (account locked).
func (s *Service) DisableTOTP(ctx context.Context, actor access.Actor, password string) error {
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
		// A WebAuthn key is enough for the rule.
		if s.MFARequiredFor(u.Roles) && u.WebAuthnKeys == 0 {
			outcome = invalid("password", "mfa.required_for_role")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.totp_disable", "user:"+u.ID+",required_for_role", audit.Denied, now))
		}
		if outcome, err = s.reauthenticate(tx, actor, &u, password, "auth.totp_disable", "user:"+u.ID, "password", now); outcome != nil || err != nil {
			return err
		}
		if err := tx.ClearTOTP(u.ID); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "auth.totp_disable", "user:"+u.ID, audit.Allowed, now))
	})
	if err != nil {
		return err
	}
	return outcome
}

// VerifySecondFactor completes a password login waiting for its second
// factor (Session.Pending == StepTOTP) with a TOTP code or an unused
// recovery code. On success the pending session is replaced by a new one
// (a new secret, returned) that gives access. Wrong codes count towards
// the account lockout like wrong passwords. Errors: Unauthenticated (no
// such pending session: log in again), Invalid (wrong code), TooMany.
func (s *Service) VerifySecondFactor(ctx context.Context, secret, code, requestID string) (string, User, error) {
	return s.secondFactor(ctx, secret, requestID, "", invalid("code", "mfa.code_wrong"), func(tx Tx, u User, now time.Time) (string, bool, error) {
		how, err := s.checkSecondFactor(tx, u, code, now)
		if err != nil || how != "" {
			return how, true, err
		}
		return "wrong_code", false, nil
	})
}

// factorCheck verifies one second factor inside the transaction. It
// returns whether the user passed and how, or why not (both logged).
type factorCheck func(tx Tx, u User, now time.Time) (how string, passed bool, err error)

// secondFactor runs the steps every second factor shares: find the
// session waiting for it, refuse a locked account, check, and on success
// replace the session secret (returned) or on failure count towards the
// lockout and answer refusal. logPrefix marks the factor in access-log
// entries.
func (s *Service) secondFactor(ctx context.Context, secret, requestID, logPrefix string, refusal error, check factorCheck) (string, User, error) {
	if secret == "" {
		return "", User{}, errNoSession()
	}
	var next string
	var u User
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var sess Session
		var err error
		if sess, u, err = s.pendingSession(tx, secret); err != nil {
			return err
		}
		now := tx.Now()
		actor := actorOf(u, access.ChannelUI, requestID)
		if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
			outcome = apperr.New(apperr.TooMany, "login.too_many")
			return tx.AppendAudit(entry(actor, u.OrgID, "auth.second_factor", logPrefix+"locked", audit.Denied, now))
		}
		how, passed, err := check(tx, u, now)
		if err != nil {
			return err
		}
		if !passed {
			outcome = refusal
			return s.secondFactorFailed(tx, &u, sess, actor, how, now)
		}
		next, err = s.secondFactorPassed(tx, &u, sess, actor, how, now)
		return err
	})
	if err != nil {
		return "", User{}, err
	}
	if outcome != nil {
		return "", User{}, outcome
	}
	return next, u, nil
}

// checkSecondFactor returns "totp" or "recovery_code" for an accepted code
// (consuming it), "" for a wrong one.
func (s *Service) checkSecondFactor(tx Tx, u User, code string, now time.Time) (string, error) {
	if u.TOTPEnabled() {
		key, last, err := tx.TOTPKey(u.ID, u.OrgID)
		if err != nil {
			return "", err
		}
		if step := matchTOTP(key, code, now, last); step != 0 {
			return "totp", tx.SetTOTPLastStep(u.ID, step)
		}
	}
	if len(normaliseCode(code)) != 16 {
		return "", nil
	}
	used, err := tx.UseRecoveryCode(u.ID, hashRecoveryCode(u.ID, code), now)
	if err != nil || !used {
		return "", err
	}
	return "recovery_code", nil
}

// pendingSession finds the session with secret that waits for its second
// factor, and its user; errNoSession when there is none (log in again).
func (s *Service) pendingSession(tx Tx, secret string) (Session, User, error) {
	if secret == "" {
		return Session{}, User{}, errNoSession()
	}
	now := tx.Now()
	sess, err := tx.SessionByHash(HashSecret(secret))
	if apperr.Is(err, apperr.NotFound) {
		return Session{}, User{}, errNoSession()
	}
	if err != nil {
		return Session{}, User{}, err
	}
	u, err := tx.UserByID(sess.UserID)
	if err != nil {
		return Session{}, User{}, err
	}
	if sess.MFADone || !u.SecondFactor() || !u.Active() || now.After(sess.ExpiresAt) || now.Sub(sess.CreatedAt) > s.policy.PendingMFA {
		return Session{}, User{}, errNoSession()
	}
	return sess, u, nil
}

// secondFactorFailed counts a failed second factor towards the lockout
// (ending the pending session when the account locks) and logs it.
func (s *Service) secondFactorFailed(tx Tx, u *User, sess Session, actor access.Actor, reason string, now time.Time) error {
	u.FailedLogins++
	if u.FailedLogins >= s.policy.MaxFailures {
		until := now.Add(s.policy.Lockout)
		u.LockedUntil, u.FailedLogins, reason = &until, 0, reason+",locked_now"
		if err := tx.DeleteSession(sess.TokenHash); err != nil {
			return err
		}
	}
	if err := tx.UpdateUserLogin(u); err != nil {
		return err
	}
	return tx.AppendAudit(entry(actor, u.OrgID, "auth.second_factor", reason, audit.Denied, now))
}

// secondFactorPassed replaces the pending session by a verified one and
// returns its secret.
func (s *Service) secondFactorPassed(tx Tx, u *User, sess Session, actor access.Actor, how string, now time.Time) (string, error) {
	u.FailedLogins, u.LockedUntil = 0, nil
	if err := tx.UpdateUserLogin(u); err != nil {
		return "", err
	}
	if err := tx.DeleteSession(sess.TokenHash); err != nil {
		return "", err
	}
	next, ns := s.newSession(*u, now, true)
	ns.CreatedAt = sess.CreatedAt
	if err := tx.InsertSession(&ns); err != nil {
		return "", err
	}
	return next, tx.AppendAudit(entry(actor, u.OrgID, "auth.second_factor", how, audit.Allowed, now))
}
