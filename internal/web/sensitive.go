package web

import (
	"net/http"
	"net/url"
	"strconv"

	"koto/internal/access"
	"koto/internal/apperr"
	"koto/internal/client"
	"koto/internal/gate"
	"koto/internal/httpx"
)

// sensitivePage is the model of a client's special-category data (health,
// work ability, functional capacity). Step "purpose" asks why the data is
// opened, "view" shows it, "edit" is the form.
type sensitivePage struct {
	page
	ID           string
	Step         string
	Errors       formErrors
	Notice       string // a form-wide message, e.g. a version conflict
	Saved        bool
	Purpose      field  // the purpose select of the first step
	PurposeValue string // the purpose the data was opened for
	PurposeLabel string
	Items        []item
	Updated      string
	CanEdit      bool
	Fields       []field
	Version      string
	ViewURL      string // the data for the same purpose
	EditURL      string
}

// sensitivePath is the page's address for purpose ("" for the first step).
func sensitivePath(id, purpose string, extra ...string) string {
	p := "/clients/" + id + "/sensitive"
	q := url.Values{}
	if purpose != "" {
		q.Set("purpose", purpose)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Set(extra[i], extra[i+1])
	}
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

func (h *Handler) sensitiveModel(r *http.Request, id string) sensitivePage {
	pg := h.newPage(r, "case.sensitive.title")
	return sensitivePage{page: pg, ID: id, Saved: r.URL.Query().Get("saved") == "1",
		CanEdit: actor(r).Can(access.ClientUpdateSensitive)}
}

// sensitiveShow shows the data (or the edit form) for the purpose in the
// query; the service logs the view with that purpose. Without a valid
// purpose the service answers, after deciding that the actor may open the
// client at all, that one is required: the page then asks for it. The
// purpose is no personal data, so it may travel in the query.
func (h *Handler) sensitiveShow(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	purpose := r.URL.Query().Get("purpose")
	data, err := h.Clients.GetSensitive(r.Context(), actor(r), id, purpose)
	if gate.IsPurposeRequired(err) {
		m := h.sensitiveModel(r, id)
		m.Step = "purpose"
		status := http.StatusOK
		if purpose != "" {
			m.Errors.add("purpose", m.T("validation.choice"))
			status = http.StatusUnprocessableEntity
		}
		m.Purpose = builder{p: m.p, errs: m.Errors}.choice("purpose", "case.sensitive.purpose", purpose, "case.purpose.", client.Purposes).
			required().withHint(m.T("case.sensitive.purpose_hint"))
		h.render(w, r, status, "sensitive", m)
		return
	}
	if err != nil {
		h.failOrReason(w, r, err, sensitivePath(id, purpose))
		return
	}
	m := h.sensitiveModel(r, id)
	m.PurposeValue, m.PurposeLabel = purpose, m.T("case.purpose."+purpose)
	m.ViewURL, m.EditURL = sensitivePath(id, purpose), sensitivePath(id, purpose, "edit", "1")
	m.Version = strconv.Itoa(data.Version)
	if m.CanEdit && r.URL.Query().Get("edit") == "1" {
		m.Step = "edit"
		m.Fields = sensitiveFields(m, data, formErrors{})
		h.render(w, r, http.StatusOK, "sensitive", m)
		return
	}
	m.Step = "view"
	if data.Version > 0 {
		m.Updated = m.Time(data.UpdatedAt)
		m.Items = []item{
			{m.T("case.sensitive.health"), data.Health},
			{m.T("case.sensitive.work_ability"), data.WorkAbility},
			{m.T("case.sensitive.functional_ability"), data.FunctionalAbility},
		}
	}
	h.render(w, r, http.StatusOK, "sensitive", m)
}

// sensitiveFields are the textareas of the edit form.
func sensitiveFields(m sensitivePage, d client.Sensitive, errs formErrors) []field {
	b := builder{p: m.p, errs: errs}
	fs := []field{
		b.text("health", "case.sensitive.health", d.Health).as("textarea").withHint(m.T("case.sensitive.health_hint")),
		b.text("workAbility", "case.sensitive.work_ability", d.WorkAbility).as("textarea"),
		b.text("functionalAbility", "case.sensitive.functional_ability", d.FunctionalAbility).as("textarea"),
	}
	for i := range fs {
		fs[i].Rows = 6
	}
	return fs
}

// sensitiveUpdate saves the edit form as a new version (optimistic
// locking by version) for the purpose the data was opened for.
func (h *Handler) sensitiveUpdate(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	purpose := r.PostFormValue("purpose")
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || version < 0 {
		version = -1 // a form without a version never overwrites blindly
	}
	in := client.Sensitive{Health: r.PostFormValue("health"), WorkAbility: r.PostFormValue("workAbility"),
		FunctionalAbility: r.PostFormValue("functionalAbility"), Version: version}
	_, err = h.Clients.SaveSensitive(r.Context(), actor(r), id, purpose, in)
	if err == nil {
		http.Redirect(w, r, sensitivePath(id, purpose, "saved", "1"), http.StatusSeeOther)
		return
	}
	if gate.IsPurposeRequired(err) { // a tampered form: start again from the purpose
		http.Redirect(w, r, sensitivePath(id, ""), http.StatusSeeOther)
		return
	}
	// The service validates after authorizing: an invalid form or a
	// conflict is about a client the actor may open.
	ae, ok := apperr.As(err)
	if !ok || (ae.Kind != apperr.Invalid && ae.Kind != apperr.Conflict) {
		h.failOrReason(w, r, err, sensitivePath(id, purpose))
		return
	}
	m := h.sensitiveModel(r, id)
	m.Here = sensitivePath(id, purpose, "edit", "1")
	m.Step, m.Version, m.Saved = "edit", r.PostFormValue("version"), false
	m.ViewURL = sensitivePath(id, purpose)
	m.PurposeValue, m.PurposeLabel = purpose, m.T("case.purpose."+purpose)
	m.Errors.addAll(m.p, ae.Fields, nil)
	if len(ae.Fields) == 0 {
		m.Notice = m.T(ae.Key)
	}
	m.Fields = sensitiveFields(m, in, m.Errors)
	h.render(w, r, httpx.Status(err), "sensitive", m)
}
