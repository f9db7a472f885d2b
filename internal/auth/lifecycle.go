package auth

import (
	"context"
	"fmt"
	"slices"
	"time"
	_ "time/tzdata" // Europe/Helsinki even on hosts without a zone database

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
)

// LifecycleTx is what account lifecycle needs inside a transaction.
type LifecycleTx interface {
	UserByID(id string) (User, error)
	SetUserRoles(userID, orgID string, roles []access.Role) error
	SetUserEndDate(userID string, end civil.Date) error
	// ExpiredUsers lists enabled users whose last login (or creation, if
	// they never logged in) is before inactiveBefore (zero: no inactivity
	// rule) or whose end date is before today.
	ExpiredUsers(inactiveBefore time.Time, today civil.Date) ([]User, error)
	// DeleteUserSessionsExcept ends every session of a user but the one
	// with keepHash ("" ends all).
	DeleteUserSessionsExcept(userID, keepHash string) error
	// UserSessions lists a user's unexpired sessions, newest first.
	UserSessions(userID string, now time.Time) ([]Session, error)
	// DeleteSessionByID ends one session of a user by its public id; an
	// unknown id (or another user's) is apperr.NotFound.
	DeleteSessionByID(userID, id string) error
}

// helsinki is the zone of calendar dates such as the account end date.
var helsinki = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		panic(err)
	}
	return loc
}()

// today is the calendar day of now in Finland.
func today(now time.Time) civil.Date { return civil.DateOf(now.In(helsinki)) }

// expiry says why u may no longer log in at now ("" = it may): its end
// date has passed, or it has been unused for longer than the policy allows.
func (s *Service) expiry(u User, now time.Time) string {
	if u.Ended(today(now)) {
		return "end_date"
	}
	if s.policy.InactiveAfter > 0 {
		last := u.CreatedAt
		for _, t := range []*time.Time{u.LastLoginAt, u.ReactivatedAt} {
			if t != nil && t.After(last) {
				last = *t
			}
		}
		if now.Sub(last) > s.policy.InactiveAfter {
			return "inactive"
		}
	}
	return ""
}

// revokeAll ends every session and API token of a user, and disables the
// account when disableAt is set.
func (s *Service) revokeAll(tx Tx, userID string, disableAt *time.Time) error {
	if disableAt != nil {
		if err := tx.SetUserDisabled(userID, disableAt); err != nil {
			return err
		}
	}
	if err := tx.DeleteUserSessions(userID); err != nil {
		return err
	}
	return tx.RevokeUserTokens(userID, tx.Now())
}

// SetRoles replaces a user's roles. The user's sessions and API tokens end
// at once (the next request answers 401), so no credential outlives the
// rights it was issued under. Org admins grant only what canGrant allows,
// in their own organisation. Errors: Forbidden, NotFound, Invalid.
func (s *Service) SetRoles(ctx context.Context, actor access.Actor, username string, roles []access.Role) error {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.set_roles", "user:"+username); err != nil {
		return err
	}
	roles, err := s.checkRoles(actor, roles)
	if err != nil {
		return err
	}
	return s.adminTx(ctx, actor, "user.set_roles", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		o, err := tx.OrgByCode(u.OrgCode)
		if err != nil {
			return err
		}
		if err := rolesFitOrg(o.Kind, roles); err != nil {
			return err
		}
		// An org admin may not take away a role they could not grant either.
		for _, r := range u.Roles {
			if !actor.System && !slices.Contains(roles, r) && !canGrant(actor, r) {
				return forbidden()
			}
		}
		if err := tx.SetUserRoles(u.ID, u.OrgID, roles); err != nil {
			return err
		}
		if err := s.revokeAll(tx, u.ID, nil); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "user.set_roles", "user:"+u.ID+",roles:"+rolesText(roles), audit.Allowed, tx.Now()))
	})
}

// checkRoles validates roles an actor wants to grant, sorted as AllRoles.
func (s *Service) checkRoles(actor access.Actor, roles []access.Role) ([]access.Role, error) {
	if len(roles) == 0 {
		return nil, invalid("roles", "user.role_required")
	}
	var out []access.Role
	for _, r := range access.AllRoles {
		if slices.Contains(roles, r) {
			out = append(out, r)
		}
	}
	for _, r := range roles {
		if !access.ValidRole(r) {
			return nil, invalid("roles", "user.role_unknown")
		}
		if !actor.System && !canGrant(actor, r) {
			return nil, forbidden()
		}
	}
	return out, nil
}

