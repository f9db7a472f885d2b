package web

import (
	"net/http"

	"koto/internal/httpx"
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
	// Roles are the actor's roles where it acts now: a coverage grants
	// only some of the user's roles.
	Roles string
	Orgs  []org.Coverage
}

// organisationShow lets a user of an employment area choose the covered
// municipality to act for.
func (h *Handler) organisationShow(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	orgs, err := h.Orgs.Covered(r.Context(), a)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	pg := organisationPage{page: h.newPage(r, "org.act_for.title"), Home: a.OrgCode, Current: a.OrgCode, Orgs: orgs}
	if a.HomeOrgCode != "" {
		pg.Home = a.HomeOrgCode
		pg.Roles = roleNames(pg.page, a.Roles)
	}
	h.render(w, r, http.StatusOK, "account_organisation", pg)
}

// organisationSet stores the choice (an empty code: the own organisation).
// The choice is checked for the session's own actor, not the one acting
// now, so a user may switch from one covered municipality to another.
func (h *Handler) organisationSet(w http.ResponseWriter, r *http.Request) {
	code := r.PostFormValue("org")
	c := &http.Cookie{Name: actForCookie, Value: code, Path: "/", HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode}
	if code != "" {
		home, _, err := h.Auth.SessionActor(r.Context(), h.sessionSecret(r), httpx.RequestID(r.Context()))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if _, err := h.Orgs.ActAs(r.Context(), home, code); err != nil {
			h.fail(w, r, err)
			return
		}
	} else {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
