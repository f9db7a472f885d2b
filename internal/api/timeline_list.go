package api

import (
	"net/http"

	"koto/internal/access"
)

// listTimeline answers a client's timeline, newest first; ?before= the
// last item's "at" gives the next page.
func (a *API) listTimeline(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	limit, before, err := timelinePage(r)
	if err != nil {
		return err
	}
	es, err := a.Timeline.Timeline(r.Context(), actor, r.PathValue("id"), limit, before)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsJSON[timelineEventJSON]{Items: timelineOut(es)})
	return nil
}
