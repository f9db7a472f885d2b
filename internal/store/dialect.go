package store

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	sqlitedrv "modernc.org/sqlite"     // registers the "sqlite" driver
)

// dialect is the only place where SQLite and PostgreSQL differ.
type dialect struct {
	name string
	// dollar placeholders ($1, $2…) instead of ?
	dollar bool
	// sealInline chains access-log entries inside the writing transaction.
	// SQLite serialises writers anyway, so chaining there costs no waiting
	// and saves the sealer's second write of every entry; on PostgreSQL
	// concurrent transactions would queue on the chain head, so entries are
	// written unsealed and the sealer chains them (ADR 4).
	sealInline bool
}

var (
	sqlite   = dialect{name: "sqlite", sealInline: true}
	postgres = dialect{name: "postgres", dollar: true}
)

// rebind turns the ? placeholders every query is written with into the
// engine's form. Queries never contain ? inside string literals.
func (d dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// normalize puts time arguments in UTC on SQLite, in place. SQLite keeps
// a time as text with its offset and compares text, so a bound such as
// midnight in Helsinki would miss rows written in UTC the evening before.
// PostgreSQL compares timestamptz by instant and needs nothing.
func (d dialect) normalize(args []any) {
	if d.dollar {
		return
	}
	for i, a := range args {
		if t, ok := a.(time.Time); ok && t.Location() != time.UTC {
			args[i] = t.UTC()
		}
	}
}

// rolesOf is a scalar subquery joining the roles of user idExpr with commas.
func (d dialect) rolesOf(idExpr string) string {
	if d.dollar {
		return `(SELECT string_agg(role, ',' ORDER BY role) FROM user_roles WHERE user_id = ` + idExpr + `)`
	}
	return `(SELECT group_concat(role, ',') FROM user_roles WHERE user_id = ` + idExpr + `)`
}

// filterOnly is col in a condition that must only filter the rows another
// condition found, never choose the index: SQLite's unary plus. Without
// statistics (a new database, or a demo load growing from empty) SQLite
// otherwise reads a table through an index led by org_id and tests every
// row of the organisation against a short list of ids; PostgreSQL plans
// such a list by its own index already.
func (d dialect) filterOnly(col string) string {
	if d.dollar {
		return col
	}
	return "+" + col
}

// inList is a condition that col is one of the values of one list
// parameter (listArg). One parameter instead of one per value keeps the
// text of a query the same for any number of values, so it is prepared
// once (name search would otherwise make a new statement per key count).
func (d dialect) inList(col string) string {
	if d.dollar {
		return col + ` = ANY(?)`
	}
	return col + ` IN (SELECT value FROM json_each(?))`
}

// listArg is the parameter for inList.
func (d dialect) listArg(values []string) any {
	if d.dollar {
		return values // pgx sends a text[]
	}
	b, _ := json.Marshal(values) // strings always marshal
	return string(b)
}

// inBytesList is inList for byte-string values (bytesListArg): the keyed
// digests of the name index. SQLite's JSON has no byte strings, so there
// the list travels as hex text.
func (d dialect) inBytesList(col string) string {
	if d.dollar {
		return col + ` = ANY(?)`
	}
	return col + ` IN (SELECT unhex(value) FROM json_each(?))`
}

// bytesListArg is the parameter for inBytesList.
func (d dialect) bytesListArg(values [][]byte) any {
	if d.dollar {
		return values // pgx sends a bytea[]
	}
	hexes := make([]string, len(values))
	for i, v := range values {
		hexes[i] = hex.EncodeToString(v)
	}
	b, _ := json.Marshal(hexes)
	return string(b)
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	var sqErr *sqlitedrv.Error
	if errors.As(err, &sqErr) {
		// SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY
		return sqErr.Code() == 2067 || sqErr.Code() == 1555
	}
	return false
}

// SQLiteDSN configures every SQLite connection (the baseline tool opens the
// database with the same settings): WAL so readers never block
// the writer, a busy timeout for other processes, foreign keys on, and
// synchronous=NORMAL (durable in WAL mode except for the last transactions
// on power loss, the usual trade-off for a server database).
func SQLiteDSN(path string, writer bool) string {
	v := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		v.Add("_pragma", p)
	}
	if writer {
		v.Set("_txlock", "immediate")
		// A koto server checkpoints in the background (committer); the
		// writer's own checkpoint is the safety net for a WAL that grows
		// anyway, and what a short-lived CLI process relies on.
		v.Add("_pragma", "wal_autocheckpoint(8000)")
		// Search reads the found clients' sealed summaries on the writer,
		// in the transaction that logs them; at 100 000 clients that table
		// outgrows the default 2 MiB cache and a third of a search's CPU
		// went to reading its pages back from the OS. 64 MiB on the one
		// writer connection: 45 % more searches per second (ADR 13).
		v.Add("_pragma", "cache_size(-65536)")
	} else {
		v.Add("_pragma", "query_only(1)")
		// Name matching reads a few thousand index rows per query on a
		// reader; with SQLite's default 2 MiB page cache per connection
		// most of them were fetched from the OS again each time (about 6 %
		// of a search's CPU in pread). 16 MiB per reader bounds the pool's
		// caches at 256 MiB with the default 16 connections; a cache only
		// grows as pages are read.
		v.Add("_pragma", "cache_size(-16384)")
	}
	return "file:" + path + "?" + v.Encode()
}