// GrantableRoles lists the roles actor may grant, in display order.
func GrantableRoles(actor access.Actor) []access.Role {
	var out []access.Role
	for _, r := range access.AllRoles {
		if actor.System || canGrant(actor, r) {
			out = append(out, r)
		}
	}
	return out
}

// SetEndDate sets (or, with the zero date, clears) the last day an account
// may be used. An end date already passed disables the account at once.
func (s *Service) SetEndDate(ctx context.Context, actor access.Actor, username string, end civil.Date) error {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.set_end_date", "user:"+username); err != nil {
		return err
	}
	if !end.IsZero() && !end.IsValid() {
		return invalid("endDate", "validation.date")
	}
	return s.adminTx(ctx, actor, "user.set_end_date", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		if err := tx.SetUserEndDate(u.ID, end); err != nil {
			return err
		}
		now := tx.Now()
		if !end.IsZero() && today(now).After(end) && u.Active() {
			if err := s.revokeAll(tx, u.ID, &now); err != nil {
				return err
			}
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "user.set_end_date", "user:"+u.ID+",end:"+end.String(), audit.Allowed, now))
	})
}

// EndUserSessions ends every session of a user (an org admin's action);
// API tokens are left alone. Errors: Forbidden, NotFound.
func (s *Service) EndUserSessions(ctx context.Context, actor access.Actor, username string) error {
	if err := s.mayAdminister(ctx, actor, access.UserManage, "user.end_sessions", "user:"+username); err != nil {
		return err
	}
	return s.adminTx(ctx, actor, "user.end_sessions", username, func(tx Tx) error {
		u, err := s.userForAdmin(tx, actor, username)
		if err != nil {
			return err
		}
		if err := tx.DeleteUserSessions(u.ID); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, u.OrgID, "user.end_sessions", "user:"+u.ID, audit.Allowed, tx.Now()))
	})
}

// MySessions lists the actor's own sessions.
func (s *Service) MySessions(ctx context.Context, actor access.Actor) ([]Session, error) {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return nil, forbidden()
	}
	var out []Session
	err := s.store.WithTx(ctx, func(tx Tx) error {
		var err error
		out, err = tx.UserSessions(actor.UserID, tx.Now())
		return err
	})
	return out, err
}

// EndMySession ends one of the actor's own sessions by its public id.
// Another user's session id is apperr.NotFound.
func (s *Service) EndMySession(ctx context.Context, actor access.Actor, id string) error {
	if actor.UserID == "" || !actor.Can(access.SelfManage) {
		return forbidden()
	}
	return s.store.WithTx(ctx, func(tx Tx) error {
		if err := tx.DeleteSessionByID(actor.UserID, id); err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, homeOrg(actor), "auth.end_session", "session:"+id, audit.Allowed, tx.Now()))
	})
}

// ExpireAccounts is the scheduled lifecycle job: it disables every enabled
// account past its end date or unused for longer than the policy allows,
// ending its sessions and API tokens, and forgets login throttling that
// has run out. Its work is derived from the
// database, so running it twice, or after a crash, is harmless. It returns
// a one-line summary for the jobs table.
func (s *Service) ExpireAccounts(ctx context.Context) (string, error) {
	n := 0
	err := s.store.WithTx(ctx, func(tx Tx) error {
		now := tx.Now()
		var before time.Time
		if s.policy.InactiveAfter > 0 {
			before = now.Add(-s.policy.InactiveAfter)
		}
		if err := tx.PruneThrottles(now.Add(-max(s.policy.SourceWindow, s.policy.Lockout)), now.Add(-s.policy.KnownAddress), now); err != nil {
			return err
		}
		users, err := tx.ExpiredUsers(before, today(now))
		if err != nil {
			return err
		}
		system := access.Actor{Username: "system", Channel: "job", System: true}
		for _, u := range users {
			reason := s.expiry(u, now)
			if reason == "" {
				continue
			}
			if err := s.revokeAll(tx, u.ID, &now); err != nil {
				return err
			}
			if err := tx.AppendAudit(entry(system, u.OrgID, "user.disable", "user:"+u.ID+",reason:"+reason, audit.Allowed, now)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("disabled %d accounts", n), nil
}

// errNoSession is the answer for an unknown session.
func errNoSession() error { return apperr.New(apperr.Unauthenticated, "error.unauthenticated") }
