package api

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
)

// updateClient applies a merge patch: fields present in the body replace
// the stored ones, absent fields stay, null clears, and permits (when
// present) replace the whole list. The expected version comes from If-Match
// or the body's "version"; a mismatch is 409. Clients that look like the
// same person after the change come back as warnings, as on create.
func (a *API) updateClient(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON, mediaMergePatch)
	if err != nil {
		return err
	}
	// Check the body's shape before the service opens a transaction; the
	// real decode runs onto the current details inside Update.
	var shape clientInput
	if err := decodeStrict(body, &shape); err != nil {
		return err
	}
	version, err := expectedVersion(r.Header.Get("If-Match"), shape.Version)
	if err != nil {
		return err
	}
	c, dups, err := a.Clients.UpdateChecked(r.Context(), actor, r.PathValue("id"), version, func(d *client.Details, _ bool) error {
		return applyPatch(body, d)
	})
	if err != nil {
		return err
	}
	out := clientOut(c)
	for _, s := range dups {
		out.Warnings = append(out.Warnings, warningJSON{Code: "possible_duplicate", ClientID: s.ID})
	}
	w.Header().Set("ETag", etag(c.Version))
	writeJSON(w, http.StatusOK, out)
	return nil
}

// expectedVersion combines If-Match ("3", W/"3" or *) and the body's
// version into the version Update must find; 0 means no check. Two
// different versions cannot both match, so that is a conflict.
func expectedVersion(ifMatch string, body *int) (int, error) {
	conflict := apperr.New(apperr.Conflict, "client.version_conflict")
	header := 0
	if ifMatch = strings.TrimSpace(ifMatch); ifMatch != "" && ifMatch != "*" {
		tag := strings.TrimPrefix(ifMatch, "W/")
		n, err := strconv.Atoi(strings.Trim(tag, `"`))
		if err != nil || len(tag) < 3 || tag[0] != '"' || tag[len(tag)-1] != '"' {
			return 0, badRequest("api.if_match")
		}
		if n < 1 {
			return 0, conflict
		}
		header = n
	}
	if body == nil {
		return header, nil
	}
	if *body < 1 || (header != 0 && header != *body) {
		return 0, conflict
	}
	return *body, nil
}
