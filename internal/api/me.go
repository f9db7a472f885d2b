package api

import (
	"net/http"

	"koto/internal/access"
)

// meJSON describes the caller.
type meJSON struct {
	UserID           string   `json:"userId"`
	Username         string   `json:"username"`
	OrganisationID   string   `json:"organisationId"`
	OrganisationCode string   `json:"organisationCode"`
	Roles            []string `json:"roles"`
}

// me answers who the token belongs to; it reads no client data.
func (a *API) me(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	out := meJSON{UserID: actor.UserID, Username: actor.Username, OrganisationID: actor.OrgID,
		OrganisationCode: actor.OrgCode, Roles: make([]string, len(actor.Roles))}
	for i, role := range actor.Roles {
		out.Roles[i] = string(role)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
