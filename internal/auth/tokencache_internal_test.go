package auth

import (
	"testing"
	"time"
)

// An entry is used only under the epoch it was read with and for at most
// tokenCacheTTL; a recorded use updates it; no password hash is kept.
func TestTokenCacheEntry(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var c tokenCache
	c.put("h", Principal{User: User{ID: "u", PasswordHash: "$argon2id$…"}, Token: &Token{ID: "t"}}, 7, t0)
	cases := []struct {
		name  string
		epoch int64
		at    time.Time
		hit   bool
	}{
		{"same epoch", 7, t0.Add(time.Second), true},
		{"epoch advanced", 8, t0.Add(time.Second), false},
		{"older than the TTL", 7, t0.Add(tokenCacheTTL + time.Second), false},
		{"clock went back", 7, t0.Add(-time.Second), false},
	}
	for _, tc := range cases {
		p, ok := c.get("h", tc.epoch, tc.at)
		if ok != tc.hit {
			t.Errorf("%s: hit %v, want %v", tc.name, ok, tc.hit)
		}
		if ok && p.User.PasswordHash != "" {
			t.Errorf("%s: password hash cached", tc.name)
		}
	}
	used := t0.Add(2 * time.Second)
	c.touched("h", used)
	if p, ok := c.get("h", 7, used); !ok || p.Token.LastUsedAt == nil || !p.Token.LastUsedAt.Equal(used) {
		t.Errorf("last use not recorded: %+v", p.Token)
	}
	if _, ok := c.get("other", 7, t0); ok {
		t.Error("hit for an unknown token")
	}
}
