package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"

	"koto/internal/crypto"
)

// openSQLite opens a fresh SQLite store with a scratch table t(v).
func openSQLite(t *testing.T) *DB {
	t.Helper()
	ring, err := crypto.NewRingFile()
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), Config{DataDir: t.TempDir(), Ring: ring})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.write.Exec(`CREATE TABLE t (v TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func values(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT v FROM t ORDER BY v`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func insert(v string, then error) func(*Tx) error {
	return func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO t (v) VALUES (?)`, v); err != nil {
			return err
		}
		return then
	}
}

func newUnit(ctx context.Context, fn func(*Tx) error) *unit {
	return &unit{ctx: ctx, fn: fn, turn: make(chan bool, 1)}
}

// In one group, each transaction commits or rolls back on its own.
func TestGroupCommitUnitsAreIndependent(t *testing.T) {
	db := openSQLite(t)
	failed := errors.New("validation failed")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	group := []*unit{
		newUnit(bg, insert("a", nil)),
		newUnit(bg, insert("b", failed)),                                            // error after a write
		newUnit(bg, func(tx *Tx) error { _ = insert("c", nil)(tx); panic("boom") }), // panic after a write
		newUnit(bg, insert("a", nil)),                                               // unique violation
		newUnit(cancelled, insert("e", nil)),                                        // caller gone before its turn
		newUnit(bg, func(tx *Tx) error { return errors.Join(insert("d", nil)(tx), insert("f", nil)(tx)) }), // two writes
	}
	db.group.commit(group)
	if got, want := fmt.Sprint(values(t, db)), "[a d f]"; got != want {
		t.Errorf("stored %s, want %s", got, want)
	}
	switch {
	case group[0].err != nil || group[5].err != nil:
		t.Errorf("successful units failed: %v, %v", group[0].err, group[5].err)
	case !errors.Is(group[1].err, failed):
		t.Errorf("unit 1: %v, want its own error", group[1].err)
	case group[2].panic != "boom":
		t.Errorf("unit 2 panic %v", group[2].panic)
	case !isUniqueViolation(group[3].err):
		t.Errorf("unit 3: %v, want unique violation", group[3].err)
	case !errors.Is(group[4].err, context.Canceled):
		t.Errorf("unit 4: %v, want context.Canceled", group[4].err)
	}
}

// A group of one needs no savepoint, and a failure rolls it back whole.
func TestGroupCommitSingleFailure(t *testing.T) {
	db := openSQLite(t)
	u := newUnit(context.Background(), insert("a", errors.New("no")))
	db.group.commit([]*unit{u})
	if u.err == nil || len(values(t, db)) != 0 {
		t.Fatalf("err %v, stored %v", u.err, values(t, db))
	}
}

// An error that ends the database transaction itself leaves nothing to
// commit: every unit of the group fails, also those that had succeeded.
func TestGroupCommitTransactionLost(t *testing.T) {
	db := openSQLite(t)
	bg := context.Background()
	group := []*unit{
		newUnit(bg, insert("a", nil)),
		newUnit(bg, func(tx *Tx) error {
			_, err := tx.tx.ExecContext(bg, `ROLLBACK`) // as SQLite does on disk full or I/O error
			return errors.Join(err, errors.New("i/o error"))
		}),
		newUnit(bg, insert("b", nil)),
	}
	db.group.commit(group)
	for i, u := range group {
		if u.err == nil {
			t.Errorf("unit %d succeeded", i)
		}
	}
	if v := values(t, db); len(v) != 0 {
		t.Errorf("stored %v after a lost transaction", v)
	}
	// The writer is usable again.
	if err := db.InTx(bg, insert("c", nil)); err != nil {
		t.Fatal(err)
	}
}

// Many concurrent callers: each learns its own result, every successful
// write is stored once, and panics reach their own caller.
func TestGroupCommitConcurrentCallers(t *testing.T) {
	db := openSQLite(t)
	const callers = 64
	var wg sync.WaitGroup
	errs := make([]error, callers)
	panics := make([]any, callers)
	for i := range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			v := fmt.Sprintf("%02d", i)
			switch i % 4 {
			case 1:
				errs[i] = db.InTx(context.Background(), insert(v, errors.New("refused")))
			case 2:
				errs[i] = db.InTx(context.Background(), func(tx *Tx) error { _ = insert(v, nil)(tx); panic(v) })
			default:
				errs[i] = db.InTx(context.Background(), insert(v, nil))
			}
		}()
	}
	wg.Wait()
	var want []string
	for i := range callers {
		v := fmt.Sprintf("%02d", i)
		switch i % 4 {
		case 1:
			if errs[i] == nil {
				t.Errorf("caller %d: no error", i)
			}
		case 2:
			if panics[i] != v {
				t.Errorf("caller %d: panic %v", i, panics[i])
			}
		default:
			if errs[i] != nil || panics[i] != nil {
				t.Errorf("caller %d: %v %v", i, errs[i], panics[i])
			}
			want = append(want, v)
		}
	}
	sort.Strings(want)
	if got := values(t, db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("stored %v\nwant %v", got, want)
	}
}

// After Close, a transaction is refused rather than left waiting.
func TestGroupCommitClosed(t *testing.T) {
	db := openSQLite(t)
	db.group.close()
	if err := db.group.run(context.Background(), insert("a", nil)); !errors.Is(err, errStoreClosed) {
		t.Fatalf("err %v", err)
	}
}
