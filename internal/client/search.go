package client

import (
	"context"
	"sort"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/gate"
	"koto/internal/hetu"
	"koto/internal/names"
)

// SearchQuery holds exactly one criterion: a name (prefix, typo- and
// transliteration-tolerant), an exact HETU, a birth date, or an exact Koto
// id.
type SearchQuery struct {
	Name      string
	HETU      string
	BirthDate civil.Date
	KotoID    string
}

// searchLimit bounds a result list: a search is for finding one person, not
// for browsing the register.
const searchLimit = 50

// Search finds clients of the actor's organisation (caseworkers and
// supervisors). The log entry records the kind of criterion and lists the
// clients the answer shows, so each client's own log says it appeared in
// a search — never the criterion itself (a HETU or name typed into search
// is personal data). Errors: Forbidden, Invalid (criterion).
func (s *Service) Search(ctx context.Context, actor access.Actor, q SearchQuery) ([]Summary, error) {
	return s.search(ctx, actor, access.ClientSearch, q)
}

// search is Search authorized by action.
func (s *Service) search(ctx context.Context, actor access.Actor, action access.Action, q SearchQuery) ([]Summary, error) {
	q.Name = strings.TrimSpace(q.Name)
	q.KotoID = CanonicalKotoID(q.KotoID)
	q.HETU = hetu.Canonical(q.HETU)
	criteria := 0
	for _, set := range []bool{q.Name != "", q.HETU != "", !q.BirthDate.IsZero(), q.KotoID != ""} {
		if set {
			criteria++
		}
	}
	var found []Summary
	var candidates []string
	search := func(tx Tx, e *audit.Entry) error {
		var err error
		switch {
		case criteria != 1:
			return apperr.InvalidField("q", "search.one_criterion")
		case q.HETU != "":
			e.Touched = "search:hetu"
			h, perr := hetu.Parse(q.HETU, Today(tx.Now()))
			if perr != nil {
				return apperr.InvalidField("hetu", hetuErrorKey(perr))
			}
			found, err = tx.FindByHETU(actor.OrgID, h.String())
		case q.KotoID != "":
			e.Touched = "search:koto_id"
			found, err = tx.FindByKotoID(actor.OrgID, q.KotoID)
		case !q.BirthDate.IsZero():
			e.Touched = "search:birth_date"
			found, err = tx.FindByBirthDate(actor.OrgID, q.BirthDate, searchLimit)
		default:
			e.Touched = "search:name"
			if found, err = tx.ClientSummaries(actor.OrgID, candidates); err == nil {
				found = rankByName(q.Name, found, searchLimit)
			}
		}
		e.Shown = summaryIDs(found)
		return err
	}
	use := gate.Use{Action: action, Touched: "search"}
	if criteria != 1 || q.Name == "" {
		err := gate.Org(ctx, s.store, actor, use, search)
		return answer(found, err)
	}
	// A name is matched against the search index first — on SQLite beside
	// the one writer — and the candidates' summaries, what the user gets to
	// see, are read and ranked in the logged transaction (ADR 11).
	inTx := func(fn func(Tx) error) error {
		return s.store.WithNameMatches(ctx, actor.OrgID, q.Name, searchLimit, func(tx Tx, ids []string) error {
			candidates = ids
			return fn(tx)
		})
	}
	err := gate.OrgWithin(ctx, s.store, actor, use, inTx, search)
	return answer(found, err)
}

// rankByName orders name-search candidates best match first (names.Score;
// the store's order among equals) and keeps the best limit.
func rankByName(q string, found []Summary, limit int) []Summary {
	scorer := names.NewScorer(q)
	scores := make(map[string]int, len(found))
	for _, s := range found {
		scores[s.ID] = scorer.Score(s.FirstNames, s.LastName)
	}
	sort.SliceStable(found, func(i, j int) bool { return scores[found[i].ID] > scores[found[j].ID] })
	if len(found) > limit {
		found = found[:limit]
	}
	return found
}

// CanonicalKotoID is a Koto id as stored ("K-abcde-fghij") from what a
// user typed: spaces trimmed, any case.
func CanonicalKotoID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2 && strings.EqualFold(s[:2], "k-") {
		return "K-" + strings.ToLower(s[2:])
	}
	return s
}
