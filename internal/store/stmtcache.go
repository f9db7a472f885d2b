package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the SQLite writer connection
// (preparing is a large part of a short statement's cost there; pgx already
// caches statements per connection, so PostgreSQL does not use this).
//
// The one writer connection is busy while a transaction runs, so a
// statement seen for the first time inside a transaction runs unprepared
// and is only noted; it is prepared after the transaction ends. Queries
// built with a variable number of placeholders make more distinct texts,
// so the cache is bounded.
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

// readStmtCache keeps prepared statements of the SQLite read pool. Unlike
// the writer, the read pool has free connections, so statements are
// prepared when first needed. The hot path (session and token look-ups on
// every request) is a handful of fixed queries.
type readStmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func (c *readStmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil // the direct query reports the error
	}
	c.m[query] = st
	return st
}
