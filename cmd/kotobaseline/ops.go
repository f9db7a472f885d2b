package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"time"

	"koto/internal/demo"
	"koto/internal/loadstat"
	"koto/internal/names"
	"koto/internal/store"
)

// target is a client to read: its id and organisation.
type target struct{ id, org string }

// maxTargets bounds the clients sampled for card reads.
const maxTargets = 20000

type bench struct {
	db      *db
	targets []target
	orgs    []string
	gen     *demo.Generator
	created atomic.Int64
	rngs    []*rand.Rand
}

func newBench(ctx context.Context, d *db, concurrency int, seed uint64) (*bench, error) {
	b := &bench{db: d, gen: demo.NewGenerator(int64(seed))}
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
	return b, nil
}

// op returns a scenario's operation; mixed is kotoload's 70/20/10 mix.
func (b *bench) op(scenario string) loadstat.Op {
	wrap := func(f func(context.Context, *rand.Rand) error) loadstat.Op {
		return func(ctx context.Context, w int) string {
			if err := f(ctx, b.rngs[w]); err != nil {
				return "sql"
			}
			return ""
		}
	}
	card, create, search := wrap(b.card), wrap(b.create), wrap(b.search)
	switch scenario {
	case "card":
		return card
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

// The same columns Koto's store reads for a card (internal/store/clients.go).
const cardColumns = `c.id, c.org_id, c.koto_id, c.hetu_enc, c.birth_date, c.sex, c.first_names, c.last_name,
	c.previous_names, c.birth_place, c.mother_tongue, c.service_language, c.interpreter_needed, c.interpreter_language,
	c.citizenships, c.stateless, c.home_municipality, c.street_address, c.postal_code, c.post_office, c.phone, c.email,
	c.address_protected, c.arrival_date, c.municipality_registered_on, c.created_at, c.created_by, c.updated_at,
	c.updated_by, c.version, k.key_id, k.org_key_id, k.wrapped`

// card reads a client row and its permits and writes one log row, in one
// read-write transaction as Koto's Get does — without decryption, access
// rules, the hash chain or HTTP, which is the overhead being measured.
func (b *bench) card(ctx context.Context, r *rand.Rand) error {
	t := b.targets[r.IntN(len(b.targets))]
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	row := make([]any, strings.Count(cardColumns, ",")+1)
	ptrs := make([]any, len(row))
	for i := range row {
		ptrs[i] = &row[i]
	}
	err = tx.QueryRowContext(ctx, b.db.q(`SELECT `+cardColumns+` FROM clients c JOIN client_keys k ON k.client_id = c.id
		WHERE c.id = ? AND c.org_id = ?`), t.id, t.org).Scan(ptrs...)
	if err != nil {
		return err
	}
	if err := drain(tx.QueryContext(ctx, b.db.q(`SELECT id, application_date, decision_date, permit_type, basis,
		valid_from, valid_to FROM permits WHERE client_id = ? AND org_id = ? ORDER BY application_date, id`), t.id, t.org)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, b.db.q(`INSERT INTO baseline_log (id, at, user_id, username, org_id, roles, action,
		client_id, touched, result, channel, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		store.NewID(), time.Now().UTC(), "baseline", "baseline", t.org, "caseworker", "client.read", t.id,
		"card,permits", "allowed", "cli", "baseline")
	if err != nil {
		return err
	}
	return tx.Commit()
}

// create inserts one client-like row in plain text: no HETU encryption,
// key row, search keys, permits, duplicate check or log.
func (b *bench) create(ctx context.Context, _ *rand.Rand) error {
	n := int(b.created.Add(1)-1) % b.gen.Capacity()
	m, d := b.gen.Client(n)
	id, now := store.NewID(), time.Now().UTC()
	_, err := b.db.write.ExecContext(ctx, b.db.q(`INSERT INTO baseline_clients (id, org_id, koto_id, hetu, birth_date,
		sex, first_names, last_name, previous_names, birth_place, mother_tongue, service_language, interpreter_needed,
		interpreter_language, citizenships, stateless, home_municipality, street_address, postal_code, post_office,
		phone, email, address_protected, arrival_date, municipality_registered_on, created_at, created_by, updated_at,
		updated_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		id, b.orgs[n%len(b.orgs)], "K-"+id[:10], d.HETU, d.BirthDate, string(d.Sex), d.FirstNames, d.LastName,
		jsonList(d.PreviousNames), d.BirthPlace, d.MotherTongue, d.ServiceLanguage, boolInt(d.InterpreterNeeded),
		d.InterpreterLanguage, jsonList(d.Citizenships), boolInt(d.Stateless), m.Code, d.Address.Street,
		d.Address.PostalCode, d.Address.PostOffice, d.Phone, d.Email, boolInt(d.AddressProtected),
		d.ArrivalDate, d.MunicipalityRegistered, now, "baseline", now, "baseline", 1)
	return err
}

// search runs the shape of Koto's name search (internal/store/search.go):
// per query token a prefix range on the "t:" keys, clients matching every
// token, joined to clients — without the fuzzy keys and the ranking.
func (b *bench) search(ctx context.Context, r *rand.Rand) error {
	query, err := names.ParseQuery(demo.NameQuery(r))
	if err != nil {
		return err
	}
	org := b.orgs[r.IntN(len(b.orgs))]
	var sb strings.Builder
	var args []any
	for i, tok := range query.Tokens {
		if i > 0 {
			sb.WriteString(" UNION ALL ")
		}
		fmt.Fprintf(&sb, `SELECT client_id, %d AS tok FROM client_search_keys WHERE org_id = ? AND key >= ? AND key < ?`, i)
		args = append(args, org, tok.Prefix, names.PrefixEnd(tok.Prefix))
	}
	args = append(args, len(query.Tokens), org)
	return drain(b.db.read.QueryContext(ctx, b.db.q(`SELECT c.id, c.koto_id, c.first_names, c.last_name, c.birth_date,
		c.home_municipality, c.updated_at FROM clients c JOIN (
		SELECT client_id FROM (`+sb.String()+`) m GROUP BY client_id HAVING COUNT(DISTINCT tok) = ?
		) hit ON hit.client_id = c.id WHERE c.org_id = ? ORDER BY c.last_name, c.first_names, c.id LIMIT 50`), args...))
}

// drain reads every row into throwaway values, as a caller would.
func drain(rows *sql.Rows, err error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
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
