package web

import (
	"net/http"

	"koto/internal/apperr"
	"koto/internal/referral"
)

// providerReferralsPage is the model of the organisation's per-provider
// list of referrals: a provider picker by name, a status filter, and the
// referrals to that provider with the clients' names.
type providerReferralsPage struct {
	page
	Errors    formErrors
	Provider  field
	Status    field
	Chosen    string // the chosen provider's name; "" before a choice
	Referrals []providerReferralRow
}

type providerReferralRow struct {
	ClientID, ClientName, Service, Status, Date string
}

// referralsList shows the organisation's referrals to the provider in
// ?provider= (by code), in ?status= if given (referral.list: supervisors).
func (h *Handler) referralsList(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	q := r.URL.Query()
	code, status := q.Get("provider"), q.Get("status")
	pg := h.newPage(r, "referral.list_title")
	pg.Nav = "referrals"
	var errs formErrors
	v, err := h.Referrals.ProviderReferrals(r.Context(), a, code, referral.Status(status))
	httpStatus := http.StatusOK
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		errs.addAll(pg.p, ae.Fields, nil)
		httpStatus, err = http.StatusUnprocessableEntity, nil
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, s := range v.Services {
		names[s.Code] = s.Name(pg.Lang)
	}
	b := builder{p: pg.p, errs: errs}
	m := providerReferralsPage{page: pg, Errors: errs, Chosen: v.Provider.Name}
	m.Provider = b.input("select", "provider", "referral.provider", code).required()
	m.Provider.Options = []option{{Value: "", Label: pg.T("web.choose"), Selected: code == ""}}
	for _, p := range v.Providers {
		m.Provider.Options = append(m.Provider.Options, option{Value: p.Code, Label: p.Name, Selected: p.Code == code})
	}
	m.Status = b.input("select", "status", "referral.status", status)
	m.Status.Options = []option{{Value: "", Label: pg.T("referral.status_any"), Selected: status == ""}}
	for _, s := range referral.Statuses {
		m.Status.Options = append(m.Status.Options, option{Value: string(s), Label: pg.T("referral.status." + string(s)), Selected: string(s) == status})
	}
	for _, ref := range v.Referrals {
		name := ref.ClientName
		if name == "" {
			name = pg.T("referral.client_erased")
		}
		m.Referrals = append(m.Referrals, providerReferralRow{ClientID: ref.ClientID, ClientName: name, Service: names[ref.Service],
			Status: pg.T("referral.status." + string(ref.Status)), Date: pg.Date(ref.Date)})
	}
	h.render(w, r, httpStatus, "referrals_list", m)
}
