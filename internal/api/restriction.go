package api

import (
	"net/http"
	"time"

	"koto/internal/access"
	"koto/internal/restriction"
)

// Restriction of processing (GDPR art. 18, ADR 40): GET tells whether the
// client's processing is restricted (with the history for those who may
// see it), PUT places a restriction and DELETE lifts it (the
// data-protection officer).

// restrictionStatusJSON is the answer of GET /clients/{id}/restriction
// (schema RestrictionStatus).
type restrictionStatusJSON struct {
	Restricted bool              `json:"restricted"`
	Since      *time.Time        `json:"since,omitempty"`
	History    []restrictionJSON `json:"history,omitempty"`
}

// restrictionJSON is one restriction (schema Restriction).
type restrictionJSON struct {
	ID         string     `json:"id"`
	Ground     string     `json:"ground"`
	Reason     string     `json:"reason"`
	RequestID  string     `json:"requestId,omitempty"`
	PlacedBy   string     `json:"placedBy"`
	PlacedAt   time.Time  `json:"placedAt"`
	Active     bool       `json:"active"`
	LiftedBy   string     `json:"liftedBy,omitempty"`
	LiftedAt   *time.Time `json:"liftedAt,omitempty"`
	LiftReason string     `json:"liftReason,omitempty"`
}

type restrictionPlaceInput struct {
	Ground    *string `json:"ground"`
	Reason    *string `json:"reason"`
	RequestID *string `json:"requestId"`
}

type restrictionLiftInput struct {
	Reason *string `json:"reason"`
}

func restrictionOut(x restriction.Restriction) restrictionJSON {
	out := restrictionJSON{ID: x.ID, Ground: x.Ground, Reason: x.Reason, RequestID: x.RequestRef, PlacedBy: x.Placer,
		PlacedAt: x.PlacedAt.UTC(), Active: x.Active()}
	if !x.Active() {
		at := x.LiftedAt.UTC()
		out.LiftedBy, out.LiftedAt, out.LiftReason = x.Lifter, &at, x.LiftReason
	}
	return out
}

// restrictionsJSON is the history rs, never null.
func restrictionsJSON(rs []restriction.Restriction) []restrictionJSON {
	out := make([]restrictionJSON, 0, len(rs))
	for _, x := range rs {
		out = append(out, restrictionOut(x))
	}
	return out
}

// getRestriction answers whether the client's processing is restricted;
// the data-protection officer and supervisors also get the history.
func (a *API) getRestriction(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	id := r.PathValue("id")
	st, err := a.Restrictions.Status(r.Context(), actor, id)
	if err != nil {
		return err
	}
	out := restrictionStatusJSON{Restricted: st.Restricted}
	if st.Restricted {
		since := st.Since.UTC()
		out.Since = &since
	}
	if actor.Can(access.RestrictionHistory) {
		rs, err := a.Restrictions.History(r.Context(), actor, id)
		if err != nil {
			return err
		}
		out.History = restrictionsJSON(rs)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// placeRestriction restricts the client's processing ({"ground",
// "reason", "requestId"}): 200 with the restriction; 409 when one is
// active already.
func (a *API) placeRestriction(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in restrictionPlaceInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	x, err := a.Restrictions.Place(r.Context(), actor, r.PathValue("id"),
		restriction.PlaceInput{Ground: val(in.Ground), Reason: val(in.Reason), RequestRef: val(in.RequestID)})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, restrictionOut(x))
	return nil
}

// liftRestriction lifts the client's active restriction ({"reason"}):
// 200 with the lifted restriction; 409 when none is active.
func (a *API) liftRestriction(w http.ResponseWriter, r *http.Request, actor access.Actor) error {
	body, err := readBody(w, r, mediaJSON)
	if err != nil {
		return err
	}
	var in restrictionLiftInput
	if err := decodeStrict(body, &in); err != nil {
		return err
	}
	x, err := a.Restrictions.Lift(r.Context(), actor, r.PathValue("id"), val(in.Reason))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, restrictionOut(x))
	return nil
}
