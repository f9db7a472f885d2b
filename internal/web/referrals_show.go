package web

import (
	"slices"

	"koto/internal/disclosure"
	"net/http"

	"koto/internal/access"
	"koto/internal/referral"
)

// referralsPage is the model of a client's referrals: the referrals with
// their steps and a form per referral whose buttons are the allowed next
// steps, and the form for a new referral with provider and service
// pickers by name.
type referralsPage struct {
	page
	ID        string
	Errors    formErrors
	Referrals []referralRow
	Provider  field
	Service   field
	Date      field
	CanCreate bool
	CanStep   bool
	NoneYet   bool
}

type referralRow struct {
	ID, Provider, Service, Status, Date string
	Events                              []referralEventRow
	Steps                               []referralStepButton
	StepDate, StepReason                field
	StepStatusID, StepError             string
	DiscloseURL                         string // the provider package's preview; "" when it cannot go now
}

type referralEventRow struct {
	Status, Date, Reason string
}

type referralStepButton struct {
	Status, Label string
}

// referralForm is what was typed into the page's forms, to show again
// with errors: the new referral, or a step of one referral (StepOf).
type referralForm struct {
	Provider, Service, Date string
	StepOf, StepDate        string
	StepReason              string
}

// referralsShow shows a client's referrals (referral.read). The query's
// service (a plan's measure links here) preselects the new referral's
// service; an unknown code selects nothing.
func (h *Handler) referralsShow(w http.ResponseWriter, r *http.Request) {
	h.showReferrals(w, r, http.StatusOK, formErrors{}, referralForm{Service: r.URL.Query().Get("service")})
}

// stepField names a step form's field in the error summary.
func stepField(referralID, name string) string { return "step-" + referralID + "-" + name }

func (h *Handler) showReferrals(w http.ResponseWriter, r *http.Request, status int, errs formErrors, in referralForm) {
	id := r.PathValue("id")
	a := actor(r)
	ov, err := h.Referrals.ClientReferrals(r.Context(), a, id)
	if err != nil {
		h.failOrReason(w, r, err, "/clients/"+id)
		return
	}
	pg := h.newPage(r, "referral.title")
	b := builder{p: pg.p, errs: errs}
	m := referralsPage{page: pg, ID: id, Errors: errs, NoneYet: len(ov.Referrals) == 0,
		CanCreate: a.Can(access.ReferralCreate), CanStep: a.Can(access.ReferralUpdate)}
	services := map[string]string{}
	for _, s := range ov.Services {
		services[s.Code] = s.Name(pg.Lang)
	}
	for _, ref := range ov.Referrals {
		row := referralRow{ID: ref.ID, Provider: ref.ProviderName, Service: services[ref.Service],
			Status: pg.T("referral.status." + string(ref.Status)), Date: pg.Date(ref.Date)}
		if row.Service == "" {
			row.Service = pg.T("referral.service_removed")
		}
		for _, e := range ref.Events {
			row.Events = append(row.Events, referralEventRow{Status: pg.T("referral.status." + string(e.Status)), Date: pg.Date(e.Date), Reason: e.Reason})
		}
		for _, n := range referral.Next(ref.Status) {
			row.Steps = append(row.Steps, referralStepButton{Status: string(n), Label: pg.T("referral.step." + string(n))})
		}
		stepDate, stepReason := "", ""
		if in.StepOf == ref.ID {
			stepDate, stepReason = in.StepDate, in.StepReason
		}
		row.StepDate = b.date(stepField(ref.ID, "date"), "referral.step_date", stepDate).withHint(pg.T("referral.step_date_hint"))
		row.StepDate.Name = "date"
		row.StepReason = b.input("textarea", stepField(ref.ID, "reason"), "referral.step_reason", stepReason).withHint(pg.T("referral.step_reason_hint"))
		row.StepReason.Name, row.StepReason.Rows = "reason", 2
		row.StepStatusID = fieldID(stepField(ref.ID, "status"))
		if a.Can(access.DisclosureProvider) && slices.Contains(disclosure.DisclosableStatuses, ref.Status) {
			row.DiscloseURL = "/clients/" + id + "/referrals/" + ref.ID + "/disclosure"
		}
		row.StepError = errs.of(stepField(ref.ID, "status"))
		m.Referrals = append(m.Referrals, row)
	}
	m.Provider = b.input("select", "provider", "referral.provider", in.Provider).required()
	m.Provider.Options = []option{{Value: "", Label: pg.T("web.choose"), Selected: in.Provider == ""}}
	for _, p := range ov.Providers {
		m.Provider.Options = append(m.Provider.Options, option{Value: p.Code, Label: p.Name, Selected: p.Code == in.Provider})
	}
	m.Service = b.input("select", "service", "referral.service", in.Service).required()
	m.Service.Options = []option{{Value: "", Label: pg.T("web.choose"), Selected: in.Service == ""}}
	for _, s := range ov.Services {
		m.Service.Options = append(m.Service.Options, option{Value: s.Code, Label: s.Name(pg.Lang), Selected: s.Code == in.Service})
	}
	m.Date = b.date("date", "referral.date", in.Date).required()
	h.render(w, r, status, "referrals", m)
}
