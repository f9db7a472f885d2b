package web

import (
	"net/http"
	"strings"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
)

// assignmentRow is one responsible caseworker on the card.
type assignmentRow struct {
	UserID, Name, Since string
}

// assignments fills the card's "responsible caseworkers" section; the
// assign form offers the colleagues not yet assigned.
func (m *cardPage) assignments(a access.Actor, assigned []client.Assignment, colleagues []client.Colleague) {
	taken := map[string]bool{}
	for _, as := range assigned {
		name := displayName(as.DisplayName, as.Username)
		taken[as.UserID] = true
		m.Assignments = append(m.Assignments, assignmentRow{UserID: as.UserID, Name: name, Since: m.Time(as.AssignedAt)})
	}
	m.CanAssign = a.Can(access.ClientAssign)
	if !m.CanAssign {
		return
	}
	b := builder{p: m.p, errs: m.Errors}
	f := b.input("select", "userId", "case.assign.user", "").required()
	f.Options = []option{{Value: "", Label: m.T("web.choose"), Selected: true}}
	for _, c := range colleagues {
		if !taken[c.UserID] {
			f.Options = append(f.Options, option{Value: c.UserID, Label: colleagueName(c)})
		}
	}
	m.Assignee = f
}

// colleagueName is "Display Name (username)", or the username alone.
func colleagueName(c client.Colleague) string {
	if d := strings.TrimSpace(c.DisplayName); d != "" && d != c.Username {
		return d + " (" + c.Username + ")"
	}
	return c.Username
}

// assignmentAdd makes a colleague a responsible caseworker (supervisors).
func (h *Handler) assignmentAdd(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	userID := strings.TrimSpace(r.PostFormValue("userId"))
	pg := h.newPage(r, "web.card.title")
	var errs formErrors
	if userID == "" {
		errs.add("userId", pg.T("validation.required"))
		h.showCard(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	err := h.Clients.Assign(r.Context(), actor(r), id, userID, true)
	if ae, ok := apperr.As(err); ok && ae.Kind == apperr.Invalid {
		for _, fe := range ae.Fields {
			errs.add("userId", translated(pg, fe.Key, pg.T("validation.choice")))
		}
		if !errs.Any() {
			errs.add("userId", pg.T("validation.choice"))
		}
		h.showCard(w, r, http.StatusUnprocessableEntity, errs)
		return
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"#h-assignments", http.StatusSeeOther)
}

// assignmentRemove removes a responsible caseworker (supervisors).
func (h *Handler) assignmentRemove(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := h.Clients.Assign(r.Context(), actor(r), id, r.PathValue("userId"), false); err != nil {
		h.fail(w, r, err)
		return
	}
	h.flash(w, flashSaved)
	http.Redirect(w, r, "/clients/"+id+"#h-assignments", http.StatusSeeOther)
}
