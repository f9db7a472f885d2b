package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/civil"
	"koto/internal/placement"
)

// placementJSON is a client's reception data and municipal placement
// (73 § 9; schema Placement): one resource. version is 0 and updatedAt
// null while nothing is recorded. municipality is a code of the
// municipalities list.
type placementJSON struct {
	ReceptionCentre    string     `json:"receptionCentre"`
	UNHCRNumber        string     `json:"unhcrNumber"`
	QuotaRefugee       bool       `json:"quotaRefugee"`
	PlacedFrom         string     `json:"placedFrom"`
	AssigningAuthority string     `json:"assigningAuthority"`
	Municipality       string     `json:"municipality"`
	DecisionDate       civil.Date `json:"decisionDate"`
	ArrivalDate        civil.Date `json:"arrivalDate"`
	Version            int        `json:"version"`
	UpdatedAt          *time.Time `json:"updatedAt"`
}

// placementInput is the body of PUT /clients/{id}/placement: it replaces
// the whole record (absent or null is empty). version, when sent, must be
// the version read (0 when nothing was recorded).
type placementInput struct {
	ReceptionCentre    *string `json:"receptionCentre"`
	UNHCRNumber        *string `json:"unhcrNumber"`
	QuotaRefugee       *bool   `json:"quotaRefugee"`
	PlacedFrom         *string `json:"placedFrom"`
	AssigningAuthority *string `json:"assigningAuthority"`
	Municipality       *string `json:"municipality"`
	DecisionDate       *string `json:"decisionDate"`
	ArrivalDate        *string `json:"arrivalDate"`
	Version            *int    `json:"version"`
}

func placementOut(p placement.Placement) placementJSON {
	out := placementJSON{ReceptionCentre: p.ReceptionCentre, UNHCRNumber: p.UNHCRNumber, QuotaRefugee: p.QuotaRefugee,
		PlacedFrom: p.PlacedFrom, AssigningAuthority: p.AssigningAuthority, Municipality: p.Municipality,
		DecisionDate: p.DecisionDate, ArrivalDate: p.ArrivalDate, Version: p.Version}
	if !p.UpdatedAt.IsZero() {
		at := p.UpdatedAt.UTC()
		out.UpdatedAt = &at
	}
	return out
}

// getPlacement answers the client's reception data and placement; the
// read is logged as placement.read.
func (a *API) getPlacement(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	p, err := a.Placements.Get(r.Context(), actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, placementOut(p))
	return nil
}

// putPlacement records the reception data and placement: 200 with the
// stored record, 409 when version is not the stored one.
func (a *API) putPlacement(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in placementInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	var v apperr.Validation
	p := placement.Placement{ReceptionCentre: val(in.ReceptionCentre), UNHCRNumber: val(in.UNHCRNumber),
		QuotaRefugee: val(in.QuotaRefugee), PlacedFrom: val(in.PlacedFrom), AssigningAuthority: val(in.AssigningAuthority),
		Municipality: val(in.Municipality), DecisionDate: date(&v, "decisionDate", in.DecisionDate),
		ArrivalDate: date(&v, "arrivalDate", in.ArrivalDate)}
	if err := v.Err(); err != nil {
		return err
	}
	version := -1 // not sent: unchecked
	if in.Version != nil {
		version = *in.Version
	}
	saved, err := a.Placements.Save(r.Context(), actor, r.PathValue("id"), version, p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, placementOut(saved))
	return nil
}
