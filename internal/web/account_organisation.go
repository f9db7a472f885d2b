package web

import (
	"net/http"

	"koto/internal/org"
)

// actForCookie holds the code of the municipality an employment-area user
// acts for. It grants nothing by itself: every request checks it against
// the area's coverage (org.Service.ActAs).
const actForCookie = "koto_act_for"

type organisationPage struct {
	page
	Home    string
	Current string
	Orgs    []org.Org
}

// organisationShow lets a user of an employment area choose the covered
// municipality to act for.
func (h *Handler) organisationShow(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	orgs, err := h.orgs.Covered(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := organisationPage{page: h.newPage(r, "org.act_for.title"), Home: a.OrgCode, Current: a.OrgCode, Orgs: orgs}
	if a.HomeOrgCode != "" {
		pg.Home = a.HomeOrgCode
	}
	h.render(w, r, http.StatusOK, "account_organisation", pg)
}

// organisationSet stores the choice (an empty code: the own organisation).
func (h *Handler) organisationSet(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue("org")
	c := &http.Cookie{Name: actForCookie, Value: code, Path: "/", HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode}
	if code != "" {
		if _, err := h.orgs.ActAs(r.Context(), actor(r), code); err != nil {
			h.fail(w, r, err)
			return
		}
	} else {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
