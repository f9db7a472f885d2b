package web

import (
	"net/http"

	"koto/internal/access"
)

// servicesPage is the model of the service catalogue: the national list
// and the organisation's own services, with a form to add one for those
// who manage the catalogue.
type servicesPage struct {
	page
	Errors    formErrors
	Services  []serviceRow
	CanManage bool
	Code      field
	Names     []field
}

type serviceRow struct {
	Code, Name, Other string
	National          bool
}

// servicesList shows the catalogue (referral.service_list).
func (h *Handler) servicesList(w http.ResponseWriter, r *http.Request) {
	h.showServices(w, r, http.StatusOK, formErrors{}, map[string]string{})
}

func (h *Handler) showServices(w http.ResponseWriter, r *http.Request, status int, errs formErrors, in map[string]string) {
	a := actor(r)
	services, err := h.Referrals.Services(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := h.newPage(r, "referral.services_title")
	pg.Nav = "services"
	m := servicesPage{page: pg, Errors: errs, CanManage: a.Can(access.ReferralServiceManage)}
	for _, s := range services {
		row := serviceRow{Code: s.Code, Name: s.Name(pg.Lang), National: s.National}
		m.Services = append(m.Services, row)
	}
	b := builder{p: pg.p, errs: errs}
	m.Code = b.text("code", "referral.service_code_label", in["code"]).required().autocomplete("off").withHint(pg.T("referral.service_code_hint"))
	m.Names = []field{
		b.text("nameFi", "referral.service_name_fi", in["nameFi"]).required().autocomplete("off"),
		b.text("nameSv", "referral.service_name_sv", in["nameSv"]).autocomplete("off"),
		b.text("nameEn", "referral.service_name_en", in["nameEn"]).autocomplete("off"),
	}
	h.render(w, r, status, "services", m)
}
