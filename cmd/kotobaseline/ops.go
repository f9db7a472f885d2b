package main

import (
	"context"
	crand "crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"koto/internal/client"
	"koto/internal/crypto"
	"koto/internal/demo"
	"koto/internal/loadstat"
	"koto/internal/names"
	"koto/internal/store"
)

// owner is a user with clients assigned: whose due list to read.
type owner struct{ user, org string }

// maxOwners bounds the users whose due lists are read.
const maxOwners = 16

// target is a client to read: its id and organisation.
type target struct{ id, org string }

// maxTargets bounds the clients sampled for card reads.
const maxTargets = 20000

type bench struct {
	firstErr sync.Once // the first failed operation is reported once
	// owners are the users with the most clients assigned, for the due
	// scenario.
	owners  []owner
	db      *db
	ring    *crypto.MasterRing
	targets []target
	orgs    []string
	people  []person
	created atomic.Int64
	rngs    []*rand.Rand
}

// person is a synthetic client to register, with the rows Koto would derive
// from it (name-index digests, blobs as long as its sealed documents)
// computed before the run: the baseline measures the SQL, not Koto's Go
// code.
type person struct {
	org              string
	d                client.Details
	keys             [][]byte
	summary, details []byte
}

// people is how many distinct persons create cycles through.
const people = 2000

