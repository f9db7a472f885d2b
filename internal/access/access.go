// Package access decides who may do what. Every domain call takes an Actor and
// asks Allowed before touching the store; the rules are plain data in
// rules.go so a newcomer can read the whole permission model in one file.
package access

import "slices"

// Role is a named bundle of permissions held by a user. Roles are data: a user
// holds any number of them, and adding a role means adding a row to Rules.
type Role string

// Action is one thing a caller may try to do.
type Action string

// Channel tells how an actor reached Koto; it is recorded in the access log.
type Channel string

const (
	ChannelUI  Channel = "ui"
	ChannelAPI Channel = "api"
	ChannelCLI Channel = "cli"
)

// Actor is the caller of a domain operation: a user acting for exactly one
// organisation, or the system (CLI, scheduled jobs).
type Actor struct {
	UserID   string
	Username string
	// DisplayName is the name colleagues see ("" when the user has none).
	DisplayName string
	OrgID       string
	OrgCode     string
	Roles       []Role
	Channel     Channel
	RequestID   string
	// HomeOrgID and HomeOrgCode are set when a user of an employment area
	// acts for a municipality the area covers: OrgID is then the
	// municipality's, and the access log notes the area.
	HomeOrgID   string
	HomeOrgCode string
	// System marks an operator acting through the CLI on the server itself;
	// it may administer organisations and users but reads no client content.
	System bool
}

// Has reports whether the actor holds role r.
func (a Actor) Has(r Role) bool { return slices.Contains(a.Roles, r) }

// Can reports whether the actor's roles allow action at all, with or
// without a need-to-know relation. Deny by default: an action without a
// rule, or an actor without a matching role, is refused. For client data
// the service asks Decide with the actor's relation to the client.
func (a Actor) Can(action Action) bool {
	rule, ok := Rules[action]
	if !ok {
		return false
	}
	if a.System {
		return rule.System
	}
	for _, r := range a.Roles {
		if slices.Contains(rule.Org, r) || slices.Contains(rule.Related, r) {
			return true
		}
	}
	return false
}

// Relation is the actor's need-to-know relation to one client of the
// actor's organisation.
type Relation struct {
	Assigned bool   // responsible caseworker or member of the client's team
	ReasonID string // an active stated reason for access, "" for none
}

// Decision is the outcome of Decide.
type Decision int

const (
	Deny       Decision = iota // not allowed at all
	NeedReason                 // allowed after stating a reason for access
	Allow
)

// Decide applies action's rule to a client the actor's organisation holds.
func (a Actor) Decide(action Action, rel Relation) Decision {
	rule, ok := Rules[action]
	if !ok || a.System {
		return Deny
	}
	related := false
	for _, r := range a.Roles {
		if slices.Contains(rule.Org, r) {
			return Allow
		}
		related = related || slices.Contains(rule.Related, r)
	}
	switch {
	case !related:
		return Deny
	case rel.Assigned || rel.ReasonID != "":
		return Allow
	}
	return NeedReason
}

// RoleNames joins the actor's roles for the access log.
func (a Actor) RoleNames() string {
	s := ""
	for i, r := range a.Roles {
		if i > 0 {
			s += ","
		}
		s += string(r)
	}
	return s
}

// SystemActor is the actor for CLI administration on the server machine.
func SystemActor(channel Channel) Actor {
	return Actor{Username: "system", Channel: channel, System: true}
}
