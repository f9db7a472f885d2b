package web

import (
	"net/http"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/httpx"
	"koto/internal/restriction"
)

// restrictionPage is the model of a client's restriction of processing
// (GDPR art. 18, ADR 40): the status, the history, and for the
// data-protection officer the form that places a restriction or lifts
// the active one.
type restrictionPage struct {
	page
	ID        string
	Active    bool
	Since     string
	History   []restrictionRow
	CanManage bool
	Errors    formErrors
	Fields    []field // the place form, or the lift form while active
}

// restrictionRow is one restriction as the page shows it: names, never codes.
type restrictionRow struct {
	Ground, Reason, Request, Placed, Lifted, LiftReason string
	Active                                              bool
}

// restrictionInput is the posted form, kept to show it again.
type restrictionInput struct{ Ground, Reason, RequestID string }

func restrictionModel(pg page, act access.Actor, id string, rs []restriction.Restriction, in restrictionInput, errs formErrors) restrictionPage {
	m := restrictionPage{page: pg, ID: id, CanManage: act.Can(access.RestrictionManage), Errors: errs}
	for _, x := range rs {
		row := restrictionRow{Ground: pg.T("restriction.ground." + x.Ground), Reason: x.Reason, Request: x.RequestRef,
			Placed: pg.T("restriction.event", pg.Time(x.PlacedAt), x.Placer), Active: x.Active()}
		if x.Active() {
			m.Active, m.Since = true, pg.Time(x.PlacedAt)
		} else {
			row.Lifted, row.LiftReason = pg.T("restriction.event", pg.Time(x.LiftedAt), x.Lifter), x.LiftReason
		}
		m.History = append(m.History, row)
	}
	b := builder{p: pg.p, errs: errs}
	if m.Active {
		m.Fields = []field{b.input("textarea", "reason", "restriction.field.lift_reason", in.Reason).required()}
	} else {
		m.Fields = []field{
			b.choice("ground", "restriction.field.ground", in.Ground, "restriction.ground.", restriction.Grounds).required(),
			b.input("textarea", "reason", "restriction.field.reason", in.Reason).required().withHint(pg.T("restriction.field.reason_hint")),
			b.text("requestId", "restriction.field.request", in.RequestID).withHint(pg.T("restriction.field.request_hint")),
		}
	}
	return m
}

// restrictionShow shows a client's restriction status and history with
// the form to place or lift one.
func (h *Handler) restrictionShow(w http.ResponseWriter, r *http.Request) {
	h.restrictionRender(w, r, http.StatusOK, restrictionInput{}, nil)
}

// restrictionRender reads the history (through the gate) and renders the
// page; err, when set, is the refusal of the posted form.
func (h *Handler) restrictionRender(w http.ResponseWriter, r *http.Request, status int, in restrictionInput, err error) {
	id := r.PathValue("id")
	rs, lerr := h.Restrictions.History(r.Context(), actor(r), id)
	if lerr != nil {
		h.failOrReason(w, r, lerr, restrictionPath(id))
		return
	}
	pg := h.newPage(r, "restriction.title")
	pg.Here = restrictionPath(id)
	var errs formErrors
	if ae, ok := apperr.As(err); ok {
		errs.addAll(pg.p, ae.Fields, nil)
		if len(ae.Fields) == 0 {
			errs.add("reason", pg.T(ae.Key))
		}
	}
	if status == http.StatusOK {
		h.clearFlash(w, r)
	}
	h.render(w, r, status, "restriction", restrictionModel(pg, actor(r), id, rs, in, errs))
}

// restrictionPlace places a restriction from the form and returns to the
// page; a form with errors comes back with what was typed.
func (h *Handler) restrictionPlace(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := restrictionInput{Ground: r.PostFormValue("ground"), Reason: r.PostFormValue("reason"), RequestID: r.PostFormValue("requestId")}
	_, err := h.Restrictions.Place(r.Context(), actor(r), id, restriction.PlaceInput{Ground: in.Ground, Reason: in.Reason, RequestRef: in.RequestID})
	h.restrictionAnswer(w, r, in, err)
}

// restrictionLift lifts the active restriction with the reason of the form.
func (h *Handler) restrictionLift(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	in := restrictionInput{Reason: r.PostFormValue("reason")}
	_, err := h.Restrictions.Lift(r.Context(), actor(r), id, in.Reason)
	h.restrictionAnswer(w, r, in, err)
}

func (h *Handler) restrictionAnswer(w http.ResponseWriter, r *http.Request, in restrictionInput, err error) {
	id := r.PathValue("id")
	if err == nil {
		h.flash(w, flashSaved)
		http.Redirect(w, r, restrictionPath(id), http.StatusSeeOther)
		return
	}
	// The service validates after authorizing: an invalid form is about a
	// client the user may open.
	if k := apperr.KindOf(err); k != apperr.Invalid && k != apperr.Conflict {
		h.failOrReason(w, r, err, restrictionPath(id))
		return
	}
	h.restrictionRender(w, r, httpx.Status(err), in, err)
}

// restrictionPath is the page of a client's restriction of processing.
func restrictionPath(clientID string) string { return "/clients/" + clientID + "/restriction" }
