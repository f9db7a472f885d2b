package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/natrep"
)

// exportNationalRepository streams the organisation's national repository
// records of ?from= to ?to= (ISO dates) as one JSON document
// (internal/natrep/national-repository-v1.json). Each page of clients is
// logged before its records are written; the status and header go out
// with the first page, so an error before it is an ordinary problem. An
// error after it cuts the connection, so that a truncated document never
// passes for a whole one.
func (a *API) exportNationalRepository(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	q := r.URL.Query()
	from, to, err := natrep.ParsePeriod(q.Get("from"), q.Get("to"))
	if err != nil {
		return err
	}
	period := &natrep.Period{From: from.String(), To: to.String()}
	var out *natrep.Writer
	start := func() error {
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		h.Set("Content-Disposition", `attachment; filename="national-repository-`+actor.OrgCode+"-"+period.From+"-"+period.To+`.json"`)
		w.WriteHeader(http.StatusOK)
		nw, err := natrep.NewWriter(w, actor.OrgCode, period, time.Now())
		out = nw
		return err
	}
	err = a.Natrep.Export(r.Context(), actor, from, to, func(rec natrep.Record) error {
		if out == nil {
			if err := start(); err != nil {
				return err
			}
		}
		return out.Write(rec)
	})
	switch {
	case err != nil && out == nil:
		return err
	case err != nil:
		a.log.ErrorContext(r.Context(), "national repository export cut short", "err", err, "records", out.Count())
		panic(http.ErrAbortHandler)
	case out == nil:
		if err := start(); err != nil {
			return err
		}
	}
	return out.Close()
}

// getNationalRepository answers one client's national repository record in
// the same document format, without a period.
func (a *API) getNationalRepository(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	rec, err := a.Natrep.Client(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	out, err := natrep.NewWriter(w, actor.OrgCode, nil, time.Now())
	if err != nil {
		return err
	}
	if err := out.Write(rec); err != nil {
		return err
	}
	return out.Close()
}
