package store

import (
	"database/sql"
	"errors"
	"time"

	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/overview"
	"koto/internal/placement"
	"koto/internal/timeline"
)

// Timeline returns the store as the timeline's store.
func (db *DB) Timeline() timeline.Store { return gated[timeline.Tx]{db} }

// *Tx serves the timeline's transactions.
var _ timeline.Tx = (*Tx)(nil)

// timelineSource is one table of events read by its index on (org_id,
// client column, time column) — migration 0025_timeline.sql. The query
// selects, in this order: the time, the record id, a date, a code, a
// second code, a number and a flag; kind names the event from them.
type timelineSource struct {
	what   string
	query  string // SELECT … FROM … WHERE org_id = ? AND <client> = ?
	timeAt string // the indexed time column
	kind   func(r *timelineRow) timeline.Kind
}

// timelineRow is a row of any source.
type timelineRow struct {
	at     time.Time
	id     string
	date   civil.Date
	code   string
	code2  string
	num    int
	sealed bool
}

func fixed(k timeline.Kind) func(*timelineRow) timeline.Kind {
	return func(*timelineRow) timeline.Kind { return k }
}

// timelineSources are the tables with one event per row. The client's own
// row and its placement (one row each) are read by their keys.
var timelineSources = []timelineSource{
	{"permits", `SELECT created_at, id, decision_date, outcome, '', 0, FALSE FROM permits WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.Permit)},
	{"assessments", `SELECT created_at, id, assessed_on, kind, '', 0, FALSE FROM assessments WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.Assessment)},
	{"language tests", `SELECT created_at, id, test_date, kind, '', 0, FALSE FROM language_tests WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.LanguageTest)},
	{"plan versions", `SELECT saved_at, plan_id, NULL, '', '', version, FALSE FROM plan_versions WHERE org_id = ? AND client_id = ?`,
		"saved_at", func(r *timelineRow) timeline.Kind {
			if r.num <= 1 {
				return timeline.PlanCreated
			}
			return timeline.PlanRevised
		}},
	{"plan follow-ups", `SELECT created_at, plan_id, NULL, '', '', 0, FALSE FROM plan_follow_ups WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.PlanFollowUp)},
	{"referral events", `SELECT e.recorded_at, e.referral_id, e.event_date, r.service_code, e.status, 0, FALSE
		FROM referral_events e JOIN referrals r ON r.id = e.referral_id AND r.org_id = e.org_id
		WHERE e.org_id = ? AND e.client_id = ?`,
		"e.recorded_at", func(r *timelineRow) timeline.Kind { return timeline.ReferralStep(r.code2) }},
	// Never the text: a timeline shows a note's type and date only.
	{"notes", `SELECT created_at, id, note_date, note_type, '', 0, sensitive FROM notes WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.Note)},
	{"note amendments", `SELECT created_at, note_id, NULL, '', '', 0, FALSE FROM note_amendments WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.NoteAmendment)},
	{"household links", `SELECT created_at, other_id, NULL, kind, '', 0, FALSE FROM household_links WHERE org_id = ? AND client_id = ?`,
		"created_at", fixed(timeline.Household)},
	// The other side of a link: the kind read from this client inverted.
	{"household links (other side)", `SELECT created_at, client_id, NULL, kind, 'inverse', 0, FALSE FROM household_links WHERE org_id = ? AND other_id = ?`,
		"created_at", fixed(timeline.Household)},
}

// TimelineStatements are the timeline's reads of the first page for
// kotobaseline: the client's row and its placement (org, client), then one
// statement per source (org, client, limit).
func TimelineStatements() []string {
	out := []string{clientEventsStatement, placementEventStatement}
	for _, src := range timelineSources {
		out = append(out, src.query+` ORDER BY `+src.timeAt+` DESC LIMIT ?`)
	}
	return out
}

const (
	clientEventsStatement   = `SELECT created_at, service_end, service_end_reason, date_of_death FROM clients WHERE org_id = ? AND id = ?`
	placementEventStatement = `SELECT updated_at, municipality, arrival_date FROM client_placements WHERE org_id = ? AND client_id = ?`
)

// TimelineEvents reads at most p.Limit+1 events of every source recorded
// before p.Before, newest first by the source's index; the timeline
// service merges and cuts them (timeline.Cut).
func (t *Tx) TimelineEvents(orgID, clientID string, p timeline.Page) ([]timeline.Event, error) {
	out, err := t.clientTimeline(orgID, clientID, p)
	if err != nil {
		return nil, err
	}
	for _, src := range timelineSources {
		q, args := src.query, []any{orgID, clientID}
		if !p.Before.IsZero() {
			q += ` AND ` + src.timeAt + ` < ?`
			args = append(args, p.Before)
		}
		q += ` ORDER BY ` + src.timeAt + ` DESC LIMIT ?`
		args = append(args, p.Limit+1)
		err := each(t, src.what, func(sc scanner) error {
			var r timelineRow
			if err := sc.Scan(&r.at, &r.id, &r.date, &r.code, &r.code2, &r.num, &r.sealed); err != nil {
				return apperr.Wrap(err, "scan %s", src.what)
			}
			e := timeline.Event{At: r.at.UTC(), Kind: src.kind(&r), ID: r.id, Date: r.date, Code: r.code, Version: r.num, Sensitive: r.sealed}
			if e.Sensitive {
				e.Code = "" // a sensitive note shows its kind and date only
			}
			if r.code2 == "inverse" {
				e.Code = placement.Inverse(r.code)
			}
			out = append(out, e)
			return nil
		}, q, args...)
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// clientTimeline is the events of the client's own row and of its
// placement row, both read by key: registration, service end, death,
// reception and placement. NotFound when orgID holds no such client.
func (t *Tx) clientTimeline(orgID, clientID string, p timeline.Page) ([]timeline.Event, error) {
	var created time.Time
	var end, death civil.Date
	var reason string
	err := t.queryRow(clientEventsStatement, orgID, clientID).Scan(&created, &end, &reason, &death)
	if err != nil {
		return nil, notFound(err, "client timeline")
	}
	es := []timeline.Event{{At: created.UTC(), Kind: timeline.Registration, ID: clientID}}
	if !end.IsZero() {
		es = append(es, timeline.Event{At: end.Time(), Kind: timeline.ServiceEnd, ID: clientID, Date: end, Code: reason})
	}
	if !death.IsZero() {
		es = append(es, timeline.Event{At: death.Time(), Kind: timeline.Death, ID: clientID, Date: death})
	}
	var updated time.Time
	var municipality string
	var arrival civil.Date
	err = t.queryRow(placementEventStatement, orgID, clientID).Scan(&updated, &municipality, &arrival)
	switch {
	case err == nil:
		es = append(es, timeline.Event{At: updated.UTC(), Kind: timeline.Placement, ID: clientID, Date: arrival, Code: municipality})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, apperr.Wrap(err, "client placement timeline")
	}
	if p.Before.IsZero() {
		return es, nil
	}
	kept := es[:0]
	for _, e := range es {
		if e.At.Before(p.Before) {
			kept = append(kept, e)
		}
	}
	return kept, nil
}

// Overview returns the store as the client overview's store.
func (db *DB) Overview() overview.Store { return gated[overview.Tx]{db} }

// *Tx serves the client overview's transactions.
var _ overview.Tx = (*Tx)(nil)
