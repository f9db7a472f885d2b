package auth

import (
	"testing"
	"time"

	"koto/internal/access"
	"koto/internal/audit"
)

// Every entry auth writes is built by gate.Entry: an actor acting for
// another organisation is named with its home organisation (Via); the
// chain is the actor's unless the caller names another.
func TestEntryNamesActingActor(t *testing.T) {
	acting := access.Actor{UserID: "u", Username: "alue.ohjaaja", OrgID: "mun", OrgCode: "240", HomeOrgID: "area", HomeOrgCode: "TA-1",
		Roles: []access.Role{access.Caseworker}, Channel: access.ChannelUI}
	now := time.Now()
	for _, c := range []struct {
		chain, want string
	}{{"", "mun"}, {homeOrg(acting), "area"}} {
		e := entry(acting, c.chain, "auth.logout", "session", audit.Allowed, now)
		if e.Via != "TA-1" || e.Chain != c.want || e.OrgID != "mun" || e.Action != "auth.logout" {
			t.Errorf("chain %q: %+v", c.chain, e)
		}
	}
	if e := entry(access.Actor{Channel: access.ChannelUI}, "", "auth.login", "unknown_user", audit.Denied, now); e.Chain != audit.SystemChain || e.Via != "" {
		t.Errorf("anonymous: %+v", e)
	}
}
