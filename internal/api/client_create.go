package api

import (
	"net/http"
	"strconv"

	"koto/internal/access"
	"koto/internal/client"
)

// createClient registers a client: 201 with Location, or 422 / 409.
// Possible duplicates (same name and birth date) do not block the create;
// they come back as warnings.
func (a *API) createClient(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	d, err := decodeClientInput(body)
	if err != nil {
		return err
	}
	c, dups, err := a.Clients.Create(r.Context(), actor, d, client.CreateOptions{})
	if err != nil {
		return err
	}
	out := clientOut(c)
	for _, s := range dups {
		out.Warnings = append(out.Warnings, warningJSON{Code: "possible_duplicate", ClientID: s.ID})
	}
	w.Header().Set("Location", Prefix+"/clients/"+c.ID)
	w.Header().Set("ETag", etag(c.Version))
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// etag is the entity tag of a client version, for If-Match.
func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }
