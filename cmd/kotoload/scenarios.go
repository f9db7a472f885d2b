package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strconv"
	"sync/atomic"

	"koto/internal/demo"
	"koto/internal/loadstat"
)

// Scenario names.
var scenarios = []string{"create", "card", "overview", "timeline", "search", "mixed", "due"}

// maxIDs bounds the ids collected for the read scenarios (card, overview,
// timeline): enough to spread
// reads over the register without paging through a million clients first.
const maxIDs = 20000

// load holds what the operations share. Each worker has its own random
// source, so workers never contend on a lock.
type load struct {
	api  *api
	gen  *demo.Generator
	ids  []string
	rngs []*rand.Rand
	// Creates walk the generator's clients in the order n*createStride +
	// createBase (mod capacity): a permutation, so a run never repeats a
	// HETU; a random base makes separate runs unlikely to collide.
	created    atomic.Uint64
	createBase uint64
	// within is the due scenario's ?within= (days).
	within int
}

// createStride is a prime that does not divide the generator's capacity
// (2²·5³·37·73), so n -> n*createStride mod capacity is a permutation.
const createStride = 1_000_003

func newLoad(a *api, concurrency int, seed uint64) *load {
	gen := demo.NewGenerator(int64(seed))
	l := &load{api: a, gen: gen, createBase: seed % uint64(gen.Capacity())}
	for w := range concurrency {
		l.rngs = append(l.rngs, rand.New(rand.NewPCG(seed, uint64(w))))
	}
	return l
}

// op returns the operation of a scenario; mixed is 70% card, 20% search
// and 10% create, roughly a caseworker's day.
func (l *load) op(scenario string) loadstat.Op {
	switch scenario {
	case "create":
		return l.create
	case "card":
		return l.card
	case "overview":
		return l.overview
	case "timeline":
		return l.timeline
	case "search":
		return l.search
	case "due":
		return l.due
	}
	return func(ctx context.Context, w int) string {
		switch n := l.rngs[w].IntN(10); {
		case n < 7:
			return l.card(ctx, w)
		case n < 9:
			return l.search(ctx, w)
		default:
			return l.create(ctx, w)
		}
	}
}

// create registers a synthetic client from the demo generator: realistic
// names, dates and permits, a HETU with an individual number of 900–999.
func (l *load) create(ctx context.Context, _ int) string {
	capacity := uint64(l.gen.Capacity())
	n := l.created.Add(1) - 1
	_, d := l.gen.Client(int((n*createStride + l.createBase) % capacity))
	body, err := json.Marshal(toWire(d))
	if err != nil {
		return "encode"
	}
	return label(l.api.do(ctx, "POST", "/api/v1/clients", nil, body, nil))
}

// card opens the card of a random collected client.
func (l *load) card(ctx context.Context, w int) string {
	id := l.ids[l.rngs[w].IntN(len(l.ids))]
	return label(l.api.do(ctx, "GET", "/api/v1/clients/"+url.PathEscape(id), nil, nil, nil))
}

// overview opens the overview of a random collected client: the card,
// the current plan, open referrals and the latest 20 events in one read.
func (l *load) overview(ctx context.Context, w int) string {
	id := l.ids[l.rngs[w].IntN(len(l.ids))]
	return label(l.api.do(ctx, "GET", "/api/v1/clients/"+url.PathEscape(id)+"/overview", nil, nil, nil))
}

// timeline reads a page of 200 events of a random collected client.
func (l *load) timeline(ctx context.Context, w int) string {
	id := l.ids[l.rngs[w].IntN(len(l.ids))]
	q := url.Values{"limit": {"200"}}
	return label(l.api.do(ctx, "GET", "/api/v1/clients/"+url.PathEscape(id)+"/timeline", q, nil, nil))
}

// search looks for a name drawn from the demo backgrounds.
func (l *load) search(ctx context.Context, w int) string {
	body, _ := json.Marshal(map[string]string{"q": demo.NameQuery(l.rngs[w])})
	return label(l.api.do(ctx, "POST", "/api/v1/clients/search", nil, body, nil))
}

// due reads the caller's own due list (GET /api/v1/me/due): the start
// page's read, for a caseworker token with clients assigned.
func (l *load) due(ctx context.Context, _ int) string {
	q := url.Values{"within": {strconv.Itoa(l.within)}}
	return label(l.api.do(ctx, "GET", "/api/v1/me/due", q, nil, nil))
}

// collectIDs pages through the client list before the run, so that card
// reads hit existing clients. The list pages are access-logged like any.
func (l *load) collectIDs(ctx context.Context) error {
	for page := 1; len(l.ids) < maxIDs; page++ {
		var ids idList
		q := url.Values{"page": {strconv.Itoa(page)}, "pageSize": {"200"}}
		status, err := l.api.do(ctx, "GET", "/api/v1/clients", q, nil, &ids)
		if err != nil {
			return fmt.Errorf("list clients: %w", err)
		}
		if status != 200 {
			return fmt.Errorf("list clients: HTTP %d (is the token valid and a caseworker's?)", status)
		}
		if len(ids) == 0 {
			break
		}
		for _, x := range ids {
			l.ids = append(l.ids, x.ID)
		}
	}
	if len(l.ids) == 0 {
		return errors.New("the organisation has no clients to read: load demo data first (koto demo)")
	}
	return nil
}

// label turns a response into an error label: "" for 2xx, the status code
// otherwise, or the kind of transport failure.
func label(status int, err error) string {
	switch {
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	case err != nil && status == 0:
		return "transport"
	case err != nil:
		return "bad_body"
	case status/100 != 2:
		return strconv.Itoa(status)
	}
	return ""
}
