package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
)

// sensitiveJSON is a client's special-category data (73 § 8; schema
// Sensitive). version is 0 and updatedAt null while nothing is recorded.
type sensitiveJSON struct {
	Health            string     `json:"health"`
	WorkAbility       string     `json:"workAbility"`
	FunctionalAbility string     `json:"functionalAbility"`
	Version           int        `json:"version"`
	UpdatedAt         *time.Time `json:"updatedAt"`
}

// sensitiveInput is the body of PUT /clients/{id}/sensitive. The text
// fields replace the stored ones (absent or null is empty); version is the
// version the caller read, 0 when nothing was recorded yet; purpose (one of
// client.Purposes) is why the data is recorded, logged with the save.
type sensitiveInput struct {
	Purpose           *string `json:"purpose"`
	Health            *string `json:"health"`
	WorkAbility       *string `json:"workAbility"`
	FunctionalAbility *string `json:"functionalAbility"`
	Version           *int    `json:"version"`
}

func sensitiveOut(s client.Sensitive) sensitiveJSON {
	out := sensitiveJSON{Health: s.Health, WorkAbility: s.WorkAbility, FunctionalAbility: s.FunctionalAbility, Version: s.Version}
	if !s.UpdatedAt.IsZero() {
		at := s.UpdatedAt.UTC()
		out.UpdatedAt = &at
	}
	return out
}

// getSensitive shows the special-category data for the purpose given as
// ?purpose= (one of client.Purposes; the purpose is not personal data, so
// it may travel in the URL). Every view is logged with its purpose.
func (a *API) getSensitive(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	s, err := a.Clients.GetSensitive(r.Context(), actor, r.PathValue("id"), r.URL.Query().Get("purpose"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sensitiveOut(s))
	return nil
}

// putSensitive records the special-category data: 200 with the stored
// data, 409 when version is not the stored one.
func (a *API) putSensitive(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in sensitiveInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return apperr.InvalidField("version", "validation.required")
	}
	s, err := a.Clients.SaveSensitive(r.Context(), actor, r.PathValue("id"), val(in.Purpose), client.Sensitive{
		Health: val(in.Health), WorkAbility: val(in.WorkAbility), FunctionalAbility: val(in.FunctionalAbility), Version: *in.Version})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sensitiveOut(s))
	return nil
}
