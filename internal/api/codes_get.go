package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/codes"
)

// codeListJSON is a code list for integrators (schema CodeList).
type codeListJSON struct {
	List    string          `json:"list"`
	Version string          `json:"version"`
	Entries []codeEntryJSON `json:"entries"`
}

type codeEntryJSON struct {
	Code      string            `json:"code"`
	Status    string            `json:"status"` // valid, withdrawn
	Names     map[string]string `json:"names"`
	Successor string            `json:"successor,omitempty"`
}

// codeList answers one code list (languages, countries, municipalities,
// isced, iscedf, isco)
// with every code's names and status, withdrawn codes included. It reads
// no client data; any authenticated caller. Errors: NotFound for another
// list name.
func (a *API) codeList(w http.ResponseWriter, r *http.Request, _ access.Actor) error {
	l, ok := codes.ByName(r.PathValue("list"))
	if !ok {
		return apperr.ErrNotFound()
	}
	out := codeListJSON{List: l.Name(), Version: l.Version(), Entries: make([]codeEntryJSON, len(l.Entries()))}
	for i, e := range l.Entries() {
		status := "valid"
		if e.Status == codes.Withdrawn {
			status = "withdrawn"
		}
		out.Entries[i] = codeEntryJSON{Code: e.Code, Status: status, Successor: e.Successor,
			Names: map[string]string{"fi": e.Name("fi"), "sv": e.Name("sv"), "en": e.Name("en")}}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
