package main

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"koto/internal/civil"
	"koto/internal/store"
)

// owners reads whose due lists to read: the user named username, or
// (username "") the users with the most clients assigned.
func owners(ctx context.Context, d *db, username string) ([]owner, error) {
	query, args := `SELECT user_id, org_id FROM client_assignments
		GROUP BY org_id, user_id ORDER BY COUNT(*) DESC, user_id LIMIT ?`, []any{maxOwners}
	if username != "" {
		query, args = `SELECT id, org_id FROM users WHERE username = ?`, []any{username}
	}
	rows, err := d.read.QueryContext(ctx, d.q(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []owner
	for rows.Next() {
		var o owner
		if err := rows.Scan(&o.user, &o.org); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// dueWithin is the window of the due read, as kotoload's default --within.
const dueWithin = 90

// due does what Koto's GET /api/v1/me/due does in SQL, in one read-write
// transaction: the caseworker's due list (store.DueStatement) and an
// access-log entry — without access rules, JSON or HTTP.
func (b *bench) due(ctx context.Context, r *rand.Rand) error {
	if len(b.owners) == 0 {
		return errors.New("no user has clients assigned")
	}
	o := b.owners[r.IntN(len(b.owners))]
	by := civil.DateOf(time.Now().AddDate(0, 0, dueWithin))
	tx, err := b.db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := drain(tx.QueryContext(ctx, b.db.q(store.DueStatement), o.org, o.user, civil.Date{Year: 9999, Month: 12, Day: 31}, by)); err != nil {
		return err
	}
	if err := b.appendLog(ctx, tx, o.org, "", "timeline.due", "due"); err != nil {
		return err
	}
	return tx.Commit()
}
