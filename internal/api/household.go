package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/civil"
	"koto/internal/placement"
)

// householdLinkJSON is a household link as the client's side sees it
// (schema HouseholdLink): the other client is kind (spouse, child, parent,
// other) of this one.
type householdLinkJSON struct {
	ID             string     `json:"id"`
	OtherID        string     `json:"otherId"`
	OtherKotoID    string     `json:"otherKotoId"`
	OtherName      string     `json:"otherName"`
	OtherBirthDate civil.Date `json:"otherBirthDate"`
	Kind           string     `json:"kind"`
	CreatedAt      time.Time  `json:"createdAt"`
}

// householdInput is the body of POST /clients/{id}/household.
type householdInput struct {
	OtherID *string `json:"otherId"`
	Kind    *string `json:"kind"`
}

func householdLinkOut(l placement.Link) householdLinkJSON {
	return householdLinkJSON{ID: l.ID, OtherID: l.OtherID, OtherKotoID: l.OtherKoto, OtherName: l.OtherName,
		OtherBirthDate: l.OtherBorn, Kind: l.Kind, CreatedAt: l.CreatedAt.UTC()}
}

// household lists the client's household links (household.read; the
// linked clients are logged as shown).
func (a *API) household(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	links, err := a.Placements.Household(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	out := make([]householdLinkJSON, len(links))
	for i, l := range links {
		out[i] = householdLinkOut(l)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// linkHousehold links another client of the organisation: 201 with the
// link; 404 when either client is not the caller's to use, 409 when the
// two are linked already.
func (a *API) linkHousehold(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in householdInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	l, err := a.Placements.Link(r.Context(), actor, r.PathValue("id"), val(in.OtherID), val(in.Kind))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, householdLinkOut(l))
	return nil
}

// unlinkHousehold removes a link of the client: 204; 404 for a link that
// is not the client's.
func (a *API) unlinkHousehold(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	if err := a.Placements.Unlink(r.Context(), actor, r.PathValue("id"), r.PathValue("linkId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
