package auth

import (
	"sync"
	"time"
)

// tokenCache keeps resolved API tokens so that a request need not join
// token, user, organisation and roles again. An entry is used only while
// the auth epoch it was read under is still current — any change to
// users, roles, tokens or organisations, in this process or another,
// advances the epoch by trigger, so a disabled user or a revoked token is
// refused on the very next request — and for at most tokenCacheTTL, which
// bounds how long the clock-based rules (end date) wait for a re-read.
type tokenCache struct {
	mu sync.Mutex
	m  map[string]cachedToken
}

type cachedToken struct {
	p     Principal
	epoch int64
	at    time.Time
}

const (
	tokenCacheTTL  = time.Minute
	tokenCacheSize = 10000 // entries; the cache starts over when full
)

func (c *tokenCache) get(hash string, epoch int64, now time.Time) (Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || e.epoch != epoch || now.Sub(e.at) > tokenCacheTTL || now.Before(e.at) {
		return Principal{}, false
	}
	return e.p, true
}

func (c *tokenCache) put(hash string, p Principal, epoch int64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= tokenCacheSize {
		c.m = make(map[string]cachedToken)
	}
	p.User.PasswordHash = "" // not needed for a token; not kept in memory
	c.m[hash] = cachedToken{p: p, epoch: epoch, at: now}
}

// touched records a new last use in the cached entry (a touch does not
// advance the epoch).
func (c *tokenCache) touched(hash string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || e.p.Token == nil {
		return
	}
	tok := *e.p.Token
	tok.LastUsedAt = &at
	e.p.Token = &tok
	c.m[hash] = e
}
