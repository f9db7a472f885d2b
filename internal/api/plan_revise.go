package api

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
)

// revisePlan saves the whole plan as its next version: If-Match must name
// the version the caller read (428 without it, 412 when it is no longer
// the current one); 200 with the new version and its warnings.
func (a *API) revisePlan(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in planInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	expected, err := ifMatchVersion(r.Header.Get("If-Match"))
	if err != nil {
		return err
	}
	c, err := in.content()
	if err != nil {
		return err
	}
	v, err := a.Plans.Revise(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"), expected, c)
	if apperr.Is(err, apperr.Conflict) {
		return &requestError{status: http.StatusPreconditionFailed, key: "plan.version_stale"}
	}
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(v.Number))
	writeJSON(w, http.StatusOK, planVersionOut(a.printer(r), v))
	return nil
}

// ifMatchVersion reads If-Match ("3" or W/"3"): required (428), a
// version number (400 otherwise).
func ifMatchVersion(h string) (int, error) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, &requestError{status: http.StatusPreconditionRequired, key: "plan.if_match_required"}
	}
	tag := strings.TrimPrefix(h, "W/")
	if len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
		return 0, badRequest("api.if_match")
	}
	n, err := strconv.Atoi(tag[1 : len(tag)-1])
	if err != nil || n < 1 {
		return 0, badRequest("api.if_match")
	}
	return n, nil
}
