package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"koto/internal/apperr"
)

// committer runs every read-write transaction of the SQLite writer
// connection, with group commit: the transactions that are waiting when
// the writer becomes free run one after the other inside one database
// transaction, each in a savepoint of its own, and are committed together.
//
// SQLite has one writer at a time, so these transactions would run one
// after the other anyway; what group commit saves is the commit itself —
// writing and syncing the WAL frames of every page touched — which is
// paid once per group instead of once per request. Pages that several
// transactions touch (the access-log chain head, the newest leaf of an
// index) are written once. Under load that is most of a card open's cost.
//
// Every transaction keeps its own all-or-nothing: a failing one is rolled
// back to its savepoint without touching the others, and no caller learns
// of success before the group's commit has succeeded, so an access-log
// entry is still durable before the data it records is returned (ADR 9).
//
// There is no writer goroutine: a caller that finds the writer free runs
// the group itself (alone, when nobody else waits, with no hand-off to
// another goroutine); callers that find it busy queue, and when a group
// ends the writer passes to the first of them, who runs the next group
// with everyone queued behind it.
type committer struct {
	db       *DB
	mu       sync.Mutex
	busy     bool    // a caller is running a group
	queue    []*unit // waiting for the next group
	closed   bool
	inflight sync.WaitGroup // callers inside run
	stop     chan struct{}  // ends the checkpoints
	done     sync.WaitGroup
	once     sync.Once
}

// unit is one caller's transaction.
type unit struct {
	ctx   context.Context
	fn    func(*Tx) error
	err   error
	panic any // a panic of fn, raised again in the caller
	// turn tells a queued caller that its unit is done (false) or that
	// it now runs the next group, starting with its own unit (true).
	turn chan bool
}

// maxGroup bounds a group so that the write lock is released now and then
// for other processes (the CLI) and latency stays bounded.
const maxGroup = 64

func newCommitter(db *DB) *committer {
	c := &committer{db: db, stop: make(chan struct{})}
	c.done.Add(1)
	go c.checkpoints()
	return c
}

// run runs fn in a transaction of the next group and returns its result
// once the group has committed (or fn has failed and been rolled back).
func (c *committer) run(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	u := &unit{ctx: ctx, fn: fn, turn: make(chan bool, 1)}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return errStoreClosed
	}
	c.inflight.Add(1)
	defer c.inflight.Done()
	lead := !c.busy
	if lead {
		c.busy = true
	} else {
		c.queue = append(c.queue, u)
	}
	c.mu.Unlock()
	if lead || <-u.turn {
		c.lead(u)
	}
	if u.panic != nil {
		panic(u.panic)
	}
	return u.err
}

// lead runs one group — first and the units queued behind it — and then
// passes the writer to the next queued caller, or frees it.
func (c *committer) lead(first *unit) {
	c.mu.Lock()
	n := min(len(c.queue), maxGroup-1)
	group := append([]*unit{first}, c.queue[:n]...)
	c.queue = c.queue[n:]
	c.mu.Unlock()
	// Whatever happens in commit, the writer must pass on, or every later
	// transaction would wait forever.
	defer func() {
		if p := recover(); p != nil { // a bug in commit itself, not in a unit
			failAll(group, fmt.Errorf("store: transaction group failed: %v", p))
			first.panic = p
		}
		c.db.stmts.prepareWanted(context.Background(), c.db.write)
		c.mu.Lock()
		var next *unit
		if len(c.queue) > 0 {
			next, c.queue = c.queue[0], c.queue[1:]
		} else {
			c.busy = false
		}
		c.mu.Unlock()
		for _, u := range group[1:] {
			u.turn <- false
		}
		if next != nil {
			next.turn <- true
		}
	}()
	c.commit(group)
}

var errStoreClosed = errors.New("store: closed")

// close refuses new transactions, waits for those begun and stops the
// checkpoints. Closing twice is harmless.
func (c *committer) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.inflight.Wait()
	c.once.Do(func() { close(c.stop) })
	c.done.Wait()
}

// checkpointEvery is how often the write-ahead log is copied back into
// the database file.
const checkpointEvery = 200 * time.Millisecond

// checkpoints copies the write-ahead log into the database file in the
// background, on a read connection, so that no group of transactions pays
// for it: SQLite would otherwise checkpoint inside the commit that crosses
// its auto-checkpoint size, stalling every caller of that group. PASSIVE
// never blocks the writer or readers. The writer's own auto-checkpoint
// stays, at a larger size, as a safety net (SQLiteDSN).
func (c *committer) checkpoints() {
	defer c.done.Done()
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
			// A failure leaves the work to the next tick or to the
			// writer's auto-checkpoint.
			_, _ = c.db.read.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}
	}
}

// savepoint statements; one name suffices as each unit releases its
// savepoint before the next begins.
const (
	savepoint        = `SAVEPOINT koto_unit`
	releaseSavepoint = `RELEASE koto_unit`
	rollbackUnit     = `ROLLBACK TO koto_unit`
)

// commit runs a group in one transaction and sets each unit's result.
func (c *committer) commit(group []*unit) {
	// The transaction belongs to the whole group, so it must not end when
	// one caller goes away: statements run without the callers'
	// cancellation (an interrupted SQLite statement can roll back the
	// whole transaction).
	bg := context.Background()
	sqltx, err := c.db.write.BeginTx(bg, nil)
	if err != nil {
		failAll(group, apperr.Wrap(err, "begin transaction"))
		return
	}
	defer sqltx.Rollback() // a no-op after a successful Commit
	// gt runs the savepoint statements, prepared like any other.
	gt := &Tx{db: c.db, tx: sqltx, ctx: bg, stmts: c.db.stmts}
	single := len(group) == 1
	for _, u := range group {
		if err := u.ctx.Err(); err != nil {
			u.err = apperr.Wrap(err, "begin transaction")
			continue
		}
		if !single {
			if _, err := gt.exec(savepoint); err != nil {
				failAll(group, apperr.Wrap(err, "commit transaction"))
				return
			}
		}
		t := &Tx{db: c.db, tx: sqltx, ctx: context.WithoutCancel(u.ctx), stmts: c.db.stmts, now: c.db.clock().UTC().Truncate(time.Microsecond)}
		u.err, u.panic = call(u.fn, t)
		failed := u.err != nil || u.panic != nil
		if single {
			if failed {
				return // rolled back by the deferred Rollback
			}
			continue
		}
		// An error that ended the whole transaction (I/O, disk full)
		// leaves no savepoint to return to: then nothing commits.
		if failed {
			if _, err := gt.exec(rollbackUnit); err != nil {
				failAll(group, apperr.Wrap(err, "commit transaction"))
				return
			}
		}
		if _, err := gt.exec(releaseSavepoint); err != nil {
			failAll(group, apperr.Wrap(err, "commit transaction"))
			return
		}
	}
	if err := sqltx.Commit(); err != nil {
		failAll(group, apperr.Wrap(err, "commit transaction"))
	}
}

// call runs fn, turning a panic into a value to raise in the caller.
func call(fn func(*Tx) error, t *Tx) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return fn(t), nil
}

// failAll fails every unit of the group that had not failed on its own.
func failAll(group []*unit, err error) {
	for _, u := range group {
		if u.err == nil && u.panic == nil {
			u.err = err
		}
	}
}
