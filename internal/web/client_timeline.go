package web

import (
	"net/http"
	"net/url"
	"time"

	"koto/internal/timeline"
)

// timelinePage is the model of a client's timeline.
type timelinePage struct {
	page
	ID     string
	Events []timelineRow
	// Next is the link to the older events; "" on the last page.
	Next string
}

// clientTimeline shows one page of a client's events, newest first;
// ?before= (the time of the last event shown) gives older ones.
func (h *Handler) clientTimeline(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var before time.Time
	if s := r.URL.Query().Get("before"); s != "" {
		var err error
		if before, err = time.Parse(time.RFC3339Nano, s); err != nil {
			h.errorPage(w, r, http.StatusBadRequest)
			return
		}
	}
	es, err := h.Timeline.Timeline(r.Context(), actor(r), id, timeline.DefaultLimit, before)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id+"/timeline")
		return
	}
	pg := h.newPage(r, "timeline.title")
	m := timelinePage{page: pg, ID: id, Events: timelineRows(pg, id, es)}
	if len(es) >= timeline.DefaultLimit {
		m.Next = "/clients/" + url.PathEscape(id) + "/timeline?before=" + url.QueryEscape(es[len(es)-1].At.Format(time.RFC3339Nano))
	}
	h.render(w, r, http.StatusOK, "client_timeline", m)
}
