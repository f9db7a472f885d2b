package api

import (
	"net/http"

	"koto/internal/access"
)

// listLanguageTests answers the client's tests and the latest level per
// skill against the B1.1 goal.
func (a *API) listLanguageTests(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	tests, p, err := a.Assessments.LanguageTests(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := languageTestsJSON{Progress: progressOut(p), Tests: make([]languageTestJSON, 0, len(tests))}
	for _, t := range tests {
		out.Tests = append(out.Tests, languageTestOut(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
