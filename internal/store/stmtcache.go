package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of one SQLite connection pool, the
// writer's or the readers' (preparing is a large part of a short
// statement's cost there; pgx already caches statements per connection,
// so PostgreSQL does not use this).
//
// Preparing takes a connection of the pool. A statement seen for the
// first time while the caller holds one (inside a transaction) runs
// unprepared and is only noted; it is prepared when the caller holds none
// — preparing then could wait for a connection that every other caller
// holds while waiting the same way. Queries built with a variable number
// of placeholders make more distinct texts, so the cache is bounded.
type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	wanted map[string]bool
}

const maxCachedStmts = 512

func newStmtCache() *stmtCache {
	return &stmtCache{m: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement for query, or nil (and notes it).
func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m)+len(c.wanted) < maxCachedStmts {
		c.wanted[query] = true
	}
	return nil
}

// prepareWanted prepares the statements noted since the last call. It runs
// between transactions; errors only mean the statement stays unprepared.
func (c *stmtCache) prepareWanted(ctx context.Context, db *sql.DB) {
	c.mu.Lock()
	if len(c.wanted) == 0 {
		c.mu.Unlock()
		return
	}
	todo := c.wanted
	c.wanted = map[string]bool{}
	c.mu.Unlock()
	for q := range todo {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if _, dup := c.m[q]; dup {
			st.Close()
		} else {
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}
