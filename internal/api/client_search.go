package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
)

// searchInput is the body of POST /clients/search: exactly one criterion.
// A search is POSTed so that a name or HETU never appears in a URL (and so
// in no proxy or server log).
type searchInput struct {
	Q         *string `json:"q"`
	HETU      *string `json:"hetu"`
	BirthDate *string `json:"birthDate"`
}

// searchClients finds clients of the caller's organisation.
func (a *API) searchClients(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in searchInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	var v apperr.Validation
	q := client.SearchQuery{Name: val(in.Q), HETU: val(in.HETU), BirthDate: date(&v, "birthDate", in.BirthDate)}
	if err := v.Err(); err != nil {
		return err
	}
	found, err := a.Clients.Search(r.Context(), actor, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, itemsJSON[summaryJSON]{Items: summariesOut(found)})
	return nil
}
