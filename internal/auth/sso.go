package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/org"
)

// IdentityTx is what single sign-on needs inside a transaction.
type IdentityTx interface {
	// IdentityUser returns the user id linked to (issuer, subject);
	// apperr.NotFound when none is.
	IdentityUser(issuer, subject string) (string, error)
	InsertIdentity(issuer, subject, userID, orgID string, at time.Time) error
	// GroupRoles returns the mappings of the given groups of issuer.
	GroupRoles(issuer string, groups []string) ([]GroupRole, error)
	InsertGroupRole(g GroupRole) error
	// AllGroupRoles lists every mapping, by issuer and group.
	AllGroupRoles() ([]GroupRole, error)
	OrgByID(id string) (org.Org, error)
}

// GroupRole maps a group of an identity provider to a role in an
// organisation.
type GroupRole struct {
	Issuer  string
	Group   string
	OrgID   string
	OrgCode string
	Role    access.Role
}

// Identity is what an OpenID provider asserted about a user, after the
// caller has verified the ID token (signature, issuer, audience, nonce).
type Identity struct {
	Issuer            string
	Subject           string
	PreferredUsername string
	Email             string
	Name              string
	Groups            []string
	// AMR are the authentication methods the provider reports it used
	// (the ID token's amr claim, RFC 8176); ACR the class of the
	// authentication (acr).
	AMR []string
	ACR string
}

// MFAMethods are the amr values (RFC 8176, and "fido" which some
// providers send) that show the provider used more than a password: the
// multi-factor and multi-channel markers, and possession or inherence
// factors, which providers report only beside another factor or for
// authenticators that verify the user themselves.
var MFAMethods = []string{"mfa", "mca", "otp", "hwk", "swk", "sms", "tel", "sc", "pop", "fido", "fpt", "face", "iris", "retina", "vbm"}

// MultiFactor reports whether id shows a login with more than one factor:
// an amr value in MFAMethods, or an acr in acrValues.
func (id Identity) MultiFactor(acrValues []string) bool {
	for _, m := range id.AMR {
		if slices.Contains(MFAMethods, strings.ToLower(m)) {
			return true
		}
	}
	return id.ACR != "" && slices.Contains(acrValues, id.ACR)
}

// NoPassword is the stored password hash of an account that has no
// password (single sign-on only); it matches no password.
const NoPassword = "!sso"

// MapGroup maps an identity provider group to a role in an organisation.
// Only the operator may. Errors: Forbidden, Invalid.
func (s *Service) MapGroup(ctx context.Context, actor access.Actor, issuer, group, orgCode string, role access.Role) error {
	if err := s.mayAdminister(ctx, actor, access.OrgManage, "sso.map_group", "group:"+group); err != nil {
		return err
	}
	issuer, group = strings.TrimSpace(issuer), strings.TrimSpace(group)
	switch {
	case !strings.HasPrefix(issuer, "https://") && !strings.HasPrefix(issuer, "http://"):
		return invalid("issuer", "sso.issuer")
	case group == "" || len(group) > 200:
		return invalid("group", "validation.required")
	case !access.ValidRole(role):
		return invalid("role", "user.role_unknown")
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		org, err := tx.OrgByCode(orgCode)
		if apperr.Is(err, apperr.NotFound) {
			return invalid("org", "user.org_unknown")
		}
		if err != nil {
			return err
		}
		if err := tx.InsertGroupRole(GroupRole{Issuer: issuer, Group: group, OrgID: org.ID, Role: role}); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, org.ID, "sso.map_group", "issuer:"+issuer+",group:"+group+",role:"+string(role), audit.Allowed, tx.Now()))
	})
}

// GroupMappings lists every group mapping. Only the operator may.
func (s *Service) GroupMappings(ctx context.Context, actor access.Actor) ([]GroupRole, error) {
	if !actor.Can(access.OrgManage) {
		return nil, forbidden()
	}
	var out []GroupRole
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.AllGroupRoles()
		return err
	})
	return out, err
}

// SSOLogin starts a session for a user the identity provider vouched for.
// The organisation and roles come from the user's groups (idp_group_roles);
// a subject with no mapped group, or with groups in several organisations,
// is refused and the refusal logged. The first login creates the account
// (username from preferred_username or e-mail, made unique); later logins
// update the roles, and a change of roles ends the user's other sessions
// and API tokens. The identity provider is responsible for the strength of
// the authentication, so the session needs no second factor from Koto;
// with Policy.SSORequireMFA a login the provider does not report as
// multi-factor (Identity.MultiFactor) is refused (sso.mfa_required) and
// the refusal logged.
func (s *Service) SSOLogin(ctx context.Context, id Identity, requestID string) (string, User, error) {
	if id.Issuer == "" || id.Subject == "" {
		return "", User{}, apperr.New(apperr.Unauthenticated, "sso.failed")
	}
	var secret string
	var u User
	var outcome error
	err := s.store.WithTx(ctx, func(tx Tx) error {
		now := tx.Now()
		anon := access.Actor{Channel: access.ChannelUI, RequestID: requestID}
		touched := "issuer:" + id.Issuer + ",subject:" + id.Subject
		deny := func(reason string) error {
			outcome = apperr.New(apperr.Unauthenticated, "sso.not_allowed")
			return tx.AppendAudit(entry(anon, "", "auth.sso_login", touched+","+reason, audit.Denied, now))
		}
		if s.policy.SSORequireMFA && !id.MultiFactor(s.policy.SSOACRValues) {
			if err := deny("no_multi_factor,amr:" + claimText(strings.Join(id.AMR, " ")) + ",acr:" + claimText(id.ACR)); err != nil {
				return err
			}
			outcome = apperr.New(apperr.Unauthenticated, "sso.mfa_required")
			return nil
		}
		maps, err := tx.GroupRoles(id.Issuer, id.Groups)
		if err != nil {
			return err
		}
		if len(maps) == 0 {
			return deny("no_mapped_group")
		}
		orgID := maps[0].OrgID
		var roles []access.Role
		for _, m := range maps {
			if m.OrgID != orgID {
				return deny("groups_in_several_organisations")
			}
			if !slices.Contains(roles, m.Role) {
				roles = append(roles, m.Role)
			}
		}
		roles = sortRoles(roles)
		// A mapping may not give a role the organisation's kind excludes
		// (the provider role outside a provider, ADR 31).
		if o, err := tx.OrgByID(orgID); err != nil {
			return err
		} else if rolesFitOrg(o.Kind, roles) != nil {
			return deny("roles_not_for_organisation_kind")
		}
		userID, err := tx.IdentityUser(id.Issuer, id.Subject)
		switch {
		case apperr.Is(err, apperr.NotFound):
			if u, err = s.ssoCreate(tx, id, orgID, roles, now); err != nil {
				return err
			}
			if err := tx.AppendAudit(entry(actorOf(u, access.ChannelUI, requestID), orgID, "user.add", "user:"+u.ID+",roles:"+rolesText(roles)+",sso", audit.Allowed, now)); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if u, err = tx.UserByID(userID); err != nil {
				return err
			}
			if u.OrgID != orgID {
				return deny("organisation_changed")
			}
			if !u.Active() || s.expiry(u, now) != "" {
				return deny("disabled")
			}
			if !slices.Equal(sortRoles(u.Roles), roles) {
				if err := tx.SetUserRoles(u.ID, u.OrgID, roles); err != nil {
					return err
				}
				if err := s.revokeAll(tx, u.ID, nil); err != nil {
					return err
				}
				if err := tx.AppendAudit(entry(actorOf(u, access.ChannelUI, requestID), orgID, "user.set_roles", "user:"+u.ID+",roles:"+rolesText(roles)+",sso", audit.Allowed, now)); err != nil {
					return err
				}
				u.Roles = roles
			}
		}
		u.FailedLogins, u.LockedUntil, u.LastLoginAt = 0, nil, &now
		if err := tx.UpdateUserLogin(&u); err != nil {
			return err
		}
		var sess Session
		secret, sess = s.newSession(u, now, true)
		if err := tx.InsertSession(&sess); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actorOf(u, access.ChannelUI, requestID), u.OrgID, "auth.sso_login", "session,"+touched, audit.Allowed, now))
	})
	if err != nil {
		return "", User{}, err
	}
	if outcome != nil {
		return "", User{}, outcome
	}
	return secret, u, nil
}

// ssoCreate creates the account of a new subject.
func (s *Service) ssoCreate(tx Tx, id Identity, orgID string, roles []access.Role, now time.Time) (User, error) {
	org, err := tx.OrgByID(orgID)
	if err != nil {
		return User{}, err
	}
	base := ssoUsername(id)
	name := strings.TrimSpace(id.Name)
	if name == "" || len(name) > 200 {
		name = base
	}
	for i := 1; ; i++ {
		username := base
		if i > 1 {
			username = fmt.Sprintf("%s-%d", base, i)
		}
		if _, err := tx.UserByUsername(username); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return User{}, err
		}
		u := User{ID: s.newID(), OrgID: org.ID, OrgCode: org.Code, Username: username, DisplayName: name,
			PasswordHash: NoPassword, SSOOnly: true, Roles: roles, CreatedAt: now}
		if err := tx.InsertUser(&u); err != nil {
			return User{}, err
		}
		return u, tx.InsertIdentity(id.Issuer, id.Subject, u.ID, u.OrgID, now)
	}
}

// ssoUsername derives a valid username from the identity's claims.
func ssoUsername(id Identity) string {
	for _, c := range []string{id.PreferredUsername, id.Email} {
		c = strings.ToLower(strings.TrimSpace(c))
		if usernamePattern.MatchString(c) {
			return c
		}
	}
	// Fall back to a name derived from the subject, never guessable as
	// another person's username.
	sub := strings.Map(func(r rune) rune {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			return r
		}
		return -1
	}, strings.ToLower(id.Subject))
	if len(sub) > 40 {
		sub = sub[:40]
	}
	return "sso-" + sub
}

// claimText is a provider's claim as the access log may hold it: the
// characters of method and class names only, at most 64.
func claimText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 128 && (r == ' ' || r == '.' || r == ':' || r == '_' || r == '-' || r == '/' ||
			(r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return r
		}
		return -1
	}, s)
	if len(s) > 64 {
		s = s[:64]
	}
	return s
}

func sortRoles(roles []access.Role) []access.Role {
	var out []access.Role
	for _, r := range access.AllRoles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	return out
}
