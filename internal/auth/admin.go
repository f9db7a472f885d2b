package auth

import (
	"context"
	"regexp"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/org"
)

const tokenPrefix = "koto_"

var (
	usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._@-]{1,63}$`)
)

func forbidden() error { return apperr.New(apperr.Forbidden, "error.forbidden") }

func invalid(field, key string) error {
	return apperr.InvalidField(field, key)
}

// NewUser describes an account to create.
type NewUser struct {
	OrgCode            string
	Username           string
	DisplayName        string
	Roles              []access.Role
	Password           string
	MustChangePassword bool
}

// AddUser creates a staff account. An org admin adds users only to the own
// organisation and grants only roles canGrant allows (the roles they hold,
// plus caseworker and supervisor); the CLI grants any role. A password
// Koto generated for the user (the UI, the first-run admin) must come with
// MustChangePassword; one the user chose (koto user add --password-stdin)
// need not.
func (s *Service) AddUser(ctx context.Context, actor access.Actor, nu NewUser) (User, error) {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.add", "user:"+nu.Username); err != nil {
		return User{}, err
	}
	nu.Username = strings.ToLower(strings.TrimSpace(nu.Username))
	if !usernamePattern.MatchString(nu.Username) {
		return User{}, invalid("username", "user.username")
	}
	if len(nu.Roles) == 0 {
		return User{}, invalid("roles", "user.role_required")
	}
	for _, r := range nu.Roles {
		if !access.ValidRole(r) {
			return User{}, invalid("roles", "user.role_unknown")
		}
		if !actor.System && !canGrant(actor, r) {
			return User{}, forbidden()
		}
	}
	if key := PasswordProblem(nu.Password); key != "" {
		return User{}, invalid("password", key)
	}
	hash, err := HashPassword(nu.Password, s.policy.Argon2)
	if err != nil {
		return User{}, err
	}
	if nu.DisplayName == "" {
		nu.DisplayName = nu.Username
	}
	var u User
	err = s.store.WithTx(ctx, func(tx Tx) error {
		org, err := tx.OrgByCode(nu.OrgCode)
		if err != nil {
			if apperr.Is(err, apperr.NotFound) {
				return invalid("org", "user.org_unknown")
			}
			return err
		}
		if !actor.System && org.ID != actor.OrgID {
			return forbidden()
		}
		if err := rolesFitOrg(org.Kind, nu.Roles); err != nil {
			return err
		}
		u = User{ID: s.newID(), OrgID: org.ID, OrgCode: org.Code, Username: nu.Username, DisplayName: nu.DisplayName,
			PasswordHash: hash, MustChangePassword: nu.MustChangePassword, Roles: nu.Roles, CreatedAt: tx.Now()}
		if err := tx.InsertUser(&u); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, org.ID, "user.add", "user:"+u.ID+",roles:"+rolesText(u.Roles), audit.Allowed, tx.Now()))
	})
	return u, err
}

// mayAdminister checks that actor may perform need (user or token
// administration) at all. A user acting for another organisation never
// may, whatever their roles (org.Service.ActAs grants a coverage's
// client-work roles only; this is the second wall): the attempt is
// refused and logged as action on target, in the log of the organisation
// acted for, naming the home organisation (Via).
func (s *Service) mayAdminister(ctx context.Context, actor access.Actor, need access.Action, action, target string) error {
	if actor.HomeOrgID != "" {
		logErr := s.store.WithTx(ctx, func(tx Tx) error {
			return tx.AppendAudit(entry(actor, "", action, target+",acting_for_another_organisation", audit.Denied, tx.Now()))
		})
		if logErr != nil {
			return logErr
		}
		return forbidden()
	}
	if !actor.Can(need) {
		return forbidden()
	}
	return nil
}

// canGrant: nobody grants more than they hold; org admins may in addition
// create caseworker and supervisor accounts, which is their job.
func canGrant(actor access.Actor, r access.Role) bool {
	if actor.Has(r) {
		return true
	}
	return actor.Has(access.OrgAdmin) && (r == access.Caseworker || r == access.Supervisor || r == access.Provider)
}

// rolesFitOrg checks roles against the kind of the user's organisation
// (ADR 31): the provider role only in a provider organisation, and there
// only it and org_admin (who manages the provider's own users); a
// provider's user never gets a role that reads clients.
func rolesFitOrg(kind org.Kind, roles []access.Role) error {
	for _, r := range roles {
		if (kind == org.Provider) != (r == access.Provider) && !(kind == org.Provider && r == access.OrgAdmin) {
			return invalid("roles", "user.role_not_for_org_kind")
		}
	}
	return nil
}

func rolesText(rs []access.Role) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, ",")
}

// adminTx runs fn for an administrative action on username's account. When
// the account does not exist or belongs to another organisation (fn gets
// NotFound from userForAdmin), the refused attempt is logged in its own
// transaction before the NotFound is returned.
func (s *Service) adminTx(ctx context.Context, actor access.Actor, action, username string, fn func(tx Tx) error) error {
	err := s.store.WithTx(ctx, fn)
	if !apperr.Is(err, apperr.NotFound) {
		return err
	}
	logErr := s.store.WithTx(ctx, func(tx Tx) error {
		return tx.AppendAudit(entry(actor, actor.OrgID, action, "user:"+username, audit.Denied, tx.Now()))
	})
	if logErr != nil {
		return logErr
	}
	return err
}

// userForAdmin loads a user the actor may administer.
func (s *Service) userForAdmin(tx Tx, actor access.Actor, username string) (User, error) {
	u, err := tx.UserByUsername(strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		return User{}, err
	}
	if !actor.System && u.OrgID != actor.OrgID {
		return User{}, apperr.ErrNotFound()
	}
	return u, nil
}

// SetDisabled disables or enables an account. Disabling ends its sessions
// and revokes its API tokens in the same transaction, so the user's next
// request answers 401.
func (s *Service) SetDisabled(ctx context.Context, actor access.Actor, username string, disabled bool) error {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.set_disabled", "user:"+username); err != nil {
		return err
	}
	return s.adminTx(ctx, actor, "user.set_disabled", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		now := tx.Now()
		action := "user.enable"
		if disabled {
			action = "user.disable"
			if err := s.revokeAll(tx, u.ID, &now); err != nil {
				return err
			}
		} else if err := tx.SetUserDisabled(u.ID, nil); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, action, "user:"+u.ID, audit.Allowed, now))
	})
}

// ResetPassword sets a new password and ends the user's sessions. Without
// a password it generates a one-time password, which must be changed at
// the next login, and returns it; a password the operator gives must be
// changed too unless mustChange is false (the operator's choice, e.g. for
// a password the user chose). Errors: Forbidden, NotFound, Invalid.
func (s *Service) ResetPassword(ctx context.Context, actor access.Actor, username, password string, mustChange bool) (string, error) {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.reset_password", "user:"+username); err != nil {
		return "", err
	}
	if password == "" {
		password, mustChange = GeneratePassword(), true
	}
	if key := PasswordProblem(password); key != "" {
		return "", invalid("password", key)
	}
	hash, err := HashPassword(password, s.policy.Argon2)
	if err != nil {
		return "", err
	}
	err = s.adminTx(ctx, actor, "user.reset_password", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		if err := tx.SetUserPassword(u.ID, hash, mustChange); err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(u.ID); err != nil {
			return err
		}
		touched := "user:" + u.ID
		if mustChange {
			touched += ",must_change"
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "user.reset_password", touched, audit.Allowed, tx.Now()))
	})
	return password, err
}

// Users lists accounts: all for the operator, the own organisation's for an
// org admin.
func (s *Service) Users(ctx context.Context, actor access.Actor) ([]User, error) {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.list", ""); err != nil {
		return nil, err
	}
	var out []User
	err := s.store.WithTx(ctx, func(tx Tx) error {
		orgID := actor.OrgID
		if actor.System {
			orgID = ""
		}
		var err error
		out, err = tx.Users(orgID)
		return err
	})
	return out, err
}

// MaxTokenLifetime bounds how long an API token may be made to work.
const MaxTokenLifetime = 366 * 24 * time.Hour

// CreateToken issues a personal API token for a user, valid for the
// policy's TokenLifetime, and returns its secret, shown once.
func (s *Service) CreateToken(ctx context.Context, actor access.Actor, username string) (string, Token, error) {
	return s.CreateTokenFor(ctx, actor, username, s.policy.TokenLifetime)
}

// CreateTokenFor issues a personal API token valid for lifetime (at most
// MaxTokenLifetime) and returns its secret, shown once. Errors: Forbidden,
// NotFound, Invalid (a disabled user, a lifetime out of range).
func (s *Service) CreateTokenFor(ctx context.Context, actor access.Actor, username string, lifetime time.Duration) (string, Token, error) {
	if err := s.mayAdminister(ctx, actor, access.TokenManage, "token.create", "user:"+username); err != nil {
		return "", Token{}, err
	}
	if lifetime <= 0 || lifetime > MaxTokenLifetime {
		return "", Token{}, invalid("days", "token.lifetime")
	}
	var secret string
	var t Token
	err := s.adminTx(ctx, actor, "token.create", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		if !u.Active() {
			return invalid("username", "user.disabled")
		}
		var hash string
		secret, hash = newSecret(tokenPrefix)
		now := tx.Now()
		expires := now.Add(lifetime)
		t = Token{ID: s.newID(), UserID: u.ID, OrgID: u.OrgID, TokenHash: hash, CreatedAt: now, ExpiresAt: &expires}
		if err := tx.InsertToken(&t); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "token.create", "user:"+u.ID+",token:"+t.ID+",expires:"+expires.UTC().Format(time.RFC3339), audit.Allowed, now))
	})
	return secret, t, err
}

// Tokens lists a user's API tokens (revoked and expired ones too), newest
// first; never their secrets. Errors: Forbidden, NotFound.
func (s *Service) Tokens(ctx context.Context, actor access.Actor, username string) ([]Token, error) {
	if err := s.mayAdminister(ctx, actor, access.TokenManage, "token.list", "user:"+username); err != nil {
		return nil, err
	}
	var out []Token
	err := s.store.WithTx(ctx, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		out, err = tx.Tokens(u.ID)
		return err
	})
	return out, err
}

// RevokeToken revokes a token by id; an empty id revokes all of the user's.
func (s *Service) RevokeToken(ctx context.Context, actor access.Actor, username, id string) error {
	if err := s.mayAdminister(ctx, actor, access.TokenManage, "token.revoke", "user:"+username); err != nil {
		return err
	}
	return s.adminTx(ctx, actor, "token.revoke", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		now := tx.Now()
		if id == "" {
			err = tx.RevokeUserTokens(u.ID, now)
		} else {
			err = tx.RevokeToken(id, u.ID, now)
		}
		if err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "token.revoke", "user:"+u.ID+",token:"+id, audit.Allowed, now))
	})
}
