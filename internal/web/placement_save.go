package web

import (
	"net/http"
	"strconv"
	"strings"

	"koto/internal/apperr"
	"koto/internal/placement"
)

// placementSave records the reception data and placement from the form
// (optimistic locking by version); success goes back to the page with a
// confirmation, errors show the form again with the typed values.
func (h *Handler) placementSave(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	_ = r.ParseForm()
	get := func(k string) string { return strings.TrimSpace(r.PostForm.Get(k)) }
	version, err := strconv.Atoi(get("version"))
	if err != nil || version < 0 {
		version = 0 // a form without a version never overwrites a record
	}
	var dates apperr.Validation
	in := placement.Placement{ReceptionCentre: get("receptionCentre"), UNHCRNumber: get("unhcrNumber"),
		QuotaRefugee: get("quotaRefugee") != "", PlacedFrom: get("placedFrom"), AssigningAuthority: get("assigningAuthority"),
		Municipality: get("municipality"), DecisionDate: parseDateField(&dates, "decisionDate", get("decisionDate")),
		ArrivalDate: parseDateField(&dates, "arrivalDate", get("arrivalDate"))}
	if err := dates.Err(); err != nil {
		h.showPlacementError(w, r, id, err, &in, "")
		return
	}
	if _, err := h.Placements.Save(r.Context(), actor(r), id, version, in); err != nil {
		h.showPlacementError(w, r, id, err, &in, "")
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"/placement", http.StatusSeeOther)
}
