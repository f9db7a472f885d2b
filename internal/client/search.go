package client

import (
	"context"
	"sort"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/audit"
	"koto/internal/civil"
	"koto/internal/hetu"
	"koto/internal/names"
)

// SearchQuery holds exactly one criterion: a name (prefix, typo- and
// transliteration-tolerant), an exact HETU, or a birth date.
type SearchQuery struct {
	Name      string
	HETU      string
	BirthDate civil.Date
}

// searchLimit bounds a result list: a search is for finding one person, not
// for browsing the register.
const searchLimit = 50

// Search finds clients of the actor's organisation. The access log records
// the kind of criterion and the number of results, never the criterion
// itself (a HETU or name typed into search is personal data).
func (s *Service) Search(ctx context.Context, actor access.Actor, q SearchQuery) ([]Summary, error) {
	if !actor.Can(access.ClientSearch) {
		return nil, s.deny(ctx, actor, access.ClientSearch, "", "search", apperr.New(apperr.Forbidden, "error.forbidden"))
	}
	q.Name = strings.TrimSpace(q.Name)
	q.HETU = hetu.Canonical(q.HETU)
	criteria := 0
	for _, set := range []bool{q.Name != "", q.HETU != "", !q.BirthDate.IsZero()} {
		if set {
			criteria++
		}
	}
	if criteria != 1 {
		return nil, &apperr.Error{Kind: apperr.Invalid, Key: "search.one_criterion",
			Fields: []apperr.FieldError{{Field: "q", Key: "search.one_criterion"}}}
	}
	var found []Summary
	search := func(tx Tx, candidates []string) error {
		var err error
		kind := ""
		switch {
		case q.HETU != "":
			kind = "hetu"
			h, perr := hetu.Parse(q.HETU, civil.DateOf(tx.Now()))
			if perr != nil {
				return &apperr.Error{Kind: apperr.Invalid, Key: "error.invalid",
					Fields: []apperr.FieldError{{Field: "hetu", Key: hetuErrorKey(perr)}}}
			}
			found, err = tx.FindByHETU(actor.OrgID, h.String())
		case !q.BirthDate.IsZero():
			kind = "birth_date"
			found, err = tx.FindByBirthDate(actor.OrgID, q.BirthDate, searchLimit)
		default:
			kind = "name"
			found, err = tx.ClientSummaries(actor.OrgID, candidates)
		}
		if err != nil {
			return err
		}
		return tx.AppendAudit(entry(actor, access.ClientSearch, "", listTouched("search:"+kind, min(len(found), searchLimit)), audit.Allowed, tx.Now()))
	}
	// A name is matched against the search index first — on SQLite beside
	// the one writer — and the candidates' summaries, what the user gets to
	// see, are read in the logged transaction (ADR 11). The ranking runs
	// after it, so the writer is not held for it either.
	var err error
	if q.Name != "" {
		err = s.store.WithNameMatches(ctx, actor.OrgID, q.Name, searchLimit, search)
	} else {
		err = s.store.WithTx(ctx, actor.OrgID, func(tx Tx) error { return search(tx, nil) })
	}
	if err != nil {
		return nil, err
	}
	if q.Name != "" {
		found = rankByName(q.Name, found, searchLimit)
	}
	return found, nil
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
