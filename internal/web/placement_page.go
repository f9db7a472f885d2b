package web

import (
	"net/http"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/codes"
	"koto/internal/httpx"
	"koto/internal/placement"
)

// placementPage is the model of a client's reception and placement page:
// the placement (as a list, or as the form), the household links with
// their remove buttons, and the form that adds a link.
type placementPage struct {
	page
	ID        string
	Errors    formErrors
	Notice    string
	Items     []item // the placement as recorded
	Recorded  bool
	Updated   string
	CanEdit   bool // placement.update
	CanLink   bool // household.update
	Form      group
	Version   string
	Household []householdRow
	Other     field // the other client's Koto id
	Kind      field
}

// householdRow is one household link as this client's page shows it.
type householdRow struct {
	ID, OtherID, Name, KotoID, Kind string
}

const placementTitle = "placement.title"

// placementModel builds the page from what the service read; in, when not
// nil, is the typed placement to show in the form instead.
func placementModel(pg page, a access.Actor, id string, o placement.Overview, in *placement.Placement, errs formErrors, linkKind string) placementPage {
	t := pg.T
	p := o.Placement
	m := placementPage{page: pg, ID: id, Errors: errs, Recorded: p.Version > 0, CanEdit: a.Can(access.PlacementUpdate),
		CanLink: a.Can(access.HouseholdUpdate), Version: strconv.Itoa(p.Version)}
	yes := t("web.no")
	if p.QuotaRefugee {
		yes = t("web.yes")
	}
	if m.Recorded {
		m.Updated = pg.Time(p.UpdatedAt)
		m.Items = []item{
			{t("placement.field.receptionCentre"), p.ReceptionCentre},
			{t("placement.field.unhcrNumber"), p.UNHCRNumber},
			{t("placement.field.quotaRefugee"), yes},
			{t("placement.field.placedFrom"), p.PlacedFrom},
			{t("placement.field.assigningAuthority"), p.AssigningAuthority},
			{t("placement.field.municipality"), pg.CodeName(codes.MunicipalityList, p.Municipality)},
			{t("placement.field.decisionDate"), pg.Date(p.DecisionDate)},
			{t("placement.field.arrivalDate"), pg.Date(p.ArrivalDate)},
		}
	}
	if in == nil {
		in = &p
	}
	b := builder{p: pg.p, errs: errs}
	m.Form = group{Name: "placement", Legend: t("placement.heading.form"), Pickers: map[string]codePicker{}}
	m.Form.Pickers["municipality"] = newPicker(pg, errs, "municipality", "placement.field.municipality", t("codes.hint.municipality"),
		codes.MunicipalityList, []string{in.Municipality}, 1)
	m.Form.Fields = []field{
		b.text("receptionCentre", "placement.field.receptionCentre", in.ReceptionCentre),
		b.text("unhcrNumber", "placement.field.unhcrNumber", in.UNHCRNumber).withHint(t("placement.hint.unhcr")).autocomplete("off"),
		b.checkbox("quotaRefugee", "placement.field.quotaRefugee", in.QuotaRefugee),
		b.text("placedFrom", "placement.field.placedFrom", in.PlacedFrom).withHint(t("placement.hint.placed_from")),
		b.text("assigningAuthority", "placement.field.assigningAuthority", in.AssigningAuthority).withHint(t("placement.hint.authority")),
		b.input("codepicker", "municipality", "placement.field.municipality", in.Municipality),
		b.date("decisionDate", "placement.field.decisionDate", in.DecisionDate.String()),
		b.date("arrivalDate", "placement.field.arrivalDate", in.ArrivalDate.String()),
	}
	for _, l := range o.Household {
		name := l.OtherName
		if name == "" {
			name = l.OtherKoto
		}
		m.Household = append(m.Household, householdRow{ID: l.ID, OtherID: l.OtherID, Name: name, KotoID: l.OtherKoto,
			Kind: t("household.kind." + l.Kind)})
	}
	m.Other = b.text("otherId", "household.field.other", "").withHint(t("household.hint.other")).autocomplete("off")
	m.Kind = b.choice("kind", "household.field.kind", linkKind, "household.kind.", placement.Kinds)
	return m
}

// placementShow shows a client's reception data, placement and household
// links: one service call, one log entry.
func (h *Handler) placementShow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	here := "/clients/" + id + "/placement"
	o, err := h.Placements.Overview(r.Context(), actor(r), id)
	if err != nil {
		h.failOrReason(w, r, err, here)
		return
	}
	pg := h.newPage(r, placementTitle)
	pg.Here = here
	h.render(w, r, http.StatusOK, "placement", placementModel(pg, actor(r), id, o, nil, formErrors{}, ""))
}

// showPlacementError renders the page again after a refused form: the
// page is read again (its own log entry) and the typed values and
// messages are shown. An error the form cannot show goes to the error
// page.
func (h *Handler) showPlacementError(w http.ResponseWriter, r *http.Request, id string, err error, typed *placement.Placement, linkKind string) {
	ae, ok := apperr.As(err)
	formErr := ok && (ae.Kind == apperr.Invalid || ae.Kind == apperr.Conflict || (ae.Kind == apperr.NotFound && len(ae.Fields) > 0))
	if !formErr {
		h.failOrReason(w, r, err, "/clients/"+id+"/placement")
		return
	}
	o, gerr := h.Placements.Overview(r.Context(), actor(r), id)
	if gerr != nil {
		h.failOrReason(w, r, gerr, "/clients/"+id+"/placement")
		return
	}
	pg := h.newPage(r, placementTitle)
	pg.Here = "/clients/" + id + "/placement"
	var errs formErrors
	errs.addAll(pg.p, ae.Fields, nil)
	m := placementModel(pg, actor(r), id, o, typed, errs, linkKind)
	if len(ae.Fields) == 0 {
		m.Notice = pg.T(ae.Key)
	}
	status := httpx.Status(err)
	if ae.Kind == apperr.NotFound {
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "placement", m)
}
