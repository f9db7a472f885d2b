package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/assessment"
)

// createLanguageTest records a test result: 201 with it.
func (a *API) createLanguageTest(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in languageTestJSON
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	t, err := a.Assessments.AddLanguageTest(r.Context(), actor, r.PathValue("id"), assessment.LanguageTest{Kind: assessment.TestKind(in.Kind),
		Language: in.Language, Date: in.Date, Listening: assessment.Level(in.Listening), Reading: assessment.Level(in.Reading),
		Speaking: assessment.Level(in.Speaking), Writing: assessment.Level(in.Writing), Provider: in.Provider})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, languageTestOut(t))
	return nil
}
