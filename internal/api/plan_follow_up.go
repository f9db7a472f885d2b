package api

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
)

// followUpInput is the body of POST …/plans/{planId}/follow-ups.
type followUpInput struct {
	Date *string `json:"date"`
	Text *string `json:"text"`
}

// addPlanFollowUp appends a follow-up entry without a new version: 201
// with the entry.
func (a *API) addPlanFollowUp(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in followUpInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	var v apperr.Validation
	d := date(&v, "date", in.Date)
	if err := v.Err(); err != nil {
		return err
	}
	f, err := a.Plans.AddFollowUp(r.Context(), actor, r.PathValue("id"), r.PathValue("planId"), d, val(in.Text))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, followUpJSON{ID: f.ID, Date: f.Date, Text: f.Text, CreatedAt: f.CreatedAt, CreatedBy: f.CreatedBy})
	return nil
}