func newBench(ctx context.Context, d *db, ring *crypto.MasterRing, concurrency int, seed uint64, dueUser string) (*bench, error) {
	b := &bench{db: d, ring: ring}
	for w := range concurrency {
		b.rngs = append(b.rngs, rand.New(rand.NewPCG(seed, uint64(w))))
	}
	rows, err := d.read.QueryContext(ctx, d.q(`SELECT id, org_id FROM clients LIMIT ?`), maxTargets)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[string]bool{}
	for rows.Next() {
		var t target
		if err := rows.Scan(&t.id, &t.org); err != nil {
			return nil, err
		}
		b.targets = append(b.targets, t)
		if !seen[t.org] {
			seen[t.org] = true
			b.orgs = append(b.orgs, t.org)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(b.targets) == 0 {
		return nil, errors.New("the database has no clients: load demo data first (koto demo)")
	}
	if b.owners, err = owners(ctx, d, dueUser); err != nil {
		return nil, err
	}
	for _, o := range b.owners { // the due list logs in its owner's chain
		if !seen[o.org] {
			seen[o.org] = true
			b.orgs = append(b.orgs, o.org)
		}
	}
	gen := demo.NewGenerator(int64(seed))
	for i := range people {
		_, det := gen.Client(i % gen.Capacity())
		org := b.orgs[i%len(b.orgs)]
		b.people = append(b.people, person{org: org, d: det,
			keys:    store.NameIndexKeys(ring, org, det.FirstNames, det.LastName, det.PreviousNames),
			summary: sealedSize(det.FirstNames, det.LastName, det.BirthDate.String()),
			details: sealedSize(append([]string{det.BirthPlace, det.Address.Street, det.Address.PostalCode,
				det.Address.PostOffice, det.Phone, det.Email}, det.PreviousNames...)...)})
	}
	for _, org := range b.orgs {
		if _, err := d.write.ExecContext(ctx, d.q(`INSERT INTO baseline_heads (chain, seq, hash) VALUES (?, 0, '')`), org); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// op returns a scenario's operation; mixed is kotoload's 70/20/10 mix.
func (b *bench) op(scenario string) loadstat.Op {
	wrap := func(f func(context.Context, *rand.Rand) error) loadstat.Op {
		return func(ctx context.Context, w int) string {
			if err := f(ctx, b.rngs[w]); err != nil {
				b.firstErr.Do(func() { fmt.Fprintln(os.Stderr, "kotobaseline: first error:", err) })
				return "sql"
			}
			return ""
		}
	}
	card, create, search := wrap(b.card), wrap(b.create), wrap(b.search)
	switch scenario {
	case "due":
		return wrap(b.due)
	case "card":
		return card
	case "overview":
		return wrap(b.overview)
	case "timeline":
		return wrap(b.timeline)
	case "create":
		return create
	case "search":
		return search
	}
	return func(ctx context.Context, w int) string {
		switch n := b.rngs[w].IntN(10); {
		case n < 7:
			return card(ctx, w)
		case n < 9:
			return search(ctx, w)
		default:
			return create(ctx, w)
		}
	}
}

// sealedSize returns a stand-in for a sealed JSON document of these
// values: random bytes as long as Koto's (about 16 bytes of JSON per field,
// 28 of nonce and tag, 4 of header).
func sealedSize(values ...string) []byte {
	n := 32
	for _, v := range values {
		n += len(v) + 16
	}
	b := make([]byte, n)
	_, _ = crand.Read(b)
	return b
}

// The columns and tables of a client summary (internal/store/personal.go).
const summaryColumns = `c.id, c.koto_id, c.summary_enc, c.home_municipality, c.updated_at, k.key_id, k.org_key_id, k.wrapped`
const summaryFrom = `clients c JOIN client_keys k ON k.client_id = c.id`

// card does the reads and writes of Koto's card open for a supervisor, in
// one read-write transaction: the client row with its key and permits
// (store.CardStatement; for a supervisor, who may read every client of the
// organisation, also the existence check), and an access-log entry after
// reading and advancing the chain head — without decryption, access rules,
// hashing or HTTP, which is the overhead being measured.
func (b *bench) card(ctx context.Context, r *rand.Rand) error {
	t := b.targets[r.IntN(len(b.targets))]
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := drain(tx.QueryContext(ctx, b.db.q(store.CardStatement), t.id, t.org)); err != nil {
		return err
	}
	if err := b.appendLog(ctx, tx, t.org, t.id, "client.read", "card,permits"); err != nil {
		return err
	}
	return tx.Commit()
}

// overview does the reads and writes of Koto's client overview in one
// transaction: the card (as card does), the current versions of the
// plans, the referrals with their events, the first page of 20 timeline
// events, and one access-log entry — without decryption or HTTP.
func (b *bench) overview(ctx context.Context, r *rand.Rand) error {
	t := b.targets[r.IntN(len(b.targets))]
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := drain(tx.QueryContext(ctx, b.db.q(store.CardStatement), t.id, t.org)); err != nil {
		return err
	}
	for _, q := range []string{store.PlansStatement, store.ReferralsStatement, store.ReferralEventsStatement} {
		if err := drain(tx.QueryContext(ctx, b.db.q(q), t.org, t.id)); err != nil {
			return err
		}
	}
	if err := b.timelineReads(ctx, tx, t.org, t.id, 20); err != nil {
		return err
	}
	if err := b.appendLog(ctx, tx, t.org, t.id, "client.overview", "card,permits,plan,referrals,timeline"); err != nil {
		return err
	}
	return tx.Commit()
}

// timeline does the reads and writes of a page of 200 timeline events: one
// indexed read per source and the access-log entry.
func (b *bench) timeline(ctx context.Context, r *rand.Rand) error {
	t := b.targets[r.IntN(len(b.targets))]
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := b.timelineReads(ctx, tx, t.org, t.id, 200); err != nil {
		return err
	}
	if err := b.appendLog(ctx, tx, t.org, t.id, "timeline.read", "timeline"); err != nil {
		return err
	}
	return tx.Commit()
}

// timelineReads runs store.TimelineStatements for a page of limit events.
func (b *bench) timelineReads(ctx context.Context, tx *sql.Tx, org, clientID string, limit int) error {
	for i, q := range store.TimelineStatements() {
		args := []any{org, clientID}
		if i >= 2 { // the per-source reads take the limit
			args = append(args, limit+1)
		}
		if err := drain(tx.QueryContext(ctx, b.db.q(q), args...)); err != nil {
			return err
		}
	}
	return nil
}

// create does the reads and writes of Koto's registration of a client, in
// one transaction: the HETU check through the blind index, the duplicate
// check through the birth date's blind index, the client row (HETU and
// personal documents as opaque blobs), its key row, permits, name-index
// digests, the creator's assignment and the access-log entry — without
// validation, key generation, encryption or hashing.
func (b *bench) create(ctx context.Context, r *rand.Rand) error {
	p := b.people[int(b.created.Add(1)-1)%len(b.people)]
	d := p.d
	id, now := store.NewID(), time.Now().UTC()
	bidx, birthIdx, blob := randomHex(r, 64), randomHex(r, 64), []byte(randomHex(r, 64))
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, b.db.q(`SELECT COUNT(*) FROM clients WHERE org_id = ? AND hetu_bidx = ? AND id <> ?`),
		p.org, bidx, "").Scan(&n); err != nil {
		return err
	}
	if err := drain(tx.QueryContext(ctx, b.db.q(`SELECT `+summaryColumns+` FROM `+summaryFrom+` WHERE c.org_id = ?
		AND c.birth_date_bidx = ? AND c.id <> ?`), p.org, birthIdx, "")); err != nil {
		return err
	}
	exec := func(q string, args ...any) error {
		_, err := tx.ExecContext(ctx, b.db.q(q), args...)
		return err
	}
	err = exec(`INSERT INTO baseline_clients (id, org_id, koto_id, hetu_enc, hetu_bidx, summary_enc, details_enc,
		birth_date_bidx, sex, mother_tongue, service_language, interpreter_needed, interpreter_language, citizenships,
		stateless, home_municipality, address_protected, arrival_date, municipality_registered_on, created_at, created_by,
		updated_at, updated_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, p.org, "K-"+id[:10], blob, bidx, p.summary, p.details, birthIdx, string(d.Sex), d.MotherTongue,
		d.ServiceLanguage, boolInt(d.InterpreterNeeded), d.InterpreterLanguage, jsonList(d.Citizenships),
		boolInt(d.Stateless), d.HomeMunicipality, boolInt(d.AddressProtected),
		d.ArrivalDate, d.MunicipalityRegistered, now, "baseline", now, "baseline", 1)
	if err != nil {
		return err
	}
	if err := exec(`INSERT INTO baseline_client_keys (client_id, org_id, key_id, org_key_id, wrapped, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, id, p.org, "k1", "o1", blob, now); err != nil {
		return err
	}
	for _, pm := range d.Permits {
		if err := exec(`INSERT INTO baseline_permits (id, client_id, org_id, kind, application_date, outcome, decision_date,
			permit_class, ground, family_tie_before_arrival, valid_from, valid_to, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, store.NewID(), id, p.org,
			string(pm.Kind), pm.ApplicationDate, string(pm.Outcome), pm.DecisionDate, string(pm.Class), string(pm.Ground),
			boolInt(pm.FamilyTieBeforeArrival), pm.ValidFrom, pm.ValidTo, now); err != nil {
			return err
		}
	}
	if len(p.keys) > 0 {
		args := make([]any, 0, 3*len(p.keys))
		for _, k := range p.keys {
			args = append(args, p.org, k, id)
		}
		if err := exec(`INSERT INTO baseline_search_keys (org_id, key, client_id) VALUES `+
			strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(p.keys)), ", "), args...); err != nil {
			return err
		}
	}
	if err := exec(`INSERT INTO baseline_assignments (client_id, org_id, user_id, assigned_at, assigned_by)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id, user_id) DO NOTHING`, id, p.org, "baseline", now, "baseline"); err != nil {
		return err
	}
	if err := b.appendLog(ctx, tx, p.org, id, "client.create", "card"); err != nil {
		return err
	}
	return tx.Commit()
}

// appendLog writes an access-log-shaped row the way Koto's store does
// (ADR 4, 9): on SQLite it reads the chain head, advances it and inserts
// the entry with a time-ordered id, with a constant in place of the
// computed hash; on PostgreSQL it inserts the entry unsealed (Koto's
// sealer chains it later, outside the request).
func (b *bench) appendLog(ctx context.Context, tx *sql.Tx, org, clientID, action, touched string) error {
	now := time.Now().UTC()
	var seq any // NULL: unsealed
	prev, hash := "", ""
	if b.db.engine == "sqlite" {
		var last int64
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM baseline_heads WHERE chain = ?`, org).Scan(&last, &prev); err != nil {
			return err
		}
		seq, hash = last+1, fixedHash
		if _, err := tx.ExecContext(ctx, `UPDATE baseline_heads SET seq = ?, hash = ? WHERE chain = ?`, seq, hash, org); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, b.db.q(`INSERT INTO baseline_log (id, chain, seq, at, user_id, username, org_id, roles,
		action, client_id, touched, result, channel, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		store.NewOrderedID(now), org, seq, now, "baseline", "baseline", org, "supervisor", action, clientID, touched,
		"allowed", "api", "baseline", prev, hash)
	return err
}

// fixedHash stands in for an entry's SHA-256 (hex): the same bytes stored.
var fixedHash = strings.Repeat("ab", 32)

func randomHex(r *rand.Rand, n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[r.IntN(16)]
	}
	return string(b)
}

// search runs the statements of Koto's name search as Koto does
// (store.WithNameMatches): the passes of store.NameSearchPlan, the next
// pass only while fewer than the limit are found, then the candidates'
// summaries (store.SummariesOf) and the access-log entry in one read-write
// transaction. On SQLite the passes run before it, in a read transaction
// on the read pool; on PostgreSQL in the same transaction. Without
// authorization, opening the names, ranking or HTTP; the plan's keyed
// digests of the query's keys, its statements' arguments, are computed
// with the ring as Koto does.
func (b *bench) search(ctx context.Context, r *rand.Rand) error {
	query, err := names.ParseQuery(demo.NameQuery(r))
	if err != nil {
		return err
	}
	org := b.orgs[r.IntN(len(b.orgs))]
	plan := store.PlanNameSearch(b.db.engine, b.ring, org, query, searchLimit)
	var candidates []string
	if b.db.engine == "sqlite" {
		rtx, err := b.db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return err
		}
		candidates, err = b.matchNames(ctx, rtx, plan)
		rtx.Rollback()
		if err != nil {
			return err
		}
	}
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if b.db.engine != "sqlite" {
		if candidates, err = b.matchNames(ctx, tx, plan); err != nil {
			return err
		}
	}
	var found []string
	if len(candidates) > 0 {
		q, args := store.SummariesOf(b.db.engine, org, candidates)
		if found, err = column(tx.QueryContext(ctx, b.db.q(q), args...)); err != nil {
			return err
		}
	}
	if err := b.appendLog(ctx, tx, org, "", "client.search",
		"search:name,results:"+strconv.Itoa(min(len(found), searchLimit))); err != nil {
		return err
	}
	return tx.Commit()
}

// matchNames runs the passes of plan in tx, as store.WithNameMatches does.
func (b *bench) matchNames(ctx context.Context, tx *sql.Tx, plan store.NameSearchPlan) ([]string, error) {
	return plan.Run(func(q string, args ...any) ([]string, error) {
		return column(tx.QueryContext(ctx, b.db.q(q), args...))
	})
}

// searchLimit is Koto's limit of a search's results (internal/client).
const searchLimit = 50

// column reads every row of a result: the first column as strings (ids),
// the rest into throwaway values.
func column(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var first string
	vals := make([]any, len(cols))
	ptrs := []any{&first}
	for i := 1; i < len(cols); i++ {
		ptrs = append(ptrs, &vals[i])
	}
	var out []string
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, first)
	}
	return out, rows.Err()
}

// drain reads every row, as a caller would. Every query drained here
// starts with an id column.
func drain(rows *sql.Rows, err error) error {
	_, err = column(rows, err)
	return err
}

func jsonList(xs []string) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
