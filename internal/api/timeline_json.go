package api

import (
	"net/http"
	"strconv"
	"time"

	"koto/internal/timeline"
)

// timelineEventJSON is one event of a timeline. summary is a short
// neutral English text; kind, date and code are there for a program to
// name the event in its own language. A note's text never appears.
type timelineEventJSON struct {
	At        time.Time `json:"at"`
	Kind      string    `json:"kind"`
	ID        string    `json:"id"`
	Summary   string    `json:"summary"`
	Date      string    `json:"date,omitempty"`
	Code      string    `json:"code,omitempty"`
	Version   int       `json:"version,omitempty"`
	Sensitive bool      `json:"sensitive,omitempty"`
}

func timelineOut(es []timeline.Event) []timelineEventJSON {
	out := make([]timelineEventJSON, 0, len(es))
	for _, e := range es {
		j := timelineEventJSON{At: e.At, Kind: string(e.Kind), ID: e.ID, Summary: e.Summary(), Code: e.Code, Version: e.Version, Sensitive: e.Sensitive}
		if !e.Date.IsZero() {
			j.Date = e.Date.String()
		}
		out = append(out, j)
	}
	return out
}

// timelinePage reads ?limit= (1..timeline.MaxLimit, default
// timeline.DefaultLimit) and ?before= (an RFC 3339 time: the "at" of the
// last event of the previous page).
func timelinePage(r *http.Request) (limit int, before time.Time, err error) {
	q := r.URL.Query()
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > timeline.MaxLimit {
			return 0, before, badRequest("api.query_param", "limit")
		}
		limit = n
	}
	if s := q.Get("before"); s != "" {
		if before, err = time.Parse(time.RFC3339Nano, s); err != nil {
			return 0, before, badRequest("api.query_param", "before")
		}
	}
	return limit, before, nil
}
